// The sandbox serves the app's smart-config.json naming its own FHIR base: the local entry accepts exactly the
// port this sandbox listens on, never another loopback server.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchConfig, validateConfig } from '../../src/app/config';
import { CONFIGURED_SANDBOX_ORIGIN, configForSandbox } from '../../sandbox/http/app-config';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';

const shipped = await readFile(new URL('../../public/smart-config.json', import.meta.url), 'utf8');
let sandbox: RunningSandbox;
let appDir: string;

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'kyphoplasty-config-'));
  await writeFile(join(appDir, 'smart-config.json'), shipped);
  sandbox = await startSandbox({ port: 0, appDir, appPort: 0, includeSynthea: false, log: () => {} });
});
afterAll(async () => {
  await sandbox?.close();
  await rm(appDir, { recursive: true, force: true });
});

describe('smart-config.json as the sandbox serves it', () => {
  it('accepts this sandbox\'s FHIR base and no other local port', async () => {
    const res = await fetch(`${sandbox.appUrl}smart-config.json`);
    expect(res.status).toBe(200);
    const configs = validateConfig(await res.json());
    expect(matchConfig(configs, sandbox.fhirBaseUrl)?.clientId).toBe('kyphoplasty-local');
    const port = Number(new URL(sandbox.fhirBaseUrl).port);
    for (const other of [port + 1, port - 1, 4013].filter((p) => p !== port)) {
      expect(matchConfig(configs, `http://localhost:${other}/fhir`), String(other)).toBeUndefined();
    }
    expect(matchConfig(configs, sandbox.fhirBaseUrl.replace('localhost', '127.0.0.1'))).toBeUndefined();
  });

  it('leaves the other entries, and a file that is not a configuration, as they are', () => {
    const moved = JSON.parse(configForSandbox(shipped, 'http://localhost:5999')) as Array<{ name: string; iss?: string[] }>;
    const original = JSON.parse(shipped) as Array<{ name: string; iss?: string[] }>;
    expect(moved.find((e) => e.name.startsWith('Local'))?.iss).toEqual(['http://localhost:5999/fhir']);
    expect(moved.filter((e) => !e.name.startsWith('Local'))).toEqual(original.filter((e) => !e.name.startsWith('Local')));
    expect(configForSandbox(shipped, CONFIGURED_SANDBOX_ORIGIN)).toBe(shipped);
    expect(configForSandbox('{"clientId":1', 'http://localhost:5999')).toBe('{"clientId":1');
    const lookalike = JSON.parse(configForSandbox('[{"iss":["http://localhost:40130/fhir"]}]', 'http://localhost:5999')) as unknown;
    expect(lookalike).toEqual([{ iss: ['http://localhost:40130/fhir'] }]);
  });
});
