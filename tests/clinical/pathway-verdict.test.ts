// clinical-rules.md §1 Pathway and etiology, the `required` column of §2, §4 Verdict and reasons, and the assessment shape.
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  CANDIDATE_ANSWERS,
  CONTRAINDICATION_IDS,
  CRITERION_IDS,
  MYELOMA,
  NEGATIVE,
  TRAUMATIC_VCF_ICD,
  UNSITED_OSTEOPOROTIC_FRACTURE,
  VCF_ICD,
  WORKUP_IDS,
  birthDateForAge,
  condition,
  contra,
  criterion,
  dtAgo,
  dxaTScore,
  encounter,
  hcg,
  icd10,
  inr,
  medication,
  platelets,
  run,
  snomed,
} from './builders';
import { summaryText } from '../../src/clinical/summary';
import type { Assessment } from '../../src/clinical/types';

const active = { clinicalStatus: 'active' } as const;
const requiredIds = (a: Assessment) => a.criteria.filter((c) => c.required).map((c) => c.id);

describe('pathway (§1)', () => {
  it('pathway: osteoporotic with nothing documented', () => {
    expect(run().pathway).toBe('osteoporotic');
  });

  it('pathway: malignant with an active malignancy (C90.00) and vcf met', () => {
    expect(run({ resources: [condition(MYELOMA, active), condition(VCF_ICD, active)] }).pathway).toBe('malignant');
  });

  it('pathway: malignant with a malignancy in remission (remission counts)', () => {
    expect(run({ resources: [condition(MYELOMA, { clinicalStatus: 'remission' }), condition(VCF_ICD, active)] }).pathway).toBe('malignant');
  });

  it('pathway: a resolved malignancy does not make it malignant', () => {
    expect(run({ resources: [condition(MYELOMA, { clinicalStatus: 'resolved' }), condition(VCF_ICD, active)] }).pathway).toBe('osteoporotic');
  });

  it('pathway: an active malignancy without a vertebral fracture stays osteoporotic', () => {
    const a = run({ resources: [condition(icd10('C79.51'), active)] });
    expect(a.pathway).toBe('osteoporotic');
    expect(a.etiology).not.toContain('malignant');
  });

  it('pathway: an active malignancy with only a 443165006 fracture (vcf not met) stays osteoporotic', () => {
    expect(run({ resources: [condition(snomed('94222008'), active), condition(UNSITED_OSTEOPOROTIC_FRACTURE, active)] }).pathway).toBe('osteoporotic');
  });

  it('pathway: an active malignancy and answers.vcf true is malignant', () => {
    expect(run({ resources: [condition(icd10('C41.2'), active)], answers: { vcf: true } }).pathway).toBe('malignant');
  });

  it('pathway: answers.vcf false with a malignancy and a fracture condition is osteoporotic (vcf not met)', () => {
    expect(run({ resources: [condition(MYELOMA, active), condition(VCF_ICD, active)], answers: { vcf: false } }).pathway).toBe('osteoporotic');
  });

  it('pathway: answers.etiology malignant makes it malignant without any record', () => {
    const a = run({ answers: { etiology: 'malignant' } });
    expect(a.pathway).toBe('malignant');
    expect(a.etiology).toEqual(['malignant']);
  });

  it('pathway: answers.etiology traumatic keeps it osteoporotic', () => {
    expect(run({ answers: { etiology: 'traumatic' } }).pathway).toBe('osteoporotic');
  });
});

describe('etiology (§1)', () => {
  it('etiology: empty with nothing documented', () => {
    expect(run().etiology).toEqual([]);
  });

  it('etiology: osteoporotic from an osteoporosis code, an osteoporotic-fracture code, or a DXA T-score <= -2.5', () => {
    expect(run({ resources: [condition(snomed('64859006'), active)] }).etiology).toEqual(['osteoporotic']);
    expect(run({ resources: [condition(UNSITED_OSTEOPOROTIC_FRACTURE, active)] }).etiology).toEqual(['osteoporotic']);
    expect(run({ resources: [dxaTScore(-2.5, dtAgo(400))] }).etiology).toEqual(['osteoporotic']);
    expect(run({ resources: [dxaTScore(-2.4, dtAgo(400))] }).etiology).toEqual([]);
  });

  it('etiology: traumatic from an S32.0 / 15724005 fracture code', () => {
    expect(run({ resources: [condition(TRAUMATIC_VCF_ICD, active)] }).etiology).toEqual(['traumatic']);
    expect(run({ resources: [condition(snomed('15724005'), active)] }).etiology).toEqual(['traumatic']);
  });

  it('etiology: every supported cause, in the order osteoporotic, traumatic, malignant', () => {
    const a = run({ resources: [condition(MYELOMA, active), condition(TRAUMATIC_VCF_ICD, active), condition(icd10('M81.0'), active)] });
    expect(a.pathway).toBe('malignant');
    expect(a.etiology).toEqual(['osteoporotic', 'traumatic', 'malignant']);
  });
});

