// EHR profiles (issue 18 item 4): each profile's documented behaviour, through a real launch that chose it in the
// launcher, and its own CapabilityStatement. One small patient of our own: an active and a resolved Condition, and
// Observations of several statuses over several days.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, CapabilityStatement, OperationOutcome } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { EHR_PROFILES, INLINE_OUTCOME_TEXT } from '../../sandbox/fhir/ehr-profiles';
import { fhirGet, launchToken } from './sandbox-client';

const PATIENT = 'prof-1';
const ref = { reference: `Patient/${PATIENT}` };
const condition = (id: string, status: string) => ({
  resourceType: 'Condition', id, subject: ref, recordedDate: '2026-10-01',
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: status }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: id === 'c-resolved' ? 'M46.26' : 'M81.0' }] },
});
const pain = (id: string, day: string, status: string) => ({
  resourceType: 'Observation', id, subject: ref, status, effectiveDateTime: `2026-11-${day}T09:00:00Z`,
  code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, valueQuantity: { value: Number(day) % 10 },
});
const RECORD = {
  resourceType: 'Bundle', type: 'collection',
  entry: [
    { resource: { resourceType: 'Patient', id: PATIENT, gender: 'female', birthDate: '1950-01-01', name: [{ family: 'Profile', given: ['Pat'] }] } },
    { resource: condition('c-active', 'active') },
    { resource: condition('c-resolved', 'resolved') },
    // Oldest first as stored; statuses that a status=final search keeps and drops.
    ...[['o1', '01', 'final'], ['o2', '05', 'cancelled'], ['o3', '10', 'entered-in-error'], ['o4', '15', 'final'], ['o5', '20', 'cancelled']].map(([id, day, status]) => ({ resource: pain(id!, day!, status!) })),
  ],
};

const ids = (bundle: Bundle) => (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource!.id);

