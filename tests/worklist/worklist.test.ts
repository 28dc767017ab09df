// issue 21: the population worklist on the local sandbox (Bulk Data export, Backend Services), end to end.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients/index';
import { DEFAULT_SYNTHEA_DIR, loadSyntheaFixtures } from '../../sandbox/synthea/load-fixtures';
import { assess } from '../../src/clinical/assess';
import type { Assessment } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import { CSV_COLUMNS } from '../../src/worklist/output';
import { SandboxWorklist, type WorklistRun } from './sandbox-worklist';

const env = new SandboxWorklist();
/** The app's assessment of every sample patient, from the patient's own Bundle (the --bundle path). */
const expected = new Map<string, Assessment>();
let plain: WorklistRun;

beforeAll(async () => {
  await env.start();
  const records: Array<{ id: string; resources: unknown[] }> = VIGNETTES.map((v) => {
    const resources = v.build(env.today);
    return { id: resources.find((r) => r.resourceType === 'Patient')!.id!, resources };
  });
  for (const loaded of await loadSyntheaFixtures(DEFAULT_SYNTHEA_DIR, env.today, () => {})) records.push({ id: loaded.patient.id!, resources: loaded.resources });
  for (const { id, resources } of records) {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
    expected.set(id, assess(recordFromBundle(bundle, id), {}, env.asOf));
  }
  plain = await env.simulate(undefined, ['--launch-url', `${env.sandbox.ehrUrl}launch?launch=ehr:{id}&sim=none`]);
}, 60_000);

afterAll(() => env.stop());

const status = (a: Assessment, id: string) => [...a.criteria, ...a.contraindications].find((c) => c.id === id)!.status;

