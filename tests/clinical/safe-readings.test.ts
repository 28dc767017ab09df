// Edge paths that once gave a false "candidate" or misread the record (found in review); each stays fixed.
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { CANDIDATE_ANSWERS, MAN_76, condition, daysAgo, dtAgo, encounter, icd10, inr, medication, pain, patient, platelets, recordOf, run, snomed } from './builders';

const VCF = icd10('M80.08XA', 'Age-related osteoporotic fracture of vertebra');
const byId = <T extends { id: string }>(items: T[], id: string) => items.find((i) => i.id === id)!;

describe('fracture-age: an onset in the future is not acute', () => {
  it('an onset age beyond the patient\'s age places the onset in the future: the record is ignored', () => {
    const a = run({ resources: [condition(VCF, { onsetAge: 95 })] });
    expect(byId(a.criteria, 'vcf').status).toBe('unknown');
    expect(byId(a.criteria, 'fracture-age').status).toBe('unknown');
  });

  it('onsetAge in days is converted, not read as years', () => {
    const [fracture] = [condition(VCF, {})];
    const record = recordOf(patient(MAN_76), { ...fracture!, onsetAge: { value: 29000, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' } });
    expect(record.conditions[0]!.onsetAgeYears).toBeCloseTo(29000 / 365.25, 3);
  });
});

describe('hospitalized: a stay that ended does not lower the bar', () => {
  it('an in-progress inpatient encounter whose period ended is not a hospital stay', () => {
    const ended = { ...encounter('IMP', 'in-progress', dtAgo(400)), period: { start: dtAgo(400), end: dtAgo(390) } };
    const a = run({ resources: [ended, condition(VCF, { onset: daysAgo(20) }), pain(9, 1)] });
    expect(a.hospitalized).toBe(false);
    expect(byId(a.criteria, 'conservative-care').required).toBe(true);
  });
});

describe('conservative-care: planned or statusless care is not care tried', () => {
  it('a cancelled "recommendation to rest" activity in an active care plan does not count', () => {
    const plan = { resourceType: 'CarePlan', id: 'cp', status: 'active', period: { start: dtAgo(10) }, activity: [{ detail: { status: 'cancelled', code: { coding: [snomed('183051005', 'Recommendation to rest')] } } }] };
    expect(byId(run({ resources: [plan] }).criteria, 'conservative-care').status).toBe('unknown');
  });

  it('an analgesic order without a status does not count', () => {
    const { status: _dropped, ...statusless } = medication('Oxycodone 5 MG', { date: dtAgo(5) });
    expect(byId(run({ resources: [statusless] }).criteria, 'conservative-care').status).toBe('unknown');
  });
});

describe('condition status as a plain string (STU3-shaped data)', () => {
  it('a "resolved" string status is not active', () => {
    const resolved = { ...condition(VCF, { onset: daysAgo(20) }), clinicalStatus: 'resolved' };
    expect(byId(run({ resources: [resolved] }).criteria, 'vcf').status).toBe('unknown');
  });
});

describe('data that could not be read', () => {
  it('spinal-infection is unknown, not absent, when Conditions could not be read, so no candidate', () => {
    const record = recordOf(patient(MAN_76), pain(8, 1));
    record.dataGaps.push('Condition: access denied (403)');
    record.incompleteTypes.push('Condition');
    const a = assess(record, CANDIDATE_ANSWERS, '2026-11-24');
    expect(byId(a.contraindications, 'spinal-infection').status).toBe('unknown');
    expect(a.verdict).toBe('needs-information');
    // v2: instability reads the Conditions too, so it needs its own answer.
    expect(assess(record, { ...CANDIDATE_ANSWERS, activeInfection: false }, '2026-11-24').verdict).toBe('needs-information');
    expect(byId(assess(record, { ...CANDIDATE_ANSWERS, activeInfection: false }, '2026-11-24').contraindications, 'instability').status).toBe('unknown');
    expect(assess(record, { ...CANDIDATE_ANSWERS, activeInfection: false, unstableFracture: false }, '2026-11-24').verdict).toBe('candidate');
  });
});

describe('etiology lists what the record supports, whatever the clinician chose', () => {
  it('a recorded malignant fracture stays in etiology when the answer is osteoporotic', () => {
    const a = run({ resources: [condition(VCF, { onset: daysAgo(20) }), condition(icd10('C90.00', 'Multiple myeloma'))], answers: { etiology: 'osteoporotic' } });
    expect(a.pathway).toBe('osteoporotic');
    expect(a.etiology).toContain('malignant');
  });
});

describe('pain scores', () => {
  it('a VAS recorded in millimetres is not read as NRS', () => {
    const vas = { ...pain(8, 1), code: { coding: [{ system: 'http://loinc.org', code: '38214-3' }] }, valueQuantity: { value: 8, unit: 'mm', code: 'mm' } };
    expect(byId(run({ resources: [vas] }).criteria, 'severe-pain').status).toBe('unknown');
  });
});

describe('hospital setting that could not be read', () => {
  it('takes the stricter reading: a score between the thresholds is unknown, outpatient requirements apply, until answered', () => {
    const record = recordOf(patient(MAN_76), condition(VCF, { onset: daysAgo(20) }), pain(6, 1));
    record.dataGaps.push('Encounter: access denied (403)');
    record.incompleteTypes.push('Encounter');
    const unread = assess(record, {}, '2026-11-24');
    expect(byId(unread.criteria, 'severe-pain').status).toBe('unknown');
    expect(unread.verdict).toBe('needs-information');
    expect(byId(unread.criteria, 'severe-pain').note).toContain('hospital stays could not be read');
    expect(byId(unread.criteria, 'conservative-care').required).toBe(true);
    const answered = assess(record, { hospitalized: false }, '2026-11-24');
    expect(byId(answered.criteria, 'severe-pain').status).toBe('met');
  });

  it('a score that meets both thresholds, or neither, still decides', () => {
    const at = (score: number) => {
      const record = recordOf(patient(MAN_76), condition(VCF, { onset: daysAgo(20) }), pain(score, 1));
      record.incompleteTypes.push('Encounter');
      return byId(assess(record, {}, '2026-11-24').criteria, 'severe-pain').status;
    };
    expect([at(4), at(5), at(7), at(8)]).toEqual(['not-met', 'unknown', 'unknown', 'met']);
  });
});

describe('coagulopathy with the Conditions unread', () => {
  it('normal labs do not prove it absent when a coagulopathy diagnosis could be among the unread records', () => {
    const record = recordOf(patient(MAN_76), inr(1.1, 3), platelets(220, 3));
    expect(byId(assess(record, {}, '2026-11-24').contraindications, 'coagulopathy').status).toBe('absent');
    record.incompleteTypes.push('Condition');
    expect(byId(assess(record, {}, '2026-11-24').contraindications, 'coagulopathy').status).toBe('unknown');
  });
});