describe('required flags (§2 "required on")', () => {
  it('required: osteoporotic outpatient requires vcf, fracture-age, imaging-confirmation, severe-pain, conservative-care, pain-course, pain-attributable', () => {
    expect(requiredIds(run())).toEqual(['vcf', 'fracture-age', 'imaging-confirmation', 'severe-pain', 'conservative-care', 'pain-course', 'pain-attributable']);
  });

  it('required: osteoporotic hospitalized drops conservative-care and pain-course', () => {
    const a = run({ resources: [encounter('IMP', 'in-progress')] });
    expect(a.hospitalized).toBe(true);
    expect(requiredIds(a)).toEqual(['vcf', 'fracture-age', 'imaging-confirmation', 'severe-pain', 'pain-attributable']);
  });

  it('required: malignant (outpatient) requires conservative-care but not fracture-age nor pain-course', () => {
    expect(requiredIds(run({ answers: { etiology: 'malignant' } }))).toEqual(['vcf', 'imaging-confirmation', 'severe-pain', 'conservative-care', 'pain-attributable']);
  });

  it('required: malignant hospitalized still requires conservative-care', () => {
    expect(requiredIds(run({ answers: { etiology: 'malignant', hospitalized: true } }))).toEqual([
      'vcf', 'imaging-confirmation', 'severe-pain', 'conservative-care', 'pain-attributable',
    ]);
  });

  it('required: age-over-70, limited-mobility and osteoporosis are never required, but always listed', () => {
    for (const answers of [{}, { etiology: 'malignant' as const }, { hospitalized: true }]) {
      const a = run({ answers });
      for (const id of ['age-over-70', 'limited-mobility', 'osteoporosis']) expect(criterion(a, id).required).toBe(false);
    }
  });
});