describe('npm run worklist on the sandbox (issue 21)', () => {
  it('the printed command writes worklist.csv, worklist.ndjson and worklist.html and exits 0', () => {
    expect(plain.code, plain.stderr).toBe(0);
    for (const file of ['worklist.csv', 'worklist.ndjson', 'worklist.html']) expect(existsSync(join(plain.out, file))).toBe(true);
    const csv = readFileSync(join(plain.out, 'worklist.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv.length).toBe(plain.rows.length + 1);
    expect(plain.rows.length).toBeGreaterThan(0);
    // A progress line on stderr for each phase.
    for (const phase of ['token:', 'stage 1:', 'cohort:', 'stage 2:', 'evaluate:', 'wrote ']) expect(plain.stderr).toContain(phase);
  });

  it('every sample patient with a fracture the rules cannot call chronic (or on the malignant pathway) is in the cohort, and only patients with a vertebral fracture are', () => {
    const inCohort = new Set(plain.rows.map((r) => r.id));
    for (const [id, a] of expected) {
      // fracture-age is required on the osteoporotic pathway only (clinical-rules §2).
      const couldQualify = status(a, 'vcf') === 'met' && (status(a, 'fracture-age') !== 'not-met' || a.pathway === 'malignant');
      if (couldQualify) expect(inCohort.has(id), `${id} should be on the worklist`).toBe(true);
      if (inCohort.has(id)) expect(status(a, 'vcf'), `${id} is on the worklist without a vertebral fracture`).toBe('met');
    }
    // The chronic vignette's fracture is outside the 84-day window: not exported in stage 2.
    expect(inCohort.has('vcf-chronic')).toBe(false);
    expect(inCohort.size).toBeLessThan(expected.size);
  });

  it('each cohort patient has the verdict, reasons and missing workup the app gives for the same patient\'s bundle', () => {
    for (const row of plain.rows) {
      const a = expected.get(row.id)!;
      expect(row.verdict, row.id).toBe(a.verdict);
      expect([...row.reasons, ...row.cautions.map((c) => `Caution: ${c}`)], row.id).toEqual(a.reasons);
      expect(row.missingWorkup.length, row.id).toBe(a.workup.filter((w) => w.required && w.status !== 'done').length);
      expect(row.gaps, row.id).toEqual([]);
      expect(row.ruleVersion).toBe(a.specVersion);
    }
  });

  it('assessed in a worker thread (--workers 1), every row is the one this thread gives', async () => {
    const run = await env.run([...env.args(join(env.dir, 'worker')), '--workers', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('(1 worker thread)');
    expect(plain.stderr).toContain('(one thread)');
    expect(run.rows).toEqual(plain.rows);
  });

  it('worklist.html counts verdicts, links each patient to the app launch, and shows record text only as text', () => {
    const html = readFileSync(join(plain.out, 'worklist.html'), 'utf8');
    const candidates = plain.rows.filter((r) => r.verdict === 'needs-information').length;
    expect(html).toContain(`Needs more information: <strong>${candidates}</strong>`);
    expect(html).not.toMatch(/recommended/i);
    expect(html).toContain(`href="${env.sandbox.ehrUrl}launch?launch=ehr:vcf-osteoporotic&amp;sim=none"`);
    // vcf-hostile's name is markup: escaped, never live.
    expect(plain.rows.some((r) => r.id === 'vcf-hostile')).toBe(true);
    expect(html).not.toContain('<script>window.__pwned');
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('the population: --patients FILE and --since', () => {
  it('--patients: Patient/$export for the listed patients only; those with a recent fracture are assessed as in the group run', async () => {
    const file = join(env.dir, 'patients.txt');
    writeFileSync(file, '# three patients\nvcf-osteoporotic\nPatient/vcf-chronic\nvcf-warfarin\n');
    const args = env.args(join(env.dir, 'listed'));
    args.splice(args.indexOf('--group'), 2, '--patients', file);
    const run = await env.run(args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('kick-off Patient/$export (Patient, Condition) for 3 patients');
    expect(run.rows.map((r) => r.id).sort()).toEqual(['vcf-osteoporotic', 'vcf-warfarin']);
    for (const row of run.rows) expect(row).toEqual(plain.rows.find((r) => r.id === row.id));
  });

  it('--since: stage 1 asks only for what changed; nothing changed since tomorrow gives an empty worklist, exit 0', async () => {
    const tomorrow = new Date(env.today.getTime() + 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const run = await env.run([...env.args(join(env.dir, 'since')), '--since', tomorrow]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('cohort: 0 of the patients');
    expect(run.rows).toEqual([]);
    expect(readFileSync(join(run.out, 'worklist.csv'), 'utf8')).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('bulk export simulations end in a named gap or a clear error (issue 21)', () => {
  it('a _typeFilter the server cannot apply drops the type from the manifest: a gap on every patient, never "none"', async () => {
    const run = await env.run([...env.args(join(env.dir, 'type-filter')), '--type-filter', 'Observation?category=laboratory']);
    expect(run.code, run.stderr).toBe(0);
    for (const row of run.rows) expect(row.gaps.some((g) => g.startsWith('Observation: requested but not in the bulk export manifest'))).toBe(true);
    expect(run.rows.find((r) => r.id === 'vcf-pregnant')!.verdict).toBe('needs-information');
  });

  it('Condition dropped from the stage-1 manifest: no cohort can be found, exit 1 naming the gap', async () => {
    const run = await env.run([...env.args(join(env.dir, 'no-condition')), '--type-filter', 'Condition?category=problem-list-item']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: stage 1 cannot find the cohort: Condition: requested but not in the bulk export manifest/m);
    expect(run.rows).toEqual([]);
  });

  it('missing_type: Observation dropped from the manifest is a gap on every patient, never "none documented"', async () => {
    const run = await env.simulate('missing_type');
    expect(run.code, run.stderr).toBe(0);
    expect(run.rows.length).toBe(plain.rows.length);
    for (const row of run.rows) expect(row.gaps.some((g) => g.startsWith('Observation: requested but not in the bulk export manifest'))).toBe(true);
    // The pregnant vignette's positive hCG is an Observation: the export without it cannot rule pregnancy out.
    const pregnant = run.rows.find((r) => r.id === 'vcf-pregnant')!;
    expect(plain.rows.find((r) => r.id === 'vcf-pregnant')!.verdict).toBe('not-candidate');
    expect(pregnant.verdict).toBe('needs-information');
    expect(pregnant.notRuledOut).toContain(expected.get('vcf-pregnant')!.contraindications.find((c) => c.id === 'pregnancy')!.label);
  });

  it('error_file: the OperationOutcome of the error file is a gap on the patient it names, and on no one else', async () => {
    const run = await env.simulate('error_file');
    expect(run.code, run.stderr).toBe(0);
    const warfarin = run.rows.find((r) => r.id === 'vcf-warfarin')!;
    expect(warfarin.gaps.join('\n')).toMatch(/^MedicationRequest: the server left results out \(in the export's error file\): .*Patient\/vcf-warfarin/);
    for (const row of run.rows.filter((r) => r.id !== 'vcf-warfarin')) expect(row.gaps).toEqual([]);
  });

  it('status_429 and transient_500: polling waits as told and retries; the worklist is the same as without them', async () => {
    for (const simulation of ['status_429', 'transient_500']) {
      const run = await env.simulate(simulation);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(simulation === 'status_429' ? /status answered 429/ : /status answered 500/);
      expect(run.rows.map((r) => [r.id, r.verdict, r.gaps])).toEqual(plain.rows.map((r) => [r.id, r.verdict, r.gaps]));
    }
  });

  it('expired_file: an Observation file link that expired (410) is a named gap, not an empty list', async () => {
    const run = await env.simulate('expired_file');
    expect(run.code, run.stderr).toBe(0);
    for (const row of run.rows) expect(row.gaps).toContain('Observation: a bulk export file could not be downloaded (410 (the link expired): This file link has expired: start a new export): not read completely');
    expect(run.rows.find((r) => r.id === 'vcf-pregnant')!.verdict).toBe('needs-information');
  });

  it('inline_outcome: an OperationOutcome inside the Condition file warns that the cohort may be incomplete and marks Condition unread', async () => {
    const run = await env.simulate('inline_outcome');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/warning: stage 1: Condition: the server left results out \(inside the Condition export file\)/);
    for (const row of run.rows) expect(row.gaps.some((g) => g.startsWith('Condition: the server left results out'))).toBe(true);
    expect(readFileSync(join(run.out, 'worklist.html'), 'utf8')).toContain('The cohort may be incomplete');
  });

  it('no_patient_param: the whole group is exported and filtered here, the volume stated, the same worklist', async () => {
    const run = await env.simulate('no_patient_param');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/stage 2: filtered here: kept [\d,]+ of [\d,]+ resources/);
    expect(run.rows.map((r) => [r.id, r.verdict])).toEqual(plain.rows.map((r) => [r.id, r.verdict]));
  });

  it('a client the server does not know, or a wrong key, ends with exit 1 and one error line', async () => {
    const run = await env.run([...env.args(join(env.dir, 'bad-client')).map((a) => (a === env.sandbox.bulk.clientId ? 'someone-else' : a))]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: the token endpoint refused the client "someone-else" \(invalid_client: Unknown client/m);
    expect(existsSync(join(env.dir, 'bad-client', 'worklist.csv'))).toBe(false);
  });

  it('an unknown Group is a clear error with exit 1', async () => {
    const args = env.args(join(env.dir, 'no-group'));
    args[args.indexOf('--group') + 1] = 'no-such-group';
    const run = await env.run(args);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: the export kick-off \(Group\/no-such-group\/\$export\) was refused: 404 Unknown Group/m);
  });

  it('an interrupted run cancels its export on the server (DELETE) and exits 1', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const argv = env.args(join(env.dir, 'interrupted'), env.base('status_429'));
    let stderr = '';
    const { main } = await import('../../src/worklist/main');
    const code = await main(argv, {
      signal: controller.signal,
      stderr: (t) => void (stderr += t),
      progress: (line) => {
        seen.push(line);
        if (line.includes('status answered 429')) controller.abort();
      },
    });
    expect(code).toBe(1);
    expect(seen.join('\n')).toContain('stage 1: export cancelled on the server (DELETE)');
    expect(stderr).toContain('error: interrupted; the running export was cancelled on the server (DELETE)');
  });

  it('usage errors exit 2 with the usage; --help exits 0', async () => {
    expect((await env.run(['--fhir', 'not-a-url'])).code).toBe(2);
    const help = await env.run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('npm run -s worklist -- --fhir FHIR_BASE_URL');
  });
});

describe('the sandbox bulk endpoints follow the async pattern', () => {
  async function token(): Promise<string> {
    const { BackendToken, loadSigningKey } = await import('../../src/worklist/backend-auth');
    return new BackendToken(await loadSigningKey(env.keyFile), env.sandbox.bulk.clientId, `${env.sandbox.ehrUrl}auth/token`, 'system/*.rs').get();
  }
  const exportUrl = () => `${env.sandbox.fhirBaseUrl}/Group/sample-population/$export?_type=Patient`;

  it('kick-off needs the bearer token and Prefer: respond-async; an unknown type is refused', async () => {
    const bearer = { Authorization: `Bearer ${await token()}` };
    expect((await fetch(exportUrl(), { headers: { Prefer: 'respond-async' } })).status).toBe(401);
    expect((await fetch(exportUrl(), { headers: bearer })).status).toBe(400);
    const unknown = await fetch(`${env.sandbox.fhirBaseUrl}/Patient/$export?_type=Claim`, { headers: { ...bearer, Prefer: 'respond-async' } });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Types not exported here: Claim');
  });

  it('202 + Content-Location; 202 with Retry-After and X-Progress, then the manifest; files need the token; DELETE removes the job', async () => {
    const bearer = { Authorization: `Bearer ${await token()}` };
    const kick = await fetch(exportUrl(), { headers: { ...bearer, Prefer: 'respond-async' } });
    expect(kick.status).toBe(202);
    const status = kick.headers.get('content-location')!;
    const first = await fetch(status, { headers: bearer });
    expect(first.status).toBe(202);
    expect(first.headers.get('retry-after')).toBe('0');
    expect(first.headers.get('x-progress')).toMatch(/%/);
    const done = await fetch(status, { headers: bearer });
    expect(done.status).toBe(200);
    const manifest = (await done.json()) as { requiresAccessToken: boolean; output: Array<{ type: string; url: string; count: number }>; error: unknown[] };
    expect(manifest.requiresAccessToken).toBe(true);
    expect(manifest.output).toEqual([expect.objectContaining({ type: 'Patient', count: expected.size })]);
    expect((await fetch(manifest.output[0]!.url)).status).toBe(401);
    const lines = (await (await fetch(manifest.output[0]!.url, { headers: bearer })).text()).trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id).sort()).toEqual([...expected.keys()].sort());
    expect((await fetch(status, { method: 'DELETE', headers: bearer })).status).toBe(202);
    expect((await fetch(status, { headers: bearer })).status).toBe(404);
    expect((await fetch(manifest.output[0]!.url, { headers: bearer })).status).toBe(404);
  });
});
