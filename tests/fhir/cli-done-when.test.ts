// Issue 18, "Done when": one record with pain and vitals only inside panels under local codes, imaging filed as LAB,
// a SNOMED-coded and a text-only spinal infection, a system-less M46.2 code, and INR results across midnight in two
// offsets gives the bundle's assessment through `npm run assess -- --server`, with every plan. The CLI reads the
// sandbox through a loopback proxy that adds the SMART token (the CLI itself reads open servers only).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONDITIONS, conceptMatches } from '../../src/clinical/codes';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { loadSyntheaFixtures } from '../../sandbox/synthea/load-fixtures';
import { launchToken } from '../sandbox/sandbox-client';
import { doneWhenBundle } from './plan-equivalence-records';
import { AS_OF, TODAY } from './plan-reads';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const PATIENT = 'eq-v3-done-when';

function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsx, 'src/cli/assess.ts', ...args], { cwd: root, timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** An open FHIR base in front of the sandbox: adds the token, and points the sandbox's own links at itself. */
function tokenProxy(target: string, token: string): Promise<{ server: Server; base: string }> {
  return new Promise((resolve) => {
    let base = '';
    const server = createServer(async (req, res) => {
      const url = target + (req.url ?? '').replace(/^\/fhir/, '');
      const answer = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' } });
      const body = (await answer.text()).split(target).join(base);
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/fhir+json' });
      res.end(body);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/fhir`;
      resolve({ server, base });
    });
  });
}

/** What a physician reads: everything but the ids of the records cited. */
const comparable = (json: string): unknown => JSON.parse(json, (key, value) => (key === 'id' || key === 'reference' ? undefined : value));

let sandbox: RunningSandbox;
let proxy: { server: Server; base: string };
let dir: string;
let bundleFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'done-when-'));
  writeFileSync(join(dir, 'record.json'), JSON.stringify(doneWhenBundle()));
  sandbox = await startSandbox({ port: 0, includeSynthea: true, syntheaDir: dir, today: TODAY, log: () => {} });
  // The bundle exactly as the sandbox stored it (re-dated to end yesterday), for --bundle.
  const [stored] = await loadSyntheaFixtures(dir, TODAY, () => {});
  bundleFile = join(dir, 'stored.json');
  writeFileSync(bundleFile, JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: stored!.resources.map((resource) => ({ resource })) }));
  proxy = await tokenProxy(sandbox.fhirBaseUrl, (await launchToken(sandbox, PATIENT)).access_token!);
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.server.close(resolve));
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('issue 18 "Done when": the record through --server, every plan, gives the bundle\'s assessment', { timeout: 120_000 }, () => {
  it('latest, window and full, with the component searches the sandbox lists, and with the default (categories)', async () => {
    const runs = [
      ['--observation-plan', 'latest', '--component-search', 'combo-code'],
      ['--observation-plan', 'latest'],
      ['--observation-plan', 'window', '--component-search', 'category', '--condition-status-default', 'active'],
      ['--observation-plan', 'full', '--component-search', 'component-code'],
    ];
    const [bundle, ...servers] = await Promise.all([
      cli('--bundle', bundleFile, '--patient', PATIENT, '--as-of', AS_OF),
      ...runs.map((extra) => cli('--server', proxy.base, '--patient', PATIENT, '--as-of', AS_OF, ...extra)),
    ]);
    expect(bundle!.stderr).toBe('');
    expect(bundle!.code).toBe(0);
    const expected = comparable(bundle!.stdout);
    servers.forEach((server, i) => {
      expect(server.stderr, runs[i]!.join(' ')).toBe('');
      expect(comparable(server.stdout), runs[i]!.join(' ')).toEqual(expected);
    });
    // What the record holds, read from the bundle (and so from every plan above): the newest pain score (3, inside a
    // flowsheet panel) is not severe; the vitals panel makes the exam done; the LAB-filed MRI and X-ray are done;
    // the INR of the later instant (1.1) is the newest, so no bleeding caution from the 2.4 of the later calendar day.
    const whole = JSON.parse(bundle!.stdout) as { criteria: Array<{ id: string; status: string }>; contraindications: Array<{ id: string; status: string }>; workup: Array<{ id: string; status: string }> };
    expect(whole.criteria.find((c) => c.id === 'severe-pain')?.status).toBe('not-met');
    expect(whole.workup.filter((w) => ['physical-exam', 'spine-xray', 'spine-mri'].includes(w.id)).map((w) => w.status)).toEqual(['done', 'done', 'done']);
    expect(whole.contraindications.find((c) => c.id === 'coagulopathy')?.status).toBe('absent');
  });

  // Depends on the v3 matcher (clinical-rules §0 Matching what stops or cautions: SNOMED, text-only and system-less
  // ICD-10 infections), another change of issue 18: until it is merged this case is skipped, and it runs after.
  const v3Matcher = conceptMatches({ codings: [{ code: 'M46.26' }] }, CONDITIONS.spinalInfection);
  it.skipIf(!v3Matcher)('the SNOMED-coded, text-only and system-less spinal infections make it not-candidate, from the bundle and the server (needs the v3 matcher)', async () => {
    const [bundle, server] = await Promise.all([
      cli('--bundle', bundleFile, '--patient', PATIENT, '--as-of', AS_OF),
      cli('--server', proxy.base, '--patient', PATIENT, '--as-of', AS_OF, '--component-search', 'combo-code'),
    ]);
    for (const run of [bundle, server]) {
      const assessment = JSON.parse(run.stdout) as { verdict: string; contraindications: Array<{ id: string; status: string }> };
      expect(assessment.contraindications.find((c) => c.id === 'spinal-infection')?.status).toBe('present');
      expect(assessment.verdict).toBe('not-candidate');
    }
  });
});
