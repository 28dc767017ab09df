// Command line: tsx sandbox/main.ts [--port 4013] [--app-port 4010] [--app-dir dist]
//                                   [--app-origin URL] [--latency 0] [--no-synthea] [--cds-port N]
//                                   [--ehr-profile epic-like|oracle-like|athena-like|hapi-like]
// PORT and APP_PORT in the environment stand for --port and --app-port; a flag wins.
// Prints the launcher URL; stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { startCdsAlongside } from '../cds/alongside';
import { startSandbox, type SandboxOptions } from './server';
import { EHR_PROFILES, parseEhrProfile } from './fhir/ehr-profiles';
import { removeKeyFile, worklistLines, writeKeyFile } from './bulk/worklist-command';

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`error: --${name} must be a non-negative integer, got "${value}"`);
    process.exit(2);
  }
  return n;
}

/** A port in use becomes a message naming the flag (and variable) that picks another. */
function portClash(error: unknown, options: SandboxOptions): Error | undefined {
  const { code, port } = error as { code?: string; port?: number };
  if (code !== 'EADDRINUSE') return undefined;
  const which = port === options.appPort
    ? { what: 'the app server', flag: '--app-port', env: 'APP_PORT' }
    : { what: 'the sandbox EHR (launcher and FHIR server)', flag: '--port', env: 'PORT' };
  return new Error(`port ${port ?? '?'} is already in use (${which.what}). Stop what uses it, or pick another port: npm start -- ${which.flag} N (or ${which.env}=N npm start).`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'app-port': { type: 'string' },
      'app-dir': { type: 'string' },
      'app-origin': { type: 'string' },
      latency: { type: 'string' },
      'no-synthea': { type: 'boolean' },
      'cds-port': { type: 'string' },
      'ehr-profile': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`usage: tsx sandbox/main.ts [--port 4013] [--app-port 4010] [--app-dir dist] [--app-origin URL] [--latency MS] [--no-synthea] [--cds-port N] [--ehr-profile ${EHR_PROFILES.join('|')}]`);
    return;
  }
  const profile = values['ehr-profile'];
  if (profile !== undefined && !parseEhrProfile(profile)) {
    console.error(`error: --ehr-profile must be one of ${EHR_PROFILES.join(', ')}, got "${profile}"`);
    process.exit(2);
  }
  const options: SandboxOptions = {
    port: integer('port', values.port ?? (process.env.PORT || undefined), 4013),
    appPort: integer('app-port', values['app-port'] ?? (process.env.APP_PORT || undefined), 4010),
    latencyMs: integer('latency', values.latency, 0),
    includeSynthea: !values['no-synthea'],
    ...(values['app-dir'] ? { appDir: values['app-dir'] } : {}),
    ...(values['app-origin'] ? { appOrigin: values['app-origin'] } : {}),
    ...(profile ? { ehrProfile: parseEhrProfile(profile)! } : {}),
  };
  const started = Date.now();
  const cds = values['cds-port'] === undefined ? undefined : await startCdsAlongside(integer('cds-port', values['cds-port'], 4015), console.warn);
  const sandbox = await startSandbox({ ...options, ...(cds ? { cdsDiscoveryUrl: cds.service.discoveryUrl } : {}) }).catch((error: unknown) => {
    throw portClash(error, options) ?? error;
  });
  cds?.trustSandbox(sandbox);
  console.log(`Sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`FHIR base:  ${sandbox.fhirBaseUrl}`);
  if (sandbox.appUrl) console.log(`App:        ${sandbox.appUrl}`);
  console.log(`Launcher:   ${sandbox.ehrUrl}`);
  if (cds) console.log(`CDS Hooks:  ${cds.service.discoveryUrl}`);
  if (options.ehrProfile) console.log(`EHR profile: ${options.ehrProfile}`);
  const keyFile = writeKeyFile(sandbox.bulk, new URL(sandbox.ehrUrl).port);
  for (const line of worklistLines(sandbox.bulk, sandbox.fhirBaseUrl, sandbox.ehrUrl, keyFile)) console.log(line);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    removeKeyFile(keyFile);
    Promise.all([sandbox.close(), cds?.service.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
