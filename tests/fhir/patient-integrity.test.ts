// Only the launch patient's data, from any server: another patient's resources mixed into a search are dropped and
// reported (the verdict never changes because of them), a Patient read that answers with another patient is the
// patient-unreadable state, and a redirect to another origin is a failure of that request.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { assess } from '../../src/clinical/assess';
import { loadRecord, PatientUnreadableError } from '../../src/fhir/loader';
import { fetchSource } from '../../src/fhir/source';
import { BASE, fakeFhirServer } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ASOF = '2026-11-24';
const OTHER_ORIGIN = 'https://elsewhere.test';
const source = () => fetchSource(BASE);
const subject = (patient: string) => ({ reference: `Patient/${patient}` });

/** The launch patient p1: osteoporosis, no fracture on record: needs information. */
const osteoporosis = {
  resourceType: 'Condition', id: 'c-p1', subject: subject('p1'), clinicalStatus: { coding: [{ code: 'active' }] },
  code: { coding: [{ system: 'http://snomed.info/sct', code: '64859006', display: 'Osteoporosis' }] }, onsetDateTime: '2020-01-01',
};
/** Another patient's fracture and pain scores: what would make p1 a candidate if they were read as p1's. */
const fractures = Array.from({ length: 3 }, (_, i) => ({
  resourceType: 'Condition', id: `c-p2-${i}`, subject: subject('p2'), clinicalStatus: { coding: [{ code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA', display: 'Osteoporotic vertebral fracture' }] },
  onsetDateTime: '2026-11-01',
}));
const painScores = Array.from({ length: 7 }, (_, i) => ({
  resourceType: 'Observation', id: `pain-p2-${i}`, status: 'final', subject: { reference: `${OTHER_ORIGIN}/fhir/Patient/p2` },
  code: { coding: [{ system: 'http://loinc.org', code: '72514-3', display: 'Pain severity 0-10' }] },
  effectiveDateTime: `2026-11-${String(10 + i).padStart(2, '0')}`, valueQuantity: { value: 9, unit: '{score}' },
}));

describe('another patient\'s resources in a search', () => {
  it('are dropped and reported; the record and verdict are those of the launch patient alone', async () => {
    server.use(...fakeFhirServer({ resources: { Condition: [osteoporosis] } }));
    const clean = await loadRecord(source(), { patientId: 'p1' });
    server.resetHandlers();
    server.use(...fakeFhirServer({ resources: { Condition: [fractures[0], osteoporosis, fractures[1], fractures[2]], Observation: painScores } }));
    const mixed = await loadRecord(source(), { patientId: 'p1' });

    expect(mixed.conditions.map((c) => c.id)).toEqual(['c-p1']);
    expect(mixed.observations).toEqual([]);
    expect(mixed.dataGaps).toEqual([
      'Condition: 3 results for another patient were ignored',
      'Observation: 7 results for another patient were ignored',
    ]);
    // Nothing of the launch patient's is missing: these types are complete, not "could not read".
    expect(mixed.incompleteTypes).toEqual([]);
    const verdict = assess(clean, {}, ASOF).verdict;
    expect(verdict).toBe('needs-information');
    expect(assess(mixed, {}, ASOF).verdict).toBe(verdict);
    expect(assess(mixed, {}, ASOF).criteria.find((c) => c.id === 'vcf')!.status).not.toBe('met');
  });

  it('keeps the launch patient in every reference form and drops a result that names no patient', async () => {
    const condition = (id: string, extra: Record<string, unknown>) => ({ ...osteoporosis, id, subject: undefined, ...extra });
    server.use(...fakeFhirServer({ resources: {
      Condition: [
        condition('relative', { subject: subject('p1') }),
        condition('absolute', { subject: { reference: `${BASE}/Patient/p1` } }),
        condition('versioned', { subject: { reference: 'Patient/p1/_history/3' } }),
        condition('similar-id', { subject: { reference: 'Patient/p10' } }),
        condition('no-subject', {}),
        condition('identifier-only', { subject: { identifier: { value: 'p1' } } }),
      ],
      AllergyIntolerance: [{ resourceType: 'AllergyIntolerance', id: 'a1', patient: subject('p1'), code: { text: 'Latex' } }, { resourceType: 'AllergyIntolerance', id: 'a2', patient: subject('p2'), code: { text: 'Iodine contrast' } }],
    } }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.conditions.map((c) => c.id)).toEqual(['relative', 'absolute', 'versioned']);
    expect(record.allergies.map((a) => a.display)).toEqual(['Latex']);
    expect(record.dataGaps).toEqual([
      'Condition: 1 result for another patient was ignored',
      'Condition: 2 results naming no patient were ignored',
      'AllergyIntolerance: 1 result for another patient was ignored',
    ]);
  });

  it('reads a Medication only through _include, and only for a kept order', async () => {
    const acetaminophen = { resourceType: 'Medication', id: 'med1', code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '313782', display: 'Acetaminophen 325 MG Oral Tablet' }] } };
    const order = (id: string, patient: string, medication: string) => ({ resourceType: 'MedicationRequest', id, status: 'active', subject: subject(patient), authoredOn: '2026-11-20', medicationReference: { reference: `Medication/${medication}` } });
    server.use(...fakeFhirServer({ faults: {
      // A Medication slipped into the Condition search is not read: med2 stays unresolved.
      Condition: () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { ...acetaminophen, id: 'med2' } }, { resource: osteoporosis }] }),
      MedicationRequest: () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [
        { resource: order('mr-p1', 'p1', 'med1'), search: { mode: 'match' } },
        { resource: order('mr-p1-b', 'p1', 'med2'), search: { mode: 'match' } },
        { resource: order('mr-p2', 'p2', 'med1'), search: { mode: 'match' } },
        { resource: acetaminophen, search: { mode: 'include' } },
      ] }),
    } }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.medications.map((m) => [m.id, m.display])).toEqual([['mr-p1', 'Acetaminophen 325 MG Oral Tablet'], ['mr-p1-b', 'Medication']]);
    expect(record.dataGaps).toEqual(['MedicationRequest: 1 result for another patient was ignored']);
  });
});

