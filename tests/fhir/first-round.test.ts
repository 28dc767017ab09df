// A search that still has pages does not hold the panel back (issue 12): after the first round the loader hands
// over the record so far, the types still paging counted as incomplete, so their rules read unknown, never a
// guess from the first pages; then the whole record.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { assess } from '../../src/clinical/assess';
import type { PatientRecord } from '../../src/clinical/record';
import { loadRecord } from '../../src/fhir/loader';
import { fetchSource } from '../../src/fhir/source';
import { BASE, fakeFhirServer } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ASOF = '2026-11-24';
const ref = { reference: 'Patient/p1' };
const loinc = (code: string) => ({ coding: [{ system: 'http://loinc.org', code }] });
const obs = (id: string, code: string, date: string, value: Record<string, unknown>) => ({ resourceType: 'Observation', id, status: 'final', subject: ref, code: loinc(code), effectiveDateTime: date, ...value });
const fracture = {
  resourceType: 'Condition', id: 'c1', subject: ref, clinicalStatus: { coding: [{ code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA' }] }, onsetDateTime: '2026-11-01',
};
// Old, reassuring results first; this month's pain score and low platelets on the last page (this server does not sort).
const OBSERVATIONS = [
  ...Array.from({ length: 12 }, (_, i) => obs(`old-${i}`, '72514-3', `2024-0${1 + (i % 9)}-10`, { valueQuantity: { value: 2 } })),
  obs('new-pain', '72514-3', '2026-11-20', { valueQuantity: { value: 9 } }),
  obs('new-plt', '777-3', '2026-11-21', { valueQuantity: { value: 30, unit: '10*3/uL' } }),
];

async function load(pageSize: number) {
  server.use(...fakeFhirServer({ resources: { Observation: OBSERVATIONS, Condition: [fracture] }, pageSize }));
  const partials: PatientRecord[] = [];
  const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', asOf: ASOF, onFirstRound: (r) => partials.push(r) });
  return { record, partials };
}

describe('the record after the first round', () => {
  it('names the searches still paging, and their rules are unknown until the rest arrives', async () => {
    const { record, partials } = await load(5);
    expect(partials).toHaveLength(1);
    const [partial] = partials;
    expect(partial!.stillReading).toEqual(['Observation']);
    expect(partial!.incompleteTypes).toContain('Observation');
    const early = assess(partial!, {}, ASOF);
    const status = (id: string) => [...early.criteria, ...early.contraindications].find((r) => r.id === id)!.status;
    expect(status('severe-pain')).toBe('unknown');
    expect(status('coagulopathy')).toBe('unknown');
    expect(early.verdict).not.toBe('candidate');
    // The whole record: nothing still reading, the newest results read.
    expect(record.stillReading).toBeUndefined();
    expect(record.incompleteTypes).toEqual([]);
    const done = assess(record, {}, ASOF);
    expect(done.criteria.find((c) => c.id === 'severe-pain')!.status).toBe('met');
    expect(done.contraindications.find((c) => c.id === 'coagulopathy')!.status).toBe('present');
  });

  it('is not handed over when every search fits in its first page', async () => {
    const { partials } = await load(100);
    expect(partials).toEqual([]);
  });
});
