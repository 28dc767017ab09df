#!/usr/bin/env node
// npm start: build the app with Vite, then run the local SMART sandbox serving it.
//   node scripts/start.mjs [--skip-build] [--port 4013] [--app-port 4010] [--cds-port 4015] [--latency 0]
//                          [--ehr-profile epic-like|oracle-like|athena-like|hapi-like]
//   (or PORT / APP_PORT in the environment; a flag wins)
// Children are started with this Node (process.execPath), not npx, so they stop by PID.
// Ctrl-C (or SIGTERM) is forwarded to the running child and start.mjs waits for it to exit.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    'skip-build': { type: 'boolean' },
    port: { type: 'string', default: process.env.PORT || '4013' },
    'app-port': { type: 'string', default: process.env.APP_PORT || '4010' },
    'cds-port': { type: 'string', default: '4015' },
    latency: { type: 'string', default: '0' },
    'ehr-profile': { type: 'string' },
  },
});

let child;
let stopping = false;

function run(script, args) {
  return new Promise((resolve) => {
    child = spawn(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => {
      child = undefined;
      resolve(code ?? (signal ? 128 : 1));
    });
    child.on('error', (error) => {
      console.error(`error: could not start ${script}: ${error.message}`);
      child = undefined;
      resolve(1);
    });
  });
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  if (child) child.kill('SIGTERM');
  else process.exit(130);
  // A child that ignores SIGTERM is not allowed to keep the terminal.
  setTimeout(() => child?.kill('SIGKILL'), 5000).unref();
  console.log(`\n${signal}: stopping`);
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

if (!values['skip-build']) {
  console.log('Building the app (vite build) ...');
  const code = await run('node_modules/vite/bin/vite.js', ['build']);
  if (stopping) process.exit(130);
  if (code !== 0) {
    console.error(`error: the app build failed (exit ${code}); fix it, or run with --skip-build to serve the last dist/.`);
    process.exit(code);
  }
}
if (!existsSync(join(root, 'dist', 'launch.html'))) {
  console.warn('warning: dist/launch.html is missing: launches will fail until the app is built.');
}

console.log(`Starting the sandbox: launcher http://localhost:${values.port}/ , app http://localhost:${values['app-port']}/`);
const code = await run('node_modules/tsx/dist/cli.mjs', [
  'sandbox/main.ts',
  '--port', values.port,
  '--app-port', values['app-port'],
  '--cds-port', values['cds-port'],
  '--app-dir', 'dist',
  '--latency', values.latency,
  ...(values['ehr-profile'] ? ['--ehr-profile', values['ehr-profile']] : []),
]);
process.exit(stopping ? 0 : code);
