// A search cut short (capped at a result limit, pages skipped, a later page failing) must never let the rules
// conclude from what was not read: a newer pain score, positive hCG or abnormal lab may sit beyond the cut.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { assess } from '../../src/clinical/assess';
import type { Assessment } from '../../src/clinical/types';
import { loadRecord, type LoadOptions } from '../../src/fhir/loader';
import { fetchSource } from '../../src/fhir/source';
import { BASE, fakeFhirServer } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ASOF = '2026-11-24';
const ref = { reference: 'Patient/p1' };
const loinc = (code: string, display: string) => ({ coding: [{ system: 'http://loinc.org', code, display }] });
const observation = (id: string, code: string, display: string, date: string, value: Record<string, unknown>) => ({
  resourceType: 'Observation', id, status: 'final', subject: ref, code: loinc(code, display), effectiveDateTime: date, ...value,
});
const fracture = {
  resourceType: 'Condition', id: 'c1', subject: ref, clinicalStatus: { coding: [{ code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA', display: 'Osteoporotic vertebral fracture' }] },
  onsetDateTime: '2026-11-01',
};

/** Ten readable results from 2024 (old, normal, negative), then, beyond the cut, this month's results. */
const OLD = [
  observation('old-pain-1', '72514-3', 'Pain severity 0-10', '2024-03-01', { valueQuantity: { value: 2, unit: '{score}' } }),
  observation('old-pain-2', '72514-3', 'Pain severity 0-10', '2024-03-08', { valueQuantity: { value: 1, unit: '{score}' } }),
  observation('old-hcg', '2106-3', 'hCG qualitative', '2024-03-01', { valueCodeableConcept: { text: 'negative' } }),
  observation('old-inr', '6301-6', 'INR', '2024-03-01', { valueQuantity: { value: 1.0 } }),
  observation('old-plt', '777-3', 'Platelets', '2024-03-01', { valueQuantity: { value: 250, unit: '10*3/uL' } }),
  observation('old-hr', '8867-4', 'Heart rate', '2024-03-01', { valueQuantity: { value: 70, unit: '/min' } }),
  observation('old-bp', '85354-9', 'Blood pressure panel', '2024-03-01', { component: [{ code: loinc('8480-6', 'Systolic'), valueQuantity: { value: 120, unit: 'mm[Hg]' } }] }),
  observation('old-cr', '2160-0', 'Creatinine', '2024-03-01', { valueQuantity: { value: 1.0, unit: 'mg/dL' } }),
  observation('old-pain-3', '72514-3', 'Pain severity 0-10', '2024-03-15', { valueQuantity: { value: 3, unit: '{score}' } }),
  observation('old-pain-4', '72514-3', 'Pain severity 0-10', '2024-03-22', { valueQuantity: { value: 2, unit: '{score}' } }),
];
const BEYOND_THE_CUT = [
  observation('new-pain-1', '72514-3', 'Pain severity 0-10', '2026-11-10', { valueQuantity: { value: 4, unit: '{score}' } }),
  observation('new-pain-2', '72514-3', 'Pain severity 0-10', '2026-11-20', { valueQuantity: { value: 9, unit: '{score}' } }),
  observation('new-hcg', '2106-3', 'hCG qualitative', '2026-11-21', { valueCodeableConcept: { text: 'positive' } }),
  observation('new-inr', '6301-6', 'INR', '2026-11-21', { valueQuantity: { value: 2.4 } }),
  observation('new-plt', '777-3', 'Platelets', '2026-11-21', { valueQuantity: { value: 30, unit: '10*3/uL' } }),
  observation('new-hr', '8867-4', 'Heart rate', '2026-11-21', { valueQuantity: { value: 80, unit: '/min' } }),
  observation('new-cr', '2160-0', 'Creatinine', '2026-11-21', { valueQuantity: { value: 1.1, unit: 'mg/dL' } }),
];
const ALL = [...OLD, ...BEYOND_THE_CUT];

/** A woman of 40: the pregnancy rule and the pregnancy test apply. */
const youngWoman = () => HttpResponse.json({ resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1986-02-01' });

async function assessed(options: Partial<LoadOptions>, pageSize: number, failLaterPages = false): Promise<{ assessment: Assessment; incompleteTypes: string[] }> {
  server.use(...fakeFhirServer({ resources: { Observation: ALL, Condition: [fracture] }, pageSize, faults: { Patient: youngWoman } }));
  // The first page answers; every page after it fails (handlers added later are asked first).
  if (failLaterPages) server.use(http.get(`${BASE}/Observation`, ({ request }) => (new URL(request.url).searchParams.has('_offset') ? new HttpResponse(null, { status: 500 }) : undefined)));
  const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', ...options });
  expect(record.observations.map((o) => o.id)).toEqual(OLD.map((o) => o.id));
  const assessment = assess(record, {}, ASOF);
  return { assessment, incompleteTypes: record.incompleteTypes };
}

const WAYS_TO_CUT: Array<[string, () => ReturnType<typeof assessed>]> = [
  ['capped at 10 results', () => assessed({ maxResources: 10 }, 5)],
  ['pages after the second skipped', () => assessed({ maxPages: 2 }, 5)],
  ['a later page failing', () => assessed({}, 10, true)],
];

/** What the full read would have found, to be sure the cut hides something that matters. */
async function fullRead(): Promise<Assessment> {
  server.use(...fakeFhirServer({ resources: { Observation: ALL, Condition: [fracture] }, pageSize: 5, faults: { Patient: youngWoman } }));
  return assess(await loadRecord(fetchSource(BASE), { patientId: 'p1' }), {}, ASOF);
}

const OBSERVATION_WORKUP = ['physical-exam', 'pain-score', 'cbc', 'coagulation', 'metabolic-panel', 'pregnancy-test', 'bone-density'];

describe('a truncated Observation search', () => {
  it('the full read finds this month\'s results: pregnancy and coagulopathy present, severe pain met, labs done', async () => {
    const full = await fullRead();
    expect(full.contraindications.find((c) => c.id === 'pregnancy')!.status).toBe('present');
    expect(full.contraindications.find((c) => c.id === 'coagulopathy')!.status).toBe('present');
    expect(full.criteria.find((c) => c.id === 'severe-pain')!.status).toBe('met');
    expect(full.workup.find((w) => w.id === 'pain-score')!.status).toBe('done');
    expect(full.workup.find((w) => w.id === 'coagulation')!.status).toBe('done');
  });

  it.each(WAYS_TO_CUT)('%s: Observation is incomplete and no rule concludes absent or not met from it', async (_way, run) => {
    const { assessment, incompleteTypes } = await run();
    expect(incompleteTypes).toContain('Observation');
    expect(assessment.dataGaps.some((gap) => gap.startsWith('Observation:'))).toBe(true);
    const byId = <T extends { id: string }>(items: T[], id: string) => items.find((i) => i.id === id)!;
    expect(byId(assessment.contraindications, 'pregnancy').status).toBe('unknown');
    expect(byId(assessment.contraindications, 'coagulopathy').status).toBe('unknown');
    expect(byId(assessment.criteria, 'severe-pain').status).toBe('unknown');
    expect(byId(assessment.criteria, 'pain-course').status).not.toBe('not-met');
    expect(assessment.verdict).not.toBe('candidate');
    // v3 §5: an item not done is unknown, its results may be on file; never claimed missing or outdated.
    for (const id of OBSERVATION_WORKUP) {
      const item = byId(assessment.workup, id);
      if (item.status !== 'done') {
        expect(item.status, id).toBe('unknown');
        expect(item.note, id).toContain('could not be read completely: may be on file');
      }
    }
  });
});