describe('EHR profiles (issue 18 item 4)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ehr-profiles-'));
    writeFileSync(join(dir, 'record.json'), JSON.stringify(RECORD));
    sandbox = await startSandbox({ port: 0, includeSynthea: true, syntheaDir: dir, today: new Date('2026-11-24T12:00:00Z'), log: () => {} });
    for (const profile of EHR_PROFILES) tokens[profile] = (await launchToken(sandbox, PATIENT, { profile })).access_token;
    tokens.plain = (await launchToken(sandbox, PATIENT)).access_token;
  }, 60_000);
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const search = async (profile: string, query: string) => {
    const res = await fhirGet(sandbox, query, tokens[profile]);
    return { status: res.status, body: (await res.json()) as Bundle };
  };
  const metadata = async (profile: string) => (await (await fhirGet(sandbox, 'metadata', tokens[profile])).json()) as CapabilityStatement;
  const observationParams = (statement: CapabilityStatement) => statement.rest![0]!.resource!.find((r) => r.type === 'Observation')!.searchParam!.map((p) => p.name);

  it('the launcher offers each profile beside the error simulations', async () => {
    const page = await (await fetch(sandbox.ehrUrl)).text();
    expect(page).toContain('data-testid="ehr-profile"');
    for (const profile of EHR_PROFILES) expect(page).toContain(`<option value="${profile}">`);
  });

  it('epic-like: an Observation search without code or category is a 400 OperationOutcome', async () => {
    const bare = await search('epic-like', `Observation?patient=${PATIENT}`);
    expect(bare.status).toBe(400);
    expect((bare.body as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect((await search('epic-like', `Observation?patient=${PATIENT}&code=72514-3`)).status).toBe(200);
    expect((await search('plain', `Observation?patient=${PATIENT}`)).status).toBe(200);
  });

  it('epic-like: only active Conditions unless clinical-status is sent', async () => {
    expect(ids((await search('epic-like', `Condition?patient=${PATIENT}`)).body)).toEqual(['c-active']);
    const every = await search('epic-like', `Condition?patient=${PATIENT}&clinical-status=active,recurrence,relapse,inactive,remission,resolved`);
    expect(ids(every.body).sort()).toEqual(['c-active', 'c-resolved']);
    expect(ids((await search('hapi-like', `Condition?patient=${PATIENT}`)).body).sort()).toEqual(['c-active', 'c-resolved']);
  });

  it('epic-like: status is applied after paging, so a page may be short (or empty) and still have a next page', async () => {
    const pages: string[][] = [];
    let url: string | undefined = `Observation?patient=${PATIENT}&code=72514-3&status=final&_count=2`;
    for (let i = 0; url && i < 5; i++) {
      const { body } = await search('epic-like', url);
      pages.push(ids(body) as string[]);
      const next = body.link?.find((l) => l.relation === 'next')?.url;
      url = next ? next.slice(sandbox.fhirBaseUrl.length + 1) : undefined;
    }
    // _count honoured per page (2 stored results each), status filtered within it.
    expect(pages).toEqual([['o1'], ['o4'], []]);
    expect(ids((await search('hapi-like', `Observation?patient=${PATIENT}&code=72514-3&status=final&_count=2`)).body)).toEqual(['o1', 'o4']);
  });

  it('combo-code: refused (400) by epic-like, oracle-like and athena-like, and listed only in hapi-like\'s CapabilityStatement', async () => {
    for (const profile of ['epic-like', 'oracle-like', 'athena-like']) {
      expect((await search(profile, `Observation?patient=${PATIENT}&combo-code=72514-3`)).status, profile).toBe(400);
      expect(observationParams(await metadata(profile)), profile).not.toContain('combo-code');
    }
    const hapi = observationParams(await metadata('hapi-like'));
    expect(hapi).toContain('combo-code');
    expect(hapi).toContain('component-code');
    expect((await search('hapi-like', `Observation?patient=${PATIENT}&combo-code=72514-3`)).status).toBe(200);
  });

  it('_sort: honoured by hapi-like (listed), refused by oracle-like (400), silently ignored by athena-like (oldest first)', async () => {
    const newest = `Observation?patient=${PATIENT}&code=72514-3&_sort=-date&_count=1`;
    expect(ids((await search('hapi-like', newest)).body)).toEqual(['o5']);
    const oracle = await search('oracle-like', newest);
    expect(oracle.status).toBe(400);
    expect((oracle.body as { resourceType: string }).resourceType).toBe('OperationOutcome');
    expect(ids((await search('athena-like', newest)).body)).toEqual(['o1']);
    const sortListed = async (profile: string) => (await metadata(profile)).rest![0]!.searchParam?.some((p) => p.name === '_sort');
    expect(await sortListed('hapi-like')).toBe(true);
    expect(await sortListed('oracle-like')).toBe(false);
    expect(await sortListed('athena-like')).toBe(false);
  });

  it(':missing: supported by hapi-like only', async () => {
    expect((await search('hapi-like', `Observation?patient=${PATIENT}&code=72514-3&date:missing=true`)).status).toBe(200);
    expect((await search('athena-like', `Observation?patient=${PATIENT}&code=72514-3&date:missing=true`)).status).toBe(400);
  });

  it('oracle-like: an inline information OperationOutcome in every searchset, _count at most 200, 10-minute tokens', async () => {
    const { body } = await search('oracle-like', `Observation?patient=${PATIENT}&code=72514-3&_count=500`);
    const outcomes = (body.entry ?? []).filter((e) => e.search?.mode === 'outcome');
    expect(outcomes.map((e) => (e.resource as OperationOutcome).issue[0]?.severity)).toEqual(['information']);
    expect((outcomes[0]!.resource as OperationOutcome).issue[0]?.diagnostics).toBe(INLINE_OUTCOME_TEXT);
    expect(body.link?.find((l) => l.relation === 'self')?.url).toContain('_count=200');
    expect((await launchToken(sandbox, PATIENT, { profile: 'oracle-like' })).expires_in).toBe(600);
    expect((await launchToken(sandbox, PATIENT, { profile: 'hapi-like' })).expires_in).toBe(3600);
  });

  const batch = async (profile: string, urls: string[]) => {
    const res = await fetch(`${sandbox.fhirBaseUrl}`, {
      method: 'POST',
      headers: { Accept: 'application/fhir+json', 'Content-Type': 'application/fhir+json', Authorization: `Bearer ${tokens[profile]}` },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: urls.map((url) => ({ request: { method: 'GET', url } })) }),
    });
    return { status: res.status, body: (await res.json()) as Bundle };
  };

  it('batch (issue 22 item 3): hapi-like answers each GET entry as the GET itself, with its own status; listed in its /metadata only', async () => {
    const queries = [`Condition?patient=${PATIENT}`, `Observation?patient=${PATIENT}&code=72514-3&_sort=-date&_count=1`, `Observation?patient=${PATIENT}&code:missing=true`, `Patient/${PATIENT}`];
    const { status, body } = await batch('hapi-like', queries);
    expect(status).toBe(200);
    expect(body.type).toBe('batch-response');
    expect(body.entry!.map((e) => e.response?.status)).toEqual(['200', '200', '200', '200']);
    for (const [i, query] of queries.entries()) {
      const alone = await search('hapi-like', query);
      const inBatch = body.entry![i]!.resource as Bundle;
      if (alone.body.resourceType === 'Bundle') expect(ids(inBatch), query).toEqual(ids(alone.body));
      else expect(inBatch).toMatchObject({ resourceType: 'Patient', id: PATIENT });
    }
    // One entry refused is that entry's answer, not the batch's (epic-like-style refusals are per search).
    const mixed = await batch('plain', [`Condition?patient=${PATIENT}`, 'Condition?patient=someone-else']);
    expect(mixed.body.entry!.map((e) => e.response?.status)).toEqual(['200', '403']);
    // A token that is not valid (or has expired) refuses the batch itself, as HAPI does: the app renews and sends it again.
    const refused = await fetch(`${sandbox.fhirBaseUrl}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json', Authorization: 'Bearer not-a-token' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: `Condition?patient=${PATIENT}` } }] }),
    });
    expect(refused.status).toBe(401);
    expect(((await metadata('hapi-like')).rest![0]!.interaction ?? []).map((i) => i.code)).toContain('batch');
    for (const profile of ['epic-like', 'oracle-like', 'athena-like']) {
      expect((await batch(profile, [`Condition?patient=${PATIENT}`])).status, profile).toBe(405);
      expect(((await metadata(profile)).rest![0]!.interaction ?? []).map((i) => i.code), profile).not.toContain('batch');
    }
  });

  it('/metadata without a token is the sandbox\'s own statement; startSandbox({ ehrProfile }) makes a profile the default', async () => {
    const open = (await (await fhirGet(sandbox, 'metadata')).json()) as CapabilityStatement;
    expect(open.software?.name).not.toContain('profile');
    const epic = await startSandbox({ port: 0, includeSynthea: true, syntheaDir: dir, today: new Date('2026-11-24T12:00:00Z'), log: () => {}, ehrProfile: 'epic-like' });
    try {
      const statement = (await (await fhirGet(epic, 'metadata')).json()) as CapabilityStatement;
      expect(statement.software?.name).toContain('epic-like');
      const token = (await launchToken(epic, PATIENT)).access_token;
      expect((await fhirGet(epic, `Observation?patient=${PATIENT}`, token)).status).toBe(400);
    } finally {
      await epic.close();
    }
  });
});

describe('npm start -- --ehr-profile NAME', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const main = ['node_modules/tsx/dist/cli.mjs', 'sandbox/main.ts', '--no-synthea', '--port', '0', '--app-port', '0'];

  it('refuses a profile it does not know, naming the ones it does', async () => {
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [...main, '--ehr-profile', 'epic'], { cwd: root, timeout: 30_000 }, (error, _stdout, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr: err }));
    });
    expect(code).toBe(2);
    expect(stderr).toContain(`--ehr-profile must be one of ${EHR_PROFILES.join(', ')}`);
  }, 40_000);

  it('starts with the profile as the sandbox\'s: its CapabilityStatement says so', async () => {
    const child = spawn(process.execPath, [...main, '--ehr-profile', 'hapi-like'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const base = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start in time: ${out}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /FHIR base:\s+(\S+)/.exec(out);
          if (match && out.includes('EHR profile: hapi-like')) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
      });
      const statement = (await (await fetch(`${base}/metadata`)).json()) as CapabilityStatement;
      expect(statement.software?.name).toContain('hapi-like');
    } finally {
      child.kill('SIGTERM');
    }
  }, 40_000);
});