describe('verdict (§4)', () => {
  it('verdict: candidate when every required criterion is met and every absolute contraindication absent', () => {
    const a = run({ answers: CANDIDATE_ANSWERS });
    expect(a.verdict).toBe('candidate');
    expect(a.reasons.join(' ')).not.toMatch(/Not met|Still needed|Absolute/);
  });

  it('verdict: candidate when hospitalized without conservative care or pain course', () => {
    const { conservativeCareTried: _c, painWorsening: _p, ...rest } = CANDIDATE_ANSWERS;
    const a = run({ answers: { ...rest, hospitalized: true, painScore: 8 } });
    expect(a.verdict).toBe('candidate');
    expect(criterion(a, 'conservative-care').status).toBe('unknown');
  });

  it('verdict: needs-information when one required criterion is unknown; the reason names it', () => {
    const { painAttributable: _p, ...rest } = CANDIDATE_ANSWERS;
    const a = run({ answers: rest });
    expect(a.verdict).toBe('needs-information');
    expect(a.reasons.some((r) => r.includes(criterion(a, 'pain-attributable').label))).toBe(true);
  });

  it('verdict: needs-information when pregnancy is unknown (a woman of 40 without a test)', () => {
    const a = run({ patient: { birthDate: birthDateForAge(40), gender: 'female' }, answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'pregnancy').status).toBe('unknown');
    expect(a.verdict).toBe('needs-information');
    expect(a.reasons.some((r) => /pregnan/i.test(r))).toBe(true);
  });

  it('verdict: a woman of 40 with a negative hCG 3 days ago is a candidate', () => {
    const a = run({ patient: { birthDate: birthDateForAge(40), gender: 'female' }, resources: [hcg(NEGATIVE, 3)], answers: CANDIDATE_ANSWERS });
    expect(a.verdict).toBe('candidate');
  });

  it('verdict: not-candidate when a required criterion is not-met', () => {
    expect(run({ answers: { ...CANDIDATE_ANSWERS, painScore: 4 } }).verdict).toBe('not-candidate');
    expect(run({ answers: { ...CANDIDATE_ANSWERS, onsetDate: undefined }, resources: [condition(VCF_ICD, { clinicalStatus: 'active', onset: dtAgo(200) })] }).verdict).toBe('not-candidate');
  });

  it('verdict: not-candidate when an absolute contraindication is present', () => {
    expect(run({ answers: { ...CANDIDATE_ANSWERS, activeInfection: true } }).verdict).toBe('not-candidate');
    expect(run({ answers: { ...CANDIDATE_ANSWERS, pregnant: true } }).verdict).toBe('not-candidate');
  });

  it('verdict: not-candidate when deceased (deceasedBoolean), with the deceased reason first', () => {
    const a = run({ patient: { birthDate: '1940-01-01', gender: 'male', deceasedBoolean: true }, answers: CANDIDATE_ANSWERS });
    expect(a.patient.deceased).toBe(true);
    expect(a.verdict).toBe('not-candidate');
    expect(a.reasons[0]).toMatch(/deceased/i);
  });

  it('verdict: deceasedDateTime on asOf is deceased; after asOf is not', () => {
    expect(run({ patient: { birthDate: '1940-01-01', gender: 'male', deceasedDateTime: `${AS_OF}T08:00:00Z` } }).patient.deceased).toBe(true);
    const later = run({ patient: { birthDate: '1940-01-01', gender: 'male', deceasedDateTime: '2027-01-01' }, answers: CANDIDATE_ANSWERS });
    expect(later.patient.deceased).toBe(false);
    expect(later.verdict).toBe('candidate');
  });

  it('verdict: a not-met criterion that is not required (age-over-70, limited-mobility) never blocks', () => {
    const a = run({ patient: { birthDate: birthDateForAge(60), gender: 'male' }, answers: { ...CANDIDATE_ANSWERS, limitedMobility: false } });
    expect(criterion(a, 'age-over-70').status).toBe('not-met');
    expect(criterion(a, 'limited-mobility').status).toBe('not-met');
    expect(a.verdict).toBe('candidate');
  });

  it('verdict: a not-met criterion that is not required on this pathway never blocks (pain-course when hospitalized)', () => {
    const a = run({ answers: { ...CANDIDATE_ANSWERS, hospitalized: true, painScore: 9, painWorsening: false, heightLossOver25: false, kyphoticDeformity: false, progressiveHeightLoss: false, conservativeCareTried: false } });
    expect(criterion(a, 'pain-course').status).toBe('not-met');
    expect(criterion(a, 'conservative-care').status).toBe('not-met');
    expect(a.verdict).toBe('candidate');
  });

  it('verdict: relative contraindications present never change it (still candidate)', () => {
    const a = run({
      resources: [
        inr(2.5, 2), platelets(30, 2), medication('Warfarin 5 MG'), condition(icd10('M47.816'), active), condition(icd10('G99.2'), active),
      ],
      answers: { ...CANDIDATE_ANSWERS, cementAllergy: true, levels: ['T10', 'T11', 'T12', 'L1', 'L2'] },
    });
    for (const id of ['coagulopathy', 'anticoagulant-use', 'cement-allergy', 'neurologic-compromise', 'too-many-levels', 'alternative-pain-source']) {
      expect(contra(a, id).status, id).toBe('present');
    }
    expect(a.verdict).toBe('candidate');
  });

  it('verdict: missing workup never changes it (candidate with every workup item missing)', () => {
    const a = run({ answers: CANDIDATE_ANSWERS });
    expect(a.workupComplete).toBe(false);
    expect(a.workup.filter((w) => w.required && w.status === 'missing').length).toBeGreaterThan(3);
    expect(a.verdict).toBe('candidate');
  });

  it('verdict: missing workup is shown beside it ("candidate ... N workup items missing") in the text summary', () => {
    const a = run({ answers: CANDIDATE_ANSWERS });
    const missing = a.workup.filter((w) => w.required && w.status !== 'done').length;
    expect(summaryText(a)).toMatch(new RegExp(`Verdict: candidate .*\\(${missing} workup items missing\\)`));
  });

  it('verdict: the malignant pathway decides without fracture-age (a chronic fracture does not block it)', () => {
    const a = run({
      resources: [condition(MYELOMA, active), condition(VCF_ICD, { clinicalStatus: 'active', onset: dtAgo(300) })],
      answers: { imagingConfirmsAcute: true, painScore: 5, conservativeCareTried: true, painAttributable: true },
    });
    expect(a.pathway).toBe('malignant');
    expect(criterion(a, 'fracture-age').status).toBe('not-met');
    expect(criterion(a, 'fracture-age').required).toBe(false);
    expect(a.verdict).toBe('candidate');
  });

  it('reasons: in order deceased, absolute present, required not met, then still needed (criteria, then absolute unknown)', () => {
    const a = run({
      patient: { birthDate: birthDateForAge(30), gender: 'female', deceasedBoolean: true },
      answers: { activeInfection: true, vcf: false, painScore: 2 },
    });
    expect(a.verdict).toBe('not-candidate');
    const index = (pattern: RegExp) => a.reasons.findIndex((r) => pattern.test(r));
    const deceased = index(/deceased/i);
    const infection = index(new RegExp(contra(a, 'spinal-infection').label, 'i'));
    const vcfNotMet = index(new RegExp(criterion(a, 'vcf').label, 'i'));
    const painNotMet = index(/Pain severe enough/i);
    const attributableNeeded = index(/Pain is primarily/i);
    const pregnancyNeeded = index(/pregnan/i);
    expect(deceased).toBe(0);
    for (const i of [infection, vcfNotMet, painNotMet, attributableNeeded, pregnancyNeeded]) expect(i).toBeGreaterThan(-1);
    expect(deceased).toBeLessThan(infection);
    expect(infection).toBeLessThan(vcfNotMet);
    expect(Math.max(vcfNotMet, painNotMet)).toBeLessThan(attributableNeeded);
    expect(attributableNeeded).toBeLessThan(pregnancyNeeded);
  });

  it('reasons (v2 §4): relative contraindications never change the verdict and end the reasons as "Caution: " lines', () => {
    const a = run({ resources: [medication('Warfarin 5 MG')], answers: { ...CANDIDATE_ANSWERS, painAttributable: undefined } });
    expect(a.verdict).toBe('needs-information');
    expect(a.reasons.filter((r) => /anticoagulant/i.test(r))).toEqual(['Caution: Anticoagulant or antiplatelet use']);
    expect(a.reasons.at(-1)).toBe('Caution: Anticoagulant or antiplatelet use');
    const candidate = run({ resources: [medication('Eliquis 5 MG Oral Tablet')], answers: CANDIDATE_ANSWERS });
    expect(candidate.verdict).toBe('candidate');
    expect(candidate.reasons.at(-1)).toBe('Caution: Anticoagulant or antiplatelet use');
  });
});