describe('the Patient read', () => {
  it('answered with another patient is the patient-unreadable state, naming both ids', async () => {
    server.use(...fakeFhirServer({ faults: { Patient: () => HttpResponse.json({ resourceType: 'Patient', id: 'p2', name: [{ text: 'Someone Else' }] }) } }));
    const failure = await loadRecord(source(), { patientId: 'p1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PatientUnreadableError);
    expect((failure as Error).message).toBe('Patient: the server answered the read of the launch patient "p1" with Patient "p2"; nothing from this server is assessed');
  });

  it('answered with a Patient without an id is unreadable too', async () => {
    server.use(...fakeFhirServer({ faults: { Patient: () => HttpResponse.json({ resourceType: 'Patient', name: [{ text: 'Someone' }] }) } }));
    await expect(loadRecord(source(), { patientId: 'p1' })).rejects.toThrow(PatientUnreadableError);
  });
});

describe('redirects', () => {
  const redirectTo = (location: string) => () => new HttpResponse(null, { status: 302, headers: { Location: location } });

  it('to another origin fail that search, and nothing is requested there', async () => {
    const log: string[] = [];
    server.use(
      http.get(`${OTHER_ORIGIN}/*`, ({ request }) => { log.push(request.url); return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: fractures.map((resource) => ({ resource: { ...resource, subject: subject('p1') } })) }); }),
      ...fakeFhirServer({ resources: { Condition: [osteoporosis] }, faults: { Condition: redirectTo(`${OTHER_ORIGIN}/fhir/Condition?patient=p1`) } }),
    );
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(log).toEqual([]);
    expect(record.conditions).toEqual([]);
    expect(record.dataGaps).toEqual([`Condition: the server redirected to another server (${OTHER_ORIGIN}), not followed (302)`]);
    expect(record.incompleteTypes).toEqual(['Condition']);
  });

  it('of the Patient read to another origin make the patient unreadable', async () => {
    server.use(...fakeFhirServer({ faults: { Patient: redirectTo(`${OTHER_ORIGIN}/fhir/Patient/p1`) } }));
    await expect(loadRecord(source(), { patientId: 'p1' })).rejects.toThrow(`Patient: the server redirected to another server (${OTHER_ORIGIN}), not followed (302)`);
  });

  it('within the server\'s origin are followed', async () => {
    let first = true;
    server.use(...fakeFhirServer({ resources: { Condition: [osteoporosis] }, faults: {
      Condition: () => {
        if (!first) return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: osteoporosis }] });
        first = false;
        return redirectTo(`${BASE}/Condition?patient=p1&moved=1`)();
      },
    } }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.conditions.map((c) => c.id)).toEqual(['c-p1']);
    expect(record.dataGaps).toEqual([]);
  });
});
