// The engine remembers what it derives from a record (its index, each list's newest result, the records kept for
// an asOf, each study's kind): evaluating the same record again, at another date or with other answers, must give
// exactly what a freshly built record gives.
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { recordFromBundle } from '../../src/fhir/bundle';
import type { PatientRecord } from '../../src/clinical/record';
import { AS_OF, bundle, cpt, daysAgo, hcg, imagingStudy, inr, loinc, NEGATIVE, observation, pain, patient, platelets, POSITIVE, snomed, condition, icd10 } from './builders';

const woman = patient({ birthDate: '1990-04-02', gender: 'female' });
const resources = [
  condition(icd10('M80.08XA', 'Osteoporotic vertebral fracture'), { onset: daysAgo(20) }),
  pain(3, 60), pain(4, 30), pain(9, 2),
  hcg(NEGATIVE, 40), hcg(POSITIVE, 3),
  inr(1.0, 45), inr(2.2, 1),
  platelets(240, 45),
  observation(loinc('38267-1', 'T-score'), -3.1, '{T-score}', daysAgo(400)),
  imagingStudy({ modality: 'MR', procedureCode: cpt('72148', 'MRI lumbar spine'), started: daysAgo(10) }),
  imagingStudy({ modality: 'DX', procedureCode: snomed('241076008', 'X-ray of spine'), seriesDescription: 'Thoracic spine 2 views', started: daysAgo(50) }),
];
const source = bundle(woman, ...resources);
const EARLIER = daysAgo(35);

/** A record nothing has been remembered for: new arrays and new study objects. */
function untouched(record: PatientRecord): PatientRecord {
  return { ...record, observations: record.observations.map((o) => ({ ...o })), studies: record.studies.map((s) => ({ ...s })) };
}

describe('one record evaluated again and again', () => {
  it('gives at an earlier date what a fresh record gives there, and back at today what it gave today', () => {
    const record = recordFromBundle(source);
    const today = assess(record, {}, AS_OF);
    const earlier = assess(record, {}, EARLIER);
    const todayAgain = assess(record, { painScore: 6 }, AS_OF);
    // The dates matter: today the pregnancy test is positive and the INR high; 35 days ago neither result existed.
    expect(today.contraindications.find((c) => c.id === 'pregnancy')!.status).toBe('present');
    expect(earlier.contraindications.find((c) => c.id === 'pregnancy')!.status).not.toBe('present');
    expect(today.contraindications.find((c) => c.id === 'coagulopathy')!.status).toBe('present');
    expect(earlier.contraindications.find((c) => c.id === 'coagulopathy')!.status).not.toBe('present');
    expect(today).toEqual(assess(recordFromBundle(source), {}, AS_OF));
    expect(earlier).toEqual(assess(recordFromBundle(source), {}, EARLIER));
    expect(todayAgain).toEqual(assess(recordFromBundle(source), { painScore: 6 }, AS_OF));
    expect(assess(record, {}, AS_OF)).toEqual(today);
  });

  it('gives the same assessment from a record indexed when built and from one never indexed', () => {
    const record = recordFromBundle(source);
    for (const asOf of [AS_OF, EARLIER]) expect(assess(untouched(record), {}, asOf)).toEqual(assess(record, {}, asOf));
    const workup = assess(record, { mriContraindicated: false }, AS_OF).workup;
    expect(workup.find((w) => w.id === 'spine-mri')!.status).toBe('done');
    expect(workup.find((w) => w.id === 'spine-xray')!.status).toBe('done');
  });
});
