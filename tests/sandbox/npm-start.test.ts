// The newcomer's command: `npm start` builds the app, starts the sandbox, prints the launcher, and Ctrl-C stops it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npm start (scripts/start.mjs)', () => {
  it('builds the app, serves the launcher and the app, and stops on Ctrl-C', async () => {
    const [port, appPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', String(port), '--app-port', String(appPort)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keyFiles: string[] = [];
    child.stdout.on('data', (chunk) => { output += String(chunk); });
    child.stderr.on('data', (chunk) => { output += String(chunk); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Worklist:') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(output).toContain(`Launcher:   http://localhost:${port}/`);
      const launcher = await fetch(`http://localhost:${port}/`);
      expect(await launcher.text()).toContain('data-action="ehr-launch"');
      const app = await fetch(`http://localhost:${appPort}/launch.html`);
      expect(app.status).toBe(200);
      expect(await app.text()).toContain('Content-Security-Policy');
      // The population worklist (issue 21): the bulk endpoint and a command with a key file that exists.
      expect(output).toContain(`Bulk export: http://localhost:${port}/fhir/Group/sample-population/$export`);
      const keyFile = /--key (\S+)/.exec(output)?.[1];
      expect(output).toContain(`Worklist:   npm run -s worklist -- --fhir http://localhost:${port}/fhir --group sample-population`);
      expect(keyFile && existsSync(keyFile)).toBe(true);
      keyFiles.push(keyFile!);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    // The private key does not outlive the sandbox.
    for (const file of keyFiles) expect(existsSync(file)).toBe(false);
  }, 120_000);
});