describe('assessment shape (assessment.md)', () => {
  const cases: Array<[string, Assessment]> = [
    ['empty record', run()],
    ['candidate', run({ answers: CANDIDATE_ANSWERS })],
    ['malignant hospitalized', run({ answers: { etiology: 'malignant', hospitalized: true } })],
    ['deceased woman without birth date', run({ patient: { gender: 'female', deceasedBoolean: true } })],
  ];

  it.each(cases)('shape: arrays hold every id of the spec in its order, always (%s)', (_label, a) => {
    expect(a.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
    expect(a.contraindications.map((c) => c.id)).toEqual([...CONTRAINDICATION_IDS]);
    expect(a.workup.map((w) => w.id)).toEqual([...WORKUP_IDS]);
    expect(a.asOf).toBe(AS_OF);
    expect(Array.isArray(a.dataGaps)).toBe(true);
    for (const c of a.criteria) expect(['met', 'not-met', 'unknown']).toContain(c.status);
    for (const c of a.contraindications) expect(['present', 'absent', 'unknown']).toContain(c.status);
    for (const w of a.workup) expect(['done', 'outdated', 'missing']).toContain(w.status);
  });

  it('shape: kinds: pregnancy, spinal-infection, instability and under-18 absolute, the rest relative', () => {
    const a = run();
    expect(a.contraindications.filter((c) => c.kind === 'absolute').map((c) => c.id)).toEqual(['pregnancy', 'spinal-infection', 'instability', 'under-18']);
  });

  it('shape: patient facts (id, name, sex, age, deceased) are reported', () => {
    const a = run({ patient: { birthDate: '1950-03-10', gender: 'male', name: 'Ann Example' } });
    expect(a.patient).toMatchObject({ id: 'p1', name: 'Ann Example', sex: 'male', birthDate: '1950-03-10', age: 76, ageApproximate: false, deceased: false });
  });

  it('shape: assess is deterministic (same input, same output)', () => {
    expect(run({ answers: CANDIDATE_ANSWERS })).toEqual(run({ answers: CANDIDATE_ANSWERS }));
  });
});
