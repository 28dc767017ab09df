// `npm run assess -- --server` against a hostile open server: another patient's resources never change the
// assessment and are reported; a swapped Patient, a redirect to another origin, an oversized or non-JSON answer
// each end in one named `error:` line or a named gap.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverResources, startHostileServer, type HostileServer } from './hostile-server';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const fixtures = fileURLToPath(new URL('../../../shared/fixtures/synthea/', import.meta.url));
const bundle = (name: string) => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as unknown;

/** The CLI as a child process; the test's own server keeps answering while it runs. */
function run(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, 'src/cli/assess.ts', ...args], { cwd: root, timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const launch = serverResources(bundle('negative-f78-ammie-huels.json'));
const others = [
  ...serverResources(bundle('deceased-osteoporosis-coloncancer-f100-keira-huel.json')),
  ...serverResources(bundle('osteoporosis-osteofracture-f80-twyla-moen.json')).filter((r) => r.resourceType !== 'Patient'),
];
const launchId = String(launch.find((r) => r.resourceType === 'Patient')!.id);
const otherId = String(others.find((r) => r.resourceType === 'Patient')!.id);

let server: HostileServer;
beforeAll(async () => { server = await startHostileServer(launch, others); });
afterAll(async () => { await server.close(); });

const assessFrom = (mode: Parameters<HostileServer['baseUrl']>[0], ...extra: string[]) =>
  run('--server', server.baseUrl(mode), '--patient', launchId, '--as-of', '2026-11-24', ...extra);

describe('npm run assess -- --server, against a hostile server', { timeout: 60_000 }, () => {
  it('assesses the launch patient alone when every search also returns other patients\' resources, and says so', async () => {
    const [honest, mixed] = await Promise.all([assessFrom('honest'), assessFrom('mixed')]);
    expect(honest.code).toBe(0);
    expect(mixed.code).toBe(0);
    expect(mixed.stderr).toBe('');
    const clean = JSON.parse(honest.stdout);
    const hostile = JSON.parse(mixed.stdout);
    expect(clean.dataGaps).toEqual([]);
    // The other patients' osteoporosis and fractures would have changed the criteria: nothing of theirs is used.
    const { dataGaps, ...assessment } = hostile;
    const { dataGaps: _none, ...expected } = clean;
    expect(assessment).toEqual(expected);
    expect(hostile.criteria.find((c: { id: string }) => c.id === 'osteoporosis').status).not.toBe('met');
    expect(dataGaps).toContain(`Condition: ${others.filter((r) => r.resourceType === 'Condition').length} results for another patient were ignored`);
    expect(dataGaps.every((gap: string) => / results? for another patient (was|were) ignored$/.test(gap))).toBe(true);
  });

  it('says so in text format too, under "Could not be read"', async () => {
    const { code, stdout } = await assessFrom('mixed', '--format', 'text');
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nCould not be read:\n {2}- Condition: \d+ results for another patient were ignored\n/);
  });

  it.each([
    ['a Patient read answered with another patient', 'swapped-patient', `error: Patient: the server answered the read of the launch patient "${launchId}" with Patient "${otherId}"; nothing from this server is assessed`],
    ['a Patient read redirected to another origin', 'redirect-patient', /^error: Patient: the server redirected to another server \(http:\/\/127\.0\.0\.1:\d+\), not followed \(302\)$/],
    ['a Patient answer announced as 300 MB', 'huge-patient', 'error: Patient: the server sent more than 200 MB in one answer'],
    ['a sign-in page instead of the Patient', 'html-patient', 'error: Patient: the server sent a body that is not JSON (text/html; charset=utf-8, starting "<!doctype html> <html><head><title>Sign …")'],
  ] as Array<[string, Parameters<HostileServer['baseUrl']>[0], string | RegExp]>)('ends with one error line and exit 1 for %s', async (_name, mode, message) => {
    const { code, stdout, stderr } = await assessFrom(mode);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    const expected = message;
    if (typeof expected === 'string') expect(stderr.trim()).toBe(expected);
    else expect(stderr.trim()).toMatch(expected);
  });

  it('does not follow a search redirected to another origin: a named gap, the rest assessed', async () => {
    const before = server.elsewhere.length;
    const { code, stdout } = await assessFrom('redirect-search');
    expect(code).toBe(0);
    expect(server.elsewhere.length).toBe(before);
    expect(JSON.parse(stdout).dataGaps).toEqual([expect.stringMatching(/^Condition: the server redirected to another server \(http:\/\/127\.0\.0\.1:\d+\), not followed \(302\)$/)]);
  });
});
