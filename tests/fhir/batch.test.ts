// The searches' first pages in one FHIR batch (issue 22 item 3, opt-in; src/fhir/batch.ts): the record is the one the
// GETs give, and a batch the server refuses or answers unusably costs a second round, never a gap or a lost result.
// (That a real server's batch gives the bundle's assessment is tests/fhir/plan-equivalence.test.ts, on the sandbox.)
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { loadRecord } from '../../src/fhir/loader';
import { FhirRequestError, type FhirSource } from '../../src/fhir/source';

const AS_OF = '2026-11-24';
const subject = { reference: 'Patient/p1' };
const RESOURCES: Record<string, object[]> = {
  Condition: [{ resourceType: 'Condition', id: 'c1', subject, recordedDate: '2026-11-01', clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'S32.010A' }] } }],
  Observation: [{ resourceType: 'Observation', id: 'o1', subject, status: 'final', effectiveDateTime: '2026-11-20T09:00:00Z', code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, valueQuantity: { value: 8 } }],
  MedicationRequest: [{ resourceType: 'MedicationRequest', id: 'm1', subject, status: 'active', intent: 'order', authoredOn: '2026-11-02', medicationCodeableConcept: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '855332' }], text: 'warfarin' } }],
};

type Post = (entries: Array<{ request: { url: string } }>, answerGet: (url: string) => Promise<unknown>) => Promise<unknown>;

/** A server answering each search with the patient's resources of its type; `post` shapes its answer to a batch. */
function server(post?: Post, fault?: (url: string) => FhirRequestError | undefined) {
  const gets: string[] = [];
  const posts: number[] = [];
  const answerGet = async (url: string): Promise<unknown> => {
    const failure = fault?.(url);
    if (failure) throw failure;
    if (url.startsWith('Patient/')) return { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1950-01-01' };
    const type = url.split('?')[0]!;
    return { resourceType: 'Bundle', type: 'searchset', entry: (RESOURCES[type] ?? []).map((resource) => ({ resource, search: { mode: 'match' } })) };
  };
  const source: FhirSource = {
    baseUrl: 'https://ehr.example/fhir',
    get: (url) => (gets.push(url), answerGet(url)),
    ...(post ? { post: async (_url: string, body: unknown) => (posts.push(((body as { entry: unknown[] }).entry).length), post((body as { entry: Array<{ request: { url: string } }> }).entry, answerGet)) } : {}),
  };
  return { source, gets, posts };
}

/** What a FHIR server answers to a batch: each entry as its GET, with its status. */
const honest: Post = async (entries, answerGet) => ({
  resourceType: 'Bundle', type: 'batch-response',
  entry: await Promise.all(entries.map(async ({ request }) => {
    try {
      return { resource: await answerGet(request.url), response: { status: '200 OK' } };
    } catch (error) {
      const status = (error as FhirRequestError).status ?? 500;
      return { response: { status: String(status), outcome: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: (error as FhirRequestError).outcome ?? (error as Error).message }] } } };
    }
  })),
});

const read = (source: FhirSource, batch: boolean) => loadRecord(source, { patientId: 'p1', asOf: AS_OF, observationPlan: 'full', ...(batch ? { batch } : {}) });
const verdictOf = (record: Awaited<ReturnType<typeof read>>) => JSON.parse(JSON.stringify(assess(record, {}, AS_OF)));

