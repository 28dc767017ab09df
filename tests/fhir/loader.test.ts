import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { assess } from '../../src/clinical/assess';
import { loadRecord, PatientUnreadableError } from '../../src/fhir/loader';
import { fetchSource } from '../../src/fhir/source';
import { BASE, fakeFhirServer, operationOutcome } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ref = { reference: 'Patient/p1' };
const painScores = Array.from({ length: 7 }, (_, i) => ({
  resourceType: 'Observation', id: `pain${i}`, status: 'final', subject: ref,
  code: { coding: [{ system: 'http://loinc.org', code: '72514-3', display: 'Pain severity 0-10' }] },
  effectiveDateTime: `2026-11-${String(10 + i).padStart(2, '0')}`, valueQuantity: { value: i + 2, unit: '{score}' },
}));
const fracture = {
  resourceType: 'Condition', id: 'c1', subject: ref, clinicalStatus: { coding: [{ code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA', display: 'Osteoporotic vertebral fracture' }] },
  onsetDateTime: '2026-11-01',
};
const source = () => fetchSource(BASE);
const ASOF = '2026-11-24';

describe('loadRecord over a FHIR server', () => {
  it('reads the Patient and every search, following next links page by page', async () => {
    server.use(...fakeFhirServer({ resources: { Observation: painScores, Condition: [fracture] }, pageSize: 3 }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.patient).toMatchObject({ id: 'p1', name: 'Ada Test', sex: 'female' });
    expect(record.observations.map((o) => o.id)).toEqual(painScores.map((o) => o.id));
    expect(record.dataGaps).toEqual([]);
    const assessment = assess(record, {}, ASOF);
    expect(assessment.criteria.find((c) => c.id === 'vcf')!.status).toBe('met');
    expect(assessment.criteria.find((c) => c.id === 'severe-pain')!.status).toBe('met');
  });

  it('starts the Patient read and every search in one round, before any answer arrives', async () => {
    const log: string[] = [];
    const seenBeforeFirstAnswer: number[] = [];
    server.use(
      http.get(`${BASE}/*`, async ({ request }) => {
        log.push(request.url);
        await delay(50);
        seenBeforeFirstAnswer.push(log.length);
        return undefined as unknown as Response;
      }),
      ...fakeFhirServer({}),
    );
    await loadRecord(source(), { patientId: 'p1' });
    const types = log.map((u) => new URL(u).pathname.split('/')[2]);
    expect(new Set(types)).toEqual(new Set(['Patient', 'Condition', 'Observation', 'DiagnosticReport', 'ImagingStudy', 'Procedure', 'MedicationRequest', 'MedicationStatement', 'ServiceRequest', 'AllergyIntolerance', 'Encounter', 'CarePlan', 'DeviceRequest']));
    expect(Math.min(...seenBeforeFirstAnswer)).toBe(log.length);
  });

  it('filters Observation by the spec codes on the server and asks for in-progress encounters only', async () => {
    const log: string[] = [];
    server.use(...fakeFhirServer({ log }));
    await loadRecord(source(), { patientId: 'p1' });
    // Plan v2: one search per list, each filtered by its codes (bare LOINC codes) on the server, never Observation whole;
    // v3: the panel categories (vital-signs, survey) within 84 days, the default where combo-code is not known.
    const observations = log.filter((u) => u.includes('/Observation?')).map((u) => new URL(u));
    expect(observations.length).toBeGreaterThan(10);
    expect(observations.every((o) => (o.searchParams.get('code') || (o.searchParams.get('category') && o.searchParams.get('date'))) && o.searchParams.get('patient') === 'p1')).toBe(true);
    const codes = observations.flatMap((o) => o.searchParams.get('code')?.split(',') ?? []);
    expect(codes).toContain('72514-3');
    expect(codes).toContain('6301-6');
    expect(new URL(log.find((u) => u.includes('/Encounter?'))!).searchParams.get('status')).toBe('in-progress');
  });

  it('turns a 403 on Observation and a 500 on Condition into data gaps and assesses the rest', async () => {
    server.use(...fakeFhirServer({
      resources: { MedicationRequest: [{ resourceType: 'MedicationRequest', id: 'm1', status: 'active', subject: ref, authoredOn: '2026-11-01', medicationCodeableConcept: { text: 'Warfarin 5 mg tablet' } }] },
      faults: {
        Observation: () => HttpResponse.json(operationOutcome('Scope patient/Observation.rs not granted'), { status: 403 }),
        Condition: () => HttpResponse.json(operationOutcome('Database unavailable'), { status: 500 }),
      },
    }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.dataGaps).toEqual([
      'Condition: server error (500): Database unavailable',
      'Observation: access denied (403): Scope patient/Observation.rs not granted',
    ]);
    const assessment = assess(record, {}, ASOF);
    expect(assessment.dataGaps).toHaveLength(2);
    expect(assessment.contraindications.find((c) => c.id === 'anticoagulant-use')!.status).toBe('present');
  });

  it.each([
    [401, 'not authorized (session expired?) (401)'],
    [403, 'access denied (403)'],
    [404, 'not found (404)'],
    [410, 'gone (410)'],
    [500, 'server error (500)'],
    [503, 'service unavailable (503)'],
  ])('keeps a %i on one search as a readable gap and reads everything else', async (status, words) => {
    server.use(...fakeFhirServer({
      resources: { Condition: [fracture], Observation: painScores },
      faults: { DiagnosticReport: () => HttpResponse.json(operationOutcome('Upstream said no'), { status }) },
    }));
    const record = await loadRecord(source(), { patientId: 'p1', maxRetries: 0 });
    expect(record.dataGaps).toEqual([`DiagnosticReport: ${words}: Upstream said no`]);
    expect(record.conditions).toHaveLength(1);
    expect(record.observations).toHaveLength(painScores.length);
  });

  it('fails with PatientUnreadableError when the Patient cannot be read', async () => {
    server.use(...fakeFhirServer({ patientId: 'other' }));
    await expect(loadRecord(source(), { patientId: 'p1' })).rejects.toThrow(PatientUnreadableError);
    await expect(loadRecord(source(), { patientId: 'p1' })).rejects.toThrow('Patient: not found (404): Patient not found');
  });

  it('retries a 429 after its Retry-After, a bounded number of times', async () => {
    let calls = 0;
    server.use(...fakeFhirServer({
      resources: { Condition: [fracture] },
      faults: {
        Condition: () => (++calls < 2
          ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '0' } })
          : HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: fracture }] })),
        Procedure: () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '0' } }),
      },
    }));
    const record = await loadRecord(source(), { patientId: 'p1', maxRetries: 2 });
    expect(calls).toBe(2);
    expect(record.conditions).toHaveLength(1);
    expect(record.dataGaps).toEqual(['Procedure: too many requests (429)']);
  });

  it('aborts a search that hangs and reports it as a gap', async () => {
    server.use(...fakeFhirServer({ faults: { ImagingStudy: async () => { await delay('infinite'); return new HttpResponse(); } } }));
    const record = await loadRecord(source(), { patientId: 'p1', timeoutMs: 200 });
    expect(record.dataGaps).toEqual(['ImagingStudy: no answer in time']);
  });

  it('reports a non-JSON body and an OperationOutcome where a Bundle was expected', async () => {
    server.use(...fakeFhirServer({ faults: {
      Procedure: () => new HttpResponse('{"resourceType": "Bun', { headers: { 'Content-Type': 'application/fhir+json' } }),
      CarePlan: () => HttpResponse.json(operationOutcome('search not supported')),
    } }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.dataGaps).toEqual([
      'Procedure: the server sent a body that is not JSON (application/fhir+json, starting "{"resourceType": "Bun")',
      'CarePlan: the server did not return a search Bundle (an OperationOutcome: search not supported)',
    ]);
  });

  it('does not follow a next link that loops or points to another server', async () => {
    const page = (next: string) => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: next }], entry: [{ resource: fracture }] });
    server.use(...fakeFhirServer({ faults: {
      Condition: () => page(`${BASE}/Condition?patient=p1&_count=200`),
      Procedure: () => page('https://evil.example/steal'),
    } }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.conditions).toHaveLength(1);
    expect(record.dataGaps).toEqual([
      'Condition: a next-page link was not followed (loop or another server)',
      'Procedure: a next-page link was not followed (loop or another server)',
    ]);
  });

  it('caps a search with more results than the limit and says so', async () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...painScores[0], id: `o${i}` }));
    server.use(...fakeFhirServer({ resources: { Observation: many }, pageSize: 10 }));
    const record = await loadRecord(source(), { patientId: 'p1', maxResources: 25 });
    expect(record.observations).toHaveLength(25);
    expect(record.dataGaps).toEqual(['Observation: only the first 25 results were read']);
  });

  it('reads a Medication included with _include to recognise an analgesic', async () => {
    server.use(...fakeFhirServer({ faults: { MedicationRequest: () => HttpResponse.json({
      resourceType: 'Bundle', type: 'searchset', entry: [
        { resource: { resourceType: 'MedicationRequest', id: 'mr', status: 'active', subject: ref, authoredOn: '2026-11-10', medicationReference: { reference: 'Medication/med1' } }, search: { mode: 'match' } },
        { resource: { resourceType: 'Medication', id: 'med1', code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '313782', display: 'Acetaminophen 325 MG Oral Tablet' }] } }, search: { mode: 'include' } },
      ] }) } }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    const assessment = assess(record, {}, ASOF);
    const care = assessment.criteria.find((c) => c.id === 'conservative-care')!;
    // v3 conservative-care: the analgesic is care tried (its failure is not documented).
    expect(care.note).toContain('Conservative care since 2026-11-10 documented; failure not documented: confirm');
    expect(care.evidence[0]!.display).toContain('Acetaminophen');
  });

  it('reports progress for each resource type', async () => {
    server.use(...fakeFhirServer({ resources: { Condition: [fracture] }, faults: { Observation: () => new HttpResponse(null, { status: 403 }) } }));
    const progress: Array<{ resourceType: string; state: string; count: number }> = [];
    await loadRecord(source(), { patientId: 'p1', onProgress: (p) => progress.push(p) });
    expect(progress).toContainEqual(expect.objectContaining({ resourceType: 'Condition', state: 'done', count: 1 }));
    expect(progress).toContainEqual(expect.objectContaining({ resourceType: 'Observation', state: 'failed', count: 0 }));
    expect(progress).toContainEqual(expect.objectContaining({ resourceType: 'Patient', state: 'done' }));
  });
});