describe('first pages in one FHIR batch (issue 22 item 3)', () => {
  it('one POST carries every search; the record and its assessment are those of the GETs', async () => {
    const alone = server();
    const together = server(honest);
    const [expected, batched] = await Promise.all([read(alone.source, false), read(together.source, true)]);
    expect(together.posts).toEqual([alone.gets.length - 1]);
    expect(together.gets).toEqual(['Patient/p1']);
    expect(batched.dataGaps).toEqual([]);
    expect(batched.medications.length).toBeGreaterThan(0);
    expect(verdictOf(batched)).toEqual(verdictOf(expected));
  });

  it('a server that refuses the batch (405): every search is read with its GET, no gap, the same record', async () => {
    const refused = server(async () => { throw new FhirRequestError('http', 'method not allowed', 405); });
    const record = await read(refused.source, true);
    expect(refused.posts).toHaveLength(1);
    expect(record.dataGaps).toEqual([]);
    expect(verdictOf(record)).toEqual(verdictOf(await read(server().source, false)));
    expect(refused.gets.length).toBeGreaterThan(5);
  });

  it('an answer that cannot be matched to the searches (an entry missing, not a batch-response): read with GETs, no gap', async () => {
    for (const post of [
      (async (entries, answerGet) => ({ ...(await honest(entries, answerGet)) as object, entry: ((await honest(entries, answerGet)) as { entry: unknown[] }).entry.slice(1) })) as Post,
      (async () => ({ resourceType: 'OperationOutcome', issue: [] })) as Post,
    ]) {
      const odd = server(post);
      const record = await read(odd.source, true);
      expect(record.dataGaps).toEqual([]);
      expect(verdictOf(record)).toEqual(verdictOf(await read(server().source, false)));
    }
  });

  it('an entry answered 429 is read again with its GET; one refused (403) is the same named gap as its GET', async () => {
    let throttled = true;
    const fault = (url: string) => {
      if (url.startsWith('Observation') && throttled) return new FhirRequestError('http', 'too many requests', 429);
      if (url.startsWith('MedicationRequest')) return new FhirRequestError('http', 'access denied', 403, 'not allowed');
      return undefined;
    };
    const batched = server(async (entries, answerGet) => {
      const answer = await honest(entries, answerGet);
      throttled = false;
      return answer;
    }, fault);
    const record = await read(batched.source, true);
    expect(batched.gets.filter((u) => u.startsWith('Observation')).length).toBeGreaterThan(0);
    expect(record.observations.length).toBeGreaterThan(0);
    const alone = await read(server(undefined, (url) => (url.startsWith('MedicationRequest') ? new FhirRequestError('http', 'access denied', 403, 'not allowed') : undefined)).source, false);
    expect(record.dataGaps).toEqual(alone.dataGaps);
    expect(record.dataGaps.join()).toContain('access denied (403)');
  });
  it('entries shaped as hostile servers answer (results left out, another patient\'s resource, a next link to another origin) give the GETs\' record: the same named gaps, nothing of the other patient', async () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'suppressed', diagnostics: 'Some results were left out' }] };
    const hostile = (answerGet: (url: string) => Promise<unknown>) => async (url: string): Promise<unknown> => {
      const answer = (await answerGet(url)) as { resourceType: string; entry?: unknown[]; link?: unknown[] };
      if (url.startsWith('Condition?')) return { ...answer, entry: [...(answer.entry ?? []), { resource: outcome, search: { mode: 'outcome' } }] };
      if (url.startsWith('Observation?')) return { ...answer, entry: [...(answer.entry ?? []), { resource: { resourceType: 'Observation', id: 'other', status: 'final', subject: { reference: 'Patient/someone-else' }, code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, valueQuantity: { value: 0 }, effectiveDateTime: '2026-11-23' }, search: { mode: 'match' } }] };
      if (url.startsWith('MedicationRequest?')) return { ...answer, link: [{ relation: 'next', url: 'https://elsewhere.example/fhir/MedicationRequest?page=2' }] };
      return answer;
    };
    const hostileServer = (batch: boolean) => {
      const base = server();
      const answerGet = hostile(base.source.get.bind(base.source) as (url: string) => Promise<unknown>);
      const source: FhirSource = {
        baseUrl: base.source.baseUrl,
        get: answerGet,
        ...(batch ? { post: async (_url: string, body: unknown) => honest((body as { entry: Array<{ request: { url: string } }> }).entry, answerGet) } : {}),
      };
      return source;
    };
    const [alone, batched] = await Promise.all([read(hostileServer(false), false), read(hostileServer(true), true)]);
    expect(alone.dataGaps).toHaveLength(3);
    expect(batched.dataGaps).toEqual(alone.dataGaps);
    for (const said of ['Condition: the server left results out', 'Observation: 1 result for another patient was ignored', 'MedicationRequest: a next-page link was not followed']) {
      expect(batched.dataGaps.join('\n')).toContain(said);
    }
    expect(verdictOf(batched)).toEqual(verdictOf(alone));
    expect(JSON.stringify(batched)).not.toContain('someone-else');
  });
});
