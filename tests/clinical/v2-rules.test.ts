// Spec v2, clinical-rules.md §1 Pathway, §2 Criteria, §3 Contraindications and §4 reasons: every rule change
// of README "Changes in v2", with its edges. Expected answers come from the spec text, not from the engine.
import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_ANSWERS,
  NEGATIVE,
  POSITIVE,
  SYS,
  VCF_ICD,
  birthDateForAge,
  condition,
  contra,
  cpt,
  careReading,
  criterion,
  daysAgo,
  dtAgo,
  hcg,
  icd10,
  inr,
  loinc,
  medication,
  medicationCoded,
  observation,
  pain,
  platelets,
  procedure,
  run,
  serviceRequest,
  snomed,
  withFields,
  allergy,
  type Resource,
} from './builders';
import type { Answers, Assessment } from '../../src/clinical/types';

type PatientOpts = NonNullable<NonNullable<Parameters<typeof run>[0]>['patient']>;
const woman = (age: number): PatientOpts => ({ birthDate: birthDateForAge(age), gender: 'female' });
const active = { clinicalStatus: 'active' } as const;
const fractureAt = (code: string, ago: number | undefined, extra: Record<string, unknown> = {}): Resource =>
  condition(icd10(code), { clinicalStatus: 'active', ...(ago !== undefined ? { onset: daysAgo(ago) } : {}), ...extra });
const painText = (text: string, ago: number) => observation('72514-3', text, undefined, dtAgo(ago));
const text = (c: { evidence: unknown; note?: string }) => JSON.stringify(c);

describe('§1 pathway (v2)', () => {
  it('pathway: an active neoplastic fracture M84.58XA alone (no cancer code) makes it malignant', () => {
    const a = run({ resources: [fractureAt('M84.58XA', 10)] });
    expect(a.pathway).toBe('malignant');
    expect(a.etiology).toContain('malignant');
  });

  it('pathway: breast cancer (C50.911) with a vertebral fracture is malignant (widened Malignancy list)', () => {
    const a = run({ patient: woman(70), resources: [condition(icd10('C50.911'), active), fractureAt('M80.08XA', 10)] });
    expect(a.pathway).toBe('malignant');
  });

  it('pathway: breast cancer with a neoplastic vertebral fracture is malignant', () => {
    const a = run({ patient: woman(70), resources: [condition(icd10('C50.912'), active), fractureAt('M84.58XA', 10)] });
    expect(a.pathway).toBe('malignant');
  });

  for (const [code, what] of [
    ['C34.90', 'lung'], ['C61', 'prostate'], ['C64.1', 'kidney'], ['C65.2', 'renal pelvis'], ['C73', 'thyroid'],
    ['C81.10', 'Hodgkin lymphoma'], ['C83.30', 'diffuse large B-cell lymphoma'], ['C88.4', 'MALT lymphoma'],
    ['C90.10', 'plasma cell leukaemia'], ['C90.20', 'extramedullary plasmacytoma'], ['C79.51', 'secondary, bone'], ['C79.52', 'secondary, bone marrow'],
  ] as const) {
    it(`pathway: ${what} (${code}) with a vertebral fracture is malignant`, () => {
      expect(run({ resources: [condition(icd10(code), active), fractureAt('M80.08XA', 10)] }).pathway).toBe('malignant');
    });
  }

  for (const [code, what] of [['254837009', 'breast'], ['399068003', 'prostate'], ['118600007', 'lymphoma'], ['363478007', 'thyroid']] as const) {
    it(`pathway: SNOMED ${what} (${code}) with a vertebral fracture is malignant`, () => {
      expect(run({ resources: [condition(snomed(code), active), fractureAt('M80.08XA', 10)] }).pathway).toBe('malignant');
    });
  }

  it('pathway: a cancer outside the list (C18.9 colon) with a vertebral fracture stays osteoporotic', () => {
    expect(run({ resources: [condition(icd10('C18.9'), active), fractureAt('M80.08XA', 10)] }).pathway).toBe('osteoporotic');
  });

  it('pathway: a refuted neoplastic fracture does not make it malignant', () => {
    expect(run({ resources: [fractureAt('M84.58XA', 10, { verificationStatus: 'refuted' })] }).pathway).toBe('osteoporotic');
  });
});

describe('fracture-age (v2): nonunion, answers.nonunionOrCleft, edges', () => {
  const NONUNION_NOTE = 'Nonunion or delayed healing coded: a chronic painful fracture with nonunion or an intravertebral cleft may still qualify; review the MRI';

  it('fracture-age: a vertebral fracture with 7th character K (nonunion), onset 200 days ago, is unknown with the review note (not not-met)', () => {
    const c = criterion(run({ resources: [fractureAt('M80.08XK', 200)] }), 'fracture-age');
    expect(c.status).toBe('unknown');
    expect(c.note ?? '').toContain(NONUNION_NOTE);
  });

  it('fracture-age: 7th character G (delayed healing) on S32.010G is unknown with the review note', () => {
    const c = criterion(run({ resources: [fractureAt('S32.010G', 150)] }), 'fracture-age');
    expect(c.status).toBe('unknown');
    expect(c.note ?? '').toContain(NONUNION_NOTE);
  });

  it('fracture-age: Kümmell disease in the text of a chronic vertebral fracture is unknown with the review note, not not-met', () => {
    const kummell = condition(VCF_ICD, { clinicalStatus: 'active', onset: daysAgo(200), text: 'Kümmell disease T12 (intravertebral cleft)' });
    const a = run({ resources: [kummell] });
    expect(criterion(a, 'fracture-age').status).toBe('unknown');
    expect(criterion(a, 'fracture-age').note ?? '').toContain(NONUNION_NOTE);
    expect(a.verdict).not.toBe('not-candidate');
  });

  for (const word of ['nonunion', 'non-union', 'pseudarthrosis', 'delayed healing', 'Kummell', 'vacuum cleft']) {
    it(`fracture-age: the text "${word}" on a chronic vertebral fracture gives unknown`, () => {
      const c = condition(VCF_ICD, { clinicalStatus: 'active', onset: daysAgo(300), text: `L1 fracture, ${word}` });
      expect(criterion(run({ resources: [c] }), 'fracture-age').status).toBe('unknown');
    });
  }

  it('fracture-age: answers.nonunionOrCleft false turns a coded nonunion 200 days old into chronic (not-met)', () => {
    expect(criterion(run({ resources: [fractureAt('M80.08XK', 200)], answers: { nonunionOrCleft: false } }), 'fracture-age').status).toBe('not-met');
  });

  it('fracture-age: answers.nonunionOrCleft true is met with its note, even with only a chronic fracture', () => {
    const c = criterion(run({ resources: [fractureAt('M80.08XA', 300)], answers: { nonunionOrCleft: true } }), 'fracture-age');
    expect(c.status).toBe('met');
    expect(c.note ?? '').toContain("Nonunion or intravertebral cleft: outside the LCD's 12 weeks; document it");
  });

  it('fracture-age: a nonunion and an acute fracture (10 days) together are met (the newest fracture is treated)', () => {
    expect(criterion(run({ resources: [fractureAt('M80.08XK', 200), fractureAt('M80.08XA', 10)] }), 'fracture-age').status).toBe('met');
  });

  it('fracture-age: onset 84 days ago is met (subacute), 85 days ago not-met', () => {
    const at84 = criterion(run({ resources: [fractureAt('M80.08XA', 84)] }), 'fracture-age');
    expect(at84.status).toBe('met');
    expect(at84.note ?? '').toMatch(/subacute/);
    expect(criterion(run({ resources: [fractureAt('M80.08XA', 85)] }), 'fracture-age').status).toBe('not-met');
  });

  it('fracture-age: the "subacute" note starts at 43 days, not at 42', () => {
    expect(criterion(run({ resources: [fractureAt('M80.08XA', 43)] }), 'fracture-age').note ?? '').toMatch(/subacute/);
    expect(criterion(run({ resources: [fractureAt('M80.08XA', 42)] }), 'fracture-age').note ?? '').not.toMatch(/subacute/);
  });

  it('fracture-age: answers.onsetDate 85 days ago is not-met; 84 days met', () => {
    expect(criterion(run({ answers: { onsetDate: daysAgo(85) } }), 'fracture-age').status).toBe('not-met');
    expect(criterion(run({ answers: { onsetDate: daysAgo(84) } }), 'fracture-age').status).toBe('met');
  });

  it('fracture-age: a partial onset "2026-10" (any day 43-84 days before asOf) is met with the subacute note', () => {
    const c = criterion(run({ resources: [fractureAt('M80.08XA', undefined, { onset: '2026-10' })] }), 'fracture-age');
    expect(c.status).toBe('met');
    expect(c.note ?? '').toMatch(/subacute/);
  });

  it('fracture-age: a partial onset "2026-08-3" style year-month across the 85-day edge: "2026-08" not-met, "2026" unknown', () => {
    expect(criterion(run({ resources: [fractureAt('M80.08XA', undefined, { onset: '2026-08' })] }), 'fracture-age').status).toBe('not-met');
    expect(criterion(run({ resources: [fractureAt('M80.08XA', undefined, { onset: '2026' })] }), 'fracture-age').status).toBe('unknown');
  });

  it('fracture-age: no onset and a recordedDate 100 days ago is chronic (not-met); recordedDate 10 days ago alone is undated (unknown)', () => {
    expect(criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', recordedDate: daysAgo(100) })] }), 'fracture-age').status).toBe('not-met');
    expect(criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', recordedDate: daysAgo(10) })] }), 'fracture-age').status).toBe('unknown');
  });
});

describe('conservative-care (v2): 7 to 84 days, no ServiceRequest, no injected lidocaine', () => {
  const PT = snomed('91251008', 'Physical therapy procedure');

  it('conservative-care: physical therapy started 7 days ago is tried (v3); 6 days ago unknown with "started less than 7 days ago"', () => {
    expect(careReading(criterion(run({ resources: [procedure(PT, dtAgo(7))] }), 'conservative-care'))).toBe('tried');
    const recent = criterion(run({ resources: [procedure(PT, dtAgo(6))] }), 'conservative-care');
    expect(careReading(recent)).toBe('not tried');
    expect(text(recent)).toContain('started less than 7 days ago');
  });

  it('conservative-care: evidence started 84 days ago is tried (v3), 85 days ago is not (unknown)', () => {
    expect(careReading(criterion(run({ resources: [procedure(PT, dtAgo(84))] }), 'conservative-care'))).toBe('tried');
    expect(careReading(criterion(run({ resources: [procedure(PT, dtAgo(85))] }), 'conservative-care'))).toBe('not tried');
  });

  it('conservative-care: a physical-therapy referral (ServiceRequest) placed yesterday is not care tried (unknown)', () => {
    expect(careReading(criterion(run({ resources: [serviceRequest(PT, 'active', dtAgo(1))] }), 'conservative-care'))).toBe('not tried');
  });

  it('conservative-care: a ServiceRequest alone never counts, even 30 days old and completed (unknown)', () => {
    expect(careReading(criterion(run({ resources: [serviceRequest(PT, 'completed', dtAgo(30)), serviceRequest(cpt('97110'), 'active', dtAgo(30))] }), 'conservative-care'))).toBe('not tried');
  });

  it('conservative-care: injected lidocaine is not an analgesic trial (unknown); a lidocaine patch is (tried, v3)', () => {
    expect(careReading(criterion(run({ resources: [medication('Lidocaine HCl 10 MG/ML Injectable Solution', { date: dtAgo(20) })] }), 'conservative-care'))).toBe('not tried');
    expect(careReading(criterion(run({ resources: [medication('lidocaine 1% injection', { date: dtAgo(20) })] }), 'conservative-care'))).toBe('not tried');
    expect(careReading(criterion(run({ resources: [medication('Lidocaine 40 MG/ML IV solution', { date: dtAgo(20) })] }), 'conservative-care'))).toBe('not tried');
    expect(careReading(criterion(run({ resources: [medication('Lidocaine 0.05 MG/MG Medicated Patch', { date: dtAgo(20) })] }), 'conservative-care'))).toBe('tried');
  });

  it('conservative-care: an analgesic ordered 20 days ago is tried (v3); ordered 3 days ago is not yet (unknown)', () => {
    expect(careReading(criterion(run({ resources: [medication('Acetaminophen 500 MG Oral Tablet', { date: dtAgo(20) })] }), 'conservative-care'))).toBe('tried');
    expect(careReading(criterion(run({ resources: [medication('Acetaminophen 500 MG Oral Tablet', { date: dtAgo(3) })] }), 'conservative-care'))).toBe('not tried');
  });
});

describe('severe-pain, pain-course, coagulopathy with the §0 value and latest rules', () => {
  const noFindings: Answers = { heightLossOver25: false, kyphoticDeformity: false, progressiveHeightLoss: false, rdqScore: 10 };

  it('severe-pain: the newest pain score "9" as valueString beats an older 3 (met)', () => {
    expect(criterion(run({ resources: [pain(3, 6), painText('9', 1)] }), 'severe-pain').status).toBe('met');
  });

  it('severe-pain: an unreadable newest score is never replaced by an older 9 (unknown)', () => {
    expect(criterion(run({ resources: [pain(9, 6), painText('moderate', 1)] }), 'severe-pain').status).toBe('unknown');
  });

  it('pain-course: earliest 3 and latest "7" (text) within 84 days is worsening (met)', () => {
    expect(criterion(run({ resources: [pain(3, 60), painText('7', 2)] }), 'pain-course').status).toBe('met');
  });

  it('pain-course: earliest 6 and latest "4" with every finding answered false is not-met', () => {
    expect(criterion(run({ resources: [pain(6, 60), painText('4', 2)], answers: noFindings }), 'pain-course').status).toBe('not-met');
  });

  it('pain-course: an unreadable latest ("severe") makes worsening unknown, not the older scores (unknown)', () => {
    expect(criterion(run({ resources: [pain(3, 60), pain(2, 30), painText('severe', 2)], answers: noFindings }), 'pain-course').status).toBe('unknown');
  });

  it('pain-course: an unreadable earliest ("2-3") makes worsening unknown (unknown)', () => {
    expect(criterion(run({ resources: [painText('2-3', 60), pain(8, 2)], answers: noFindings }), 'pain-course').status).toBe('unknown');
  });

  it('coagulopathy: an unreadable latest INR is never replaced by an older 2.5 (unknown, not present)', () => {
    const c = contra(run({ resources: [inr(2.5, 20), observation('6301-6', 'see comment', undefined, dtAgo(2)), platelets(200, 2)] }), 'coagulopathy');
    expect(c.status).toBe('unknown');
  });

  it('coagulopathy: latest platelets unreadable (no unit) with an older 30 is unknown', () => {
    const unitless = observation('777-3', 150, undefined, dtAgo(2));
    expect(contra(run({ resources: [platelets(30, 20), unitless, inr(1.0, 2)] }), 'coagulopathy').status).toBe('unknown');
  });

  it('coagulopathy: platelets "38 x10E3/uL" (valueString) present; INR 1.1 and platelets "180 K/uL" absent', () => {
    expect(contra(run({ resources: [observation('777-3', '38 x10E3/uL', undefined, dtAgo(2))] }), 'coagulopathy').status).toBe('present');
    expect(contra(run({ resources: [observation('777-3', '180 K/uL', undefined, dtAgo(2)), observation('6301-6', '1.1', undefined, dtAgo(2))] }), 'coagulopathy').status).toBe('absent');
  });
});

describe('pregnancy (v2): answer, male, 55+, then the newest evidence', () => {
  it('pregnancy: answers.pregnant false wins over a positive hCG (absent); true wins for a man (present)', () => {
    expect(contra(run({ patient: woman(30), resources: [hcg(POSITIVE, 2)], answers: { pregnant: false } }), 'pregnancy').status).toBe('absent');
    expect(contra(run({ patient: { birthDate: birthDateForAge(40), gender: 'male' }, answers: { pregnant: true } }), 'pregnancy').status).toBe('present');
  });

  it('pregnancy: a man with a positive hCG is absent, with the tumour-marker note', () => {
    const c = contra(run({ patient: { birthDate: birthDateForAge(40), gender: 'male' }, resources: [hcg(POSITIVE, 2)] }), 'pregnancy');
    expect(c.status).toBe('absent');
    expect(c.note ?? '').toContain('hCG in a male patient is a tumour marker, not a pregnancy test');
  });

  it('pregnancy: a woman of 58 with a low positive quantitative hCG (12 mIU/mL) is absent, with the menopause note', () => {
    const c = contra(run({ patient: woman(58), resources: [observation('19080-1', 12, 'm[IU]/mL', dtAgo(2))] }), 'pregnancy');
    expect(c.status).toBe('absent');
    expect((c.note ?? '').toLowerCase()).toContain('a low positive hcg after menopause is common and is not read as pregnancy');
  });

  it('pregnancy: a woman of 30 with a quantitative hCG 12 mIU/mL (> 5) is present; 4 mIU/mL is negative (absent)', () => {
    expect(contra(run({ patient: woman(30), resources: [observation('19080-1', 12, 'm[IU]/mL', dtAgo(2))] }), 'pregnancy').status).toBe('present');
    expect(contra(run({ patient: woman(30), resources: [observation('19080-1', 4, 'm[IU]/mL', dtAgo(2))] }), 'pregnancy').status).toBe('absent');
  });

  it('pregnancy: a postpartum woman (O80 delivery 40 days ago, Z34.00 200 days ago) with a newer negative hCG is absent', () => {
    const a = run({ patient: woman(30), resources: [condition(icd10('Z34.00'), { ...active, onset: daysAgo(200) }), condition(icd10('O80'), { ...active, onset: daysAgo(40) }), hcg(NEGATIVE, 3)] });
    expect(contra(a, 'pregnancy').status).toBe('absent');
  });

  for (const [code, what] of [
    ['O80', 'delivery'], ['O82', 'caesarean delivery'], ['O85', 'puerperal sepsis'], ['O90.89', 'puerperium complication'],
    ['O92.70', 'lactation disorder'], ['O03.9', 'spontaneous abortion'], ['O00.90', 'ectopic pregnancy'], ['O94', 'sequelae'],
  ] as const) {
    it(`pregnancy: ${what} (${code}) is never a current pregnancy (unknown without a test, not present)`, () => {
      const c = contra(run({ patient: woman(30), resources: [condition(icd10(code), { ...active, onset: daysAgo(20) })] }), 'pregnancy');
      expect(c.status).toBe('unknown');
    });
  }

  it('pregnancy: an active O09.90 (supervision of high-risk pregnancy) 20 days ago is present (other O codes still count)', () => {
    expect(contra(run({ patient: woman(30), resources: [condition(icd10('O09.90'), { ...active, onset: daysAgo(20) })] }), 'pregnancy').status).toBe('present');
  });

  it('pregnancy: a negative hCG newer than a pregnancy condition wins (absent)', () => {
    expect(contra(run({ patient: woman(30), resources: [condition(icd10('Z34.00'), { ...active, onset: daysAgo(100) }), hcg(NEGATIVE, 2)] }), 'pregnancy').status).toBe('absent');
  });

  it('pregnancy: a pregnancy condition newer than a negative hCG wins (present)', () => {
    expect(contra(run({ patient: woman(30), resources: [condition(icd10('Z34.00'), { ...active, onset: daysAgo(2) }), hcg(NEGATIVE, 5)] }), 'pregnancy').status).toBe('present');
  });

  it('pregnancy: an undated pregnancy condition is older than any dated item (a negative hCG 3 days ago wins: absent); alone it is present', () => {
    expect(contra(run({ patient: woman(30), resources: [condition(icd10('Z34.00'), active), hcg(NEGATIVE, 3)] }), 'pregnancy').status).toBe('absent');
    expect(contra(run({ patient: woman(30), resources: [condition(icd10('Z34.00'), active)] }), 'pregnancy').status).toBe('present');
  });

  it('pregnancy: a positive and a negative hCG on the same newest day are unknown', () => {
    expect(contra(run({ patient: woman(30), resources: [hcg(POSITIVE, 2), hcg(NEGATIVE, 2)] }), 'pregnancy').status).toBe('unknown');
  });

  it('pregnancy: status 82810-3 "pregnant" 100 days ago is present; "not pregnant" 3 days ago newer wins (absent)', () => {
    const pregnant = observation('82810-3', loinc('LA15173-0', 'Pregnant'), undefined, dtAgo(100));
    const notPregnant = observation('82810-3', loinc('LA26683-5', 'Not pregnant'), undefined, dtAgo(3));
    expect(contra(run({ patient: woman(30), resources: [pregnant] }), 'pregnancy').status).toBe('present');
    expect(contra(run({ patient: woman(30), resources: [pregnant, notPregnant] }), 'pregnancy').status).toBe('absent');
  });

  it('pregnancy: a partial birth date uses the youngest possible age ("1972": 54, could be pregnant; "1971-10": 55, cannot)', () => {
    expect(contra(run({ patient: { birthDate: '1972', gender: 'female' }, resources: [hcg(POSITIVE, 2)] }), 'pregnancy').status).toBe('present');
    expect(contra(run({ patient: { birthDate: '1971-10', gender: 'female' }, resources: [hcg(POSITIVE, 2)] }), 'pregnancy').status).toBe('absent');
  });
});

describe('instability (v2, absolute)', () => {
  it('instability: is absolute with the spec label', () => {
    const c = contra(run(), 'instability');
    expect(c.kind).toBe('absolute');
    expect(c.label).toBe('Unstable fracture or acute spinal cord / cauda equina injury: surgical evaluation first');
  });

  it('instability: an unstable burst fracture (S32.012A, 6th character 2) 10 days ago is present: not-candidate with candidate answers', () => {
    const a = run({ resources: [fractureAt('S32.012A', 10)], answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'instability').status).toBe('present');
    expect(a.verdict).toBe('not-candidate');
  });

  it('instability: unstable burst S22.062A (thoracic) 10 days ago is present', () => {
    expect(contra(run({ resources: [fractureAt('S22.062A', 10)] }), 'instability').status).toBe('present');
  });

  for (const [code, what] of [
    ['S34.3XXA', 'cauda equina injury'], ['G83.4', 'cauda equina syndrome'], ['S24.109A', 'thoracic cord injury'],
    ['S34.109A', 'lumbar cord injury'], ['S14.109A', 'cervical cord injury'], ['S34.01XA', 'lumbar cord concussion'],
  ] as const) {
    it(`instability: ${what} (${code}) 10 days ago is present`, () => {
      expect(contra(run({ resources: [fractureAt(code, 10)] }), 'instability').status).toBe('present');
    });
  }

  it('instability: an unstable burst fracture with a cauda equina injury is not-candidate (the v1 spec said candidate)', () => {
    const a = run({ resources: [fractureAt('S32.012A', 10), fractureAt('S34.3XXA', 10)], answers: CANDIDATE_ANSWERS });
    expect(a.verdict).toBe('not-candidate');
  });

  it('instability: a sequela (7th character S, S34.3XXS) never counts (absent)', () => {
    expect(contra(run({ resources: [fractureAt('S34.3XXS', 10)] }), 'instability').status).toBe('absent');
    expect(contra(run({ resources: [fractureAt('S32.012S', 10)] }), 'instability').status).toBe('absent');
  });

  it('instability: an undated unstable burst fracture is unknown', () => {
    expect(contra(run({ resources: [fractureAt('S32.012A', undefined)] }), 'instability').status).toBe('unknown');
  });

  it('instability: dated by recordedDate (no onset) 10 days ago is present', () => {
    expect(contra(run({ resources: [condition(icd10('S32.012A'), { ...active, recordedDate: daysAgo(10) })] }), 'instability').status).toBe('present');
  });

  it('instability: one older than 84 days is listed as evidence but absent; 84 days is present', () => {
    const old = fractureAt('S32.012A', 85, { id: 'old-burst' });
    const c = contra(run({ resources: [old] }), 'instability');
    expect(c.status).toBe('absent');
    expect(c.evidence.map((e) => e.id)).toContain('old-burst');
    expect(contra(run({ resources: [fractureAt('S32.012A', 84)] }), 'instability').status).toBe('present');
  });

  it('instability: answers.unstableFracture true is present; false wins over a coded unstable burst (absent)', () => {
    expect(contra(run({ answers: { unstableFracture: true } }), 'instability').status).toBe('present');
    expect(contra(run({ resources: [fractureAt('S32.012A', 10)], answers: { unstableFracture: false } }), 'instability').status).toBe('absent');
  });

  it('instability: a stable burst fracture (S32.011A) is absent with the CT note', () => {
    const c = contra(run({ resources: [fractureAt('S32.011A', 10)] }), 'instability');
    expect(c.status).toBe('absent');
    expect(c.note ?? '').toContain('Stable burst fracture: check the posterior wall and retropulsion on CT');
  });

  it('instability: a wedge fracture (S32.010A) is absent, "none documented", no burst note', () => {
    const c = contra(run({ resources: [fractureAt('S32.010A', 10)] }), 'instability');
    expect(c.status).toBe('absent');
    expect(text(c)).toContain('none documented');
    expect(c.note ?? '').not.toContain('Stable burst');
  });
});

describe('under-18 (v2, absolute)', () => {
  it('under-18: a girl of 12 is present and not-candidate, even with every criterion answered', () => {
    const a = run({ patient: woman(12), answers: { ...CANDIDATE_ANSWERS, pregnant: false } });
    const c = contra(a, 'under-18');
    expect(c.status).toBe('present');
    expect(c.kind).toBe('absolute');
    expect(c.label).toBe('Under 18: outside the adult indication; refer to paediatric spine');
    expect(a.verdict).toBe('not-candidate');
  });

  it('under-18: 18 today is absent; one day short of 18 is present', () => {
    expect(contra(run({ patient: { birthDate: '2008-11-24', gender: 'male' } }), 'under-18').status).toBe('absent');
    expect(contra(run({ patient: { birthDate: '2008-11-25', gender: 'male' } }), 'under-18').status).toBe('present');
  });

  it('under-18: partial birth dates use the youngest possible age ("2008": 17 present, "2008-11": 17 present, "2008-10": 18 absent)', () => {
    expect(contra(run({ patient: { birthDate: '2008', gender: 'male' } }), 'under-18').status).toBe('present');
    expect(contra(run({ patient: { birthDate: '2008-11', gender: 'male' } }), 'under-18').status).toBe('present');
    expect(contra(run({ patient: { birthDate: '2008-10', gender: 'male' } }), 'under-18').status).toBe('absent');
  });

  it('under-18: no birth date is unknown (and so never candidate)', () => {
    const a = run({ patient: { gender: 'male' }, answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'under-18').status).toBe('unknown');
    expect(a.verdict).toBe('needs-information');
  });
});

describe('spinal-infection (v2): a condition without a status', () => {
  const osteo = (opts: Parameters<typeof condition>[1]) => condition(icd10('M46.26', 'Osteomyelitis of vertebra, lumbar region'), opts);

  it('spinal-infection: no status, onset 90 days ago is present; 91 days ago absent', () => {
    expect(contra(run({ resources: [osteo({ onset: daysAgo(90) })] }), 'spinal-infection').status).toBe('present');
    expect(contra(run({ resources: [osteo({ onset: daysAgo(91) })] }), 'spinal-infection').status).toBe('absent');
  });

  it('spinal-infection: no status and undated is present', () => {
    expect(contra(run({ resources: [osteo({})] }), 'spinal-infection').status).toBe('present');
  });

  it('spinal-infection: no status, no onset, recordedDate 30 days ago is present (condition date)', () => {
    expect(contra(run({ resources: [osteo({ recordedDate: daysAgo(30) })] }), 'spinal-infection').status).toBe('present');
  });

  it('spinal-infection: an explicitly active one 400 days ago is still present', () => {
    expect(contra(run({ resources: [osteo({ clinicalStatus: 'active', onset: daysAgo(400) })] }), 'spinal-infection').status).toBe('present');
  });

  it('spinal-infection: sepsis A41.9 without status 200 days ago is absent; 20 days ago present', () => {
    expect(contra(run({ resources: [condition(icd10('A41.9'), { onset: daysAgo(200) })] }), 'spinal-infection').status).toBe('absent');
    expect(contra(run({ resources: [condition(icd10('A41.9'), { onset: daysAgo(20) })] }), 'spinal-infection').status).toBe('present');
  });
});

describe('anticoagulant-use (v2): brands, RxNorm ingredient codes, heparin flushes', () => {
  for (const name of ['Eliquis 5 MG Oral Tablet', 'Plavix 75 MG Oral Tablet', 'Xarelto 20 MG Oral Tablet', 'Brilinta 90 MG', 'Lovenox 40 MG/0.4ML', 'Coumadin 5 MG', 'Pletal 100 MG']) {
    it(`anticoagulant-use: by brand "${name}" is present`, () => {
      expect(contra(run({ resources: [medication(name)] }), 'anticoagulant-use').status).toBe('present');
    });
  }

  for (const [code, what] of [
    ['11289', 'warfarin'], ['1364430', 'apixaban'], ['1114195', 'rivaroxaban'], ['1037042', 'dabigatran'], ['1599538', 'edoxaban'],
    ['5224', 'heparin'], ['67108', 'enoxaparin'], ['32968', 'clopidogrel'], ['613391', 'prasugrel'], ['1116632', 'ticagrelor'],
  ] as const) {
    it(`anticoagulant-use: RxNorm ingredient code ${code} (${what}) without any name is present`, () => {
      expect(contra(run({ resources: [medicationCoded([{ system: SYS.rxnorm, code }])] }), 'anticoagulant-use').status).toBe('present');
    });
  }

  it('anticoagulant-use: a MedicationStatement for Eliquis on hold is present; a completed one is absent', () => {
    expect(contra(run({ resources: [medication('Eliquis', { resourceType: 'MedicationStatement', status: 'on-hold' })] }), 'anticoagulant-use').status).toBe('present');
    expect(contra(run({ resources: [medication('Eliquis', { status: 'completed' })] }), 'anticoagulant-use').status).toBe('absent');
  });

  it('anticoagulant-use: heparin flushes and catheter locks are excluded (absent, none documented)', () => {
    for (const name of ['Heparin Lock Flush 100 UNT/ML Injectable Solution', 'heparin sodium 10 unit/mL flush syringe', 'Heparin catheter lock solution']) {
      const c = contra(run({ resources: [medication(name)] }), 'anticoagulant-use');
      expect(c.status, name).toBe('absent');
    }
  });

  it('anticoagulant-use: a heparin flush coded with the heparin ingredient code (5224) is still excluded by its text (absent)', () => {
    const flush = medicationCoded([{ system: SYS.rxnorm, code: '5224', display: 'heparin' }], { text: 'Heparin lock flush 10 units/mL' });
    expect(contra(run({ resources: [flush] }), 'anticoagulant-use').status).toBe('absent');
  });

  it('anticoagulant-use: therapeutic heparin 5000 units injection is present', () => {
    expect(contra(run({ resources: [medication('Heparin Sodium 5000 UNT/ML Injectable Solution')] }), 'anticoagulant-use').status).toBe('present');
  });
});

describe('cement-allergy (v2): more names', () => {
  for (const name of ['Barium sulfate', 'Contrast dye', 'Iodinated contrast media', 'Omnipaque', 'Visipaque', 'iohexol', 'radiocontrast agent', 'Acrylic cement', 'polymethyl methacrylate']) {
    it(`cement-allergy: an active allergy to "${name}" is present`, () => {
      expect(contra(run({ resources: [allergy(name, { clinicalStatus: 'active' })] }), 'cement-allergy').status).toBe('present');
    });
  }

  it('cement-allergy: penicillin is absent, none documented', () => {
    const c = contra(run({ resources: [allergy('Penicillin', { clinicalStatus: 'active' })] }), 'cement-allergy');
    expect(c.status).toBe('absent');
    expect(text(c)).toContain('none documented');
  });
});

describe('neurologic-compromise (v2): cord and cauda equina injury codes', () => {
  for (const code of ['S34.3XXA', 'S24.109A', 'S14.109A', 'S34.01XA', 'S14.0XXA', 'S24.0XXA', 'G83.4', 'G95.20', 'G99.2']) {
    it(`neurologic-compromise: ${code} (any date) is present`, () => {
      expect(contra(run({ resources: [fractureAt(code, 400)] }), 'neurologic-compromise').status).toBe('present');
    });
  }

  it('neurologic-compromise: a plain wedge fracture is absent', () => {
    expect(contra(run({ resources: [fractureAt('S32.010A', 10)] }), 'neurologic-compromise').status).toBe('absent');
  });
});

describe('too-many-levels (v2): from the record levels', () => {
  it('too-many-levels: four record levels within 84 days (L1-L4) are present', () => {
    const a = run({ resources: ['S32.010A', 'S32.020A', 'S32.030A', 'S32.040A'].map((c) => fractureAt(c, 10)) });
    expect(a.recordLevels).toEqual(['L1', 'L2', 'L3', 'L4']);
    expect(contra(a, 'too-many-levels').status).toBe('present');
  });

  it('too-many-levels: three record levels are unknown (never absent from the record)', () => {
    expect(contra(run({ resources: ['S32.010A', 'S32.020A', 'S32.030A'].map((c) => fractureAt(c, 10)) }), 'too-many-levels').status).toBe('unknown');
  });

  it('too-many-levels: a fourth level older than 84 days does not count (unknown)', () => {
    const resources = [fractureAt('S32.010A', 10), fractureAt('S32.020A', 10), fractureAt('S32.030A', 10), fractureAt('S32.040A', 85)];
    expect(contra(run({ resources }), 'too-many-levels').status).toBe('unknown');
  });

  it('too-many-levels: levels from bodySite text count (T12 + L1-L3: present)', () => {
    const t12 = withFields(fractureAt('M80.08XA', 10), { bodySite: [{ text: 'T12' }] });
    expect(contra(run({ resources: [t12, fractureAt('S32.010A', 10), fractureAt('S32.020A', 10), fractureAt('S32.030A', 10)] }), 'too-many-levels').status).toBe('present');
  });

  it('too-many-levels: answers.levels with 2 levels wins over 4 record levels (absent)', () => {
    const resources = ['S32.010A', 'S32.020A', 'S32.030A', 'S32.040A'].map((c) => fractureAt(c, 10));
    expect(contra(run({ resources, answers: { levels: ['L1', 'L2'] } }), 'too-many-levels').status).toBe('absent');
  });
});

describe('prior-augmentation (v2, relative)', () => {
  it('prior-augmentation: a kyphoplasty (CPT 22513) years ago is present, with its date and the spec label', () => {
    const c = contra(run({ resources: [procedure(cpt('22513'), '2019-05-02', { id: 'kp1' })] }), 'prior-augmentation');
    expect(c.status).toBe('present');
    expect(c.kind).toBe('relative');
    expect(c.label).toBe('Prior vertebral augmentation: check adjacent-level fracture');
    expect(c.evidence.find((e) => e.id === 'kp1')?.date ?? '').toContain('2019-05-02');
  });

  it('prior-augmentation: by text ("Vertebroplasty L2") and old codes (22520) is present', () => {
    expect(contra(run({ resources: [procedure({ text: 'Vertebroplasty L2' }, dtAgo(400))] }), 'prior-augmentation').status).toBe('present');
    expect(contra(run({ resources: [procedure(cpt('22520'), '2012-01-10')] }), 'prior-augmentation').status).toBe('present');
  });

  it('prior-augmentation: the level (bodySite) is shown in the evidence when recorded', () => {
    const kp = withFields(procedure(cpt('22514'), dtAgo(300), { id: 'kp2' }), { bodySite: [{ text: 'L2' }] });
    expect(text(contra(run({ resources: [kp] }), 'prior-augmentation'))).toContain('L2');
  });

  it('prior-augmentation: not-done, entered-in-error or cancelled procedures do not count (absent, none documented)', () => {
    for (const status of ['not-done', 'entered-in-error', 'cancelled']) {
      const c = contra(run({ resources: [procedure(cpt('22513'), dtAgo(300), { status })] }), 'prior-augmentation');
      expect(c.status, status).toBe('absent');
      expect(text(c)).toContain('none documented');
    }
  });
});

describe('§4 reasons end with "Caution: " lines', () => {
  const candidate = (resources: Resource[]): Assessment => run({ resources, answers: CANDIDATE_ANSWERS });

  it('§4: the candidate baseline has no caution lines', () => {
    const a = candidate([]);
    expect(a.verdict).toBe('candidate');
    expect(a.reasons.some((r) => r.startsWith('Caution: '))).toBe(false);
  });

  it('§4: a candidate with Eliquis, a cement allergy and a prior kyphoplasty ends with three cautions in §3 order', () => {
    const a = candidate([procedure(cpt('22513'), '2019-05-02'), allergy('Bone cement', { clinicalStatus: 'active' }), medication('Eliquis 5 MG Oral Tablet')]);
    expect(a.verdict).toBe('candidate');
    expect(a.reasons.slice(-3)).toEqual([
      `Caution: ${contra(a, 'anticoagulant-use').label}`,
      `Caution: ${contra(a, 'cement-allergy').label}`,
      'Caution: Prior vertebral augmentation: check adjacent-level fracture',
    ]);
  });

  it('§4: caution lines come after the other reasons of a not-candidate (coagulopathy caution after the under-18 reason)', () => {
    const a = run({ patient: { birthDate: birthDateForAge(15), gender: 'male' }, resources: [platelets(30, 2)] });
    expect(a.verdict).toBe('not-candidate');
    expect(a.reasons.at(-1)).toBe(`Caution: ${contra(a, 'coagulopathy').label}`);
    expect(a.reasons.filter((r) => r.startsWith('Caution: '))).toHaveLength(1);
  });
});

describe('issue 8 "Why" cases, judged on the whole verdict', () => {
  const { painScore: _p, ...answersWithoutPain } = CANDIDATE_ANSWERS;
  const { onsetDate: _o, ...answersWithoutOnset } = CANDIDATE_ANSWERS;
  const { conservativeCareTried: _c, ...answersWithoutCare } = CANDIDATE_ANSWERS;
  const { vcf: _v, onsetDate: _o2, ...answersWithoutFracture } = CANDIDATE_ANSWERS;
  const caution = (a: Assessment, id: string) => `Caution: ${contra(a, id).label}`;
  const localFirst = (hl7System: string, code: string) => ({
    coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.4.698084.10375', code: '1', display: 'Problem list' }, { system: hl7System, code }],
  });

  it('spinal-infection: active vertebral osteomyelitis with a local clinicalStatus coding first -> not-candidate', () => {
    const osteo = withFields(condition(icd10('M46.26'), { onset: daysAgo(300) }), { clinicalStatus: localFirst('http://terminology.hl7.org/CodeSystem/condition-clinical', 'active') });
    const a = run({ resources: [osteo], answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'spinal-infection').status).toBe('present');
    expect(a.verdict).toBe('not-candidate');
  });

  it('vcf: a fracture entered-in-error (local verification coding first) does not count: needs-information, not candidate', () => {
    const eie = withFields(fractureAt('M80.08XA', 20), { verificationStatus: localFirst('http://terminology.hl7.org/CodeSystem/condition-ver-status', 'entered-in-error') });
    const a = run({ resources: [eie], answers: answersWithoutFracture });
    expect(criterion(a, 'vcf').status).toBe('unknown');
    expect(a.verdict).toBe('needs-information');
  });

  it('cement-allergy: an active bone-cement allergy with a local clinicalStatus coding first ends the reasons with its caution', () => {
    const pmma = withFields(allergy('Bone cement (PMMA)'), { clinicalStatus: localFirst('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active') });
    const a = run({ resources: [pmma], answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'cement-allergy').status).toBe('present');
    expect(a.reasons.at(-1)).toBe(caution(a, 'cement-allergy'));
  });

  it('severe-pain: the newest pain score "9" as valueString over an older 3 -> candidate, not not-candidate', () => {
    const a = run({ resources: [pain(3, 8), painText('9', 1)], answers: answersWithoutPain });
    expect(criterion(a, 'severe-pain').status).toBe('met');
    expect(a.verdict).toBe('candidate');
  });

  it('fracture-age: an onset recorded to the month ("2026-10", 24-54 days before AS_OF) is an onset -> candidate', () => {
    const a = run({ resources: [fractureAt('M80.08XA', undefined, { onset: '2026-10' })], answers: answersWithoutOnset });
    expect(criterion(a, 'fracture-age').status).toBe('met');
    expect(a.verdict).toBe('candidate');
  });

  for (const [value, unit] of [[40, '10*3/uL'], [40, 'x10E3/uL'], [40, 'thou/uL'], [40, 'K/uL'], [40000, '/uL']] as const) {
    it(`coagulopathy: platelets ${value} ${unit} -> present, cautioned`, () => {
      const p = withFields(observation('777-3', undefined, undefined, dtAgo(2)), { valueQuantity: { value, unit } });
      const a = run({ resources: [p], answers: CANDIDATE_ANSWERS });
      expect(contra(a, 'coagulopathy').status).toBe('present');
      expect(a.reasons).toContain(caution(a, 'coagulopathy'));
    });
  }

  it('anticoagulant-use: Eliquis and Plavix by brand -> present, cautioned', () => {
    for (const name of ['ELIQUIS 5 MG TABLET', 'Plavix 75 mg tablet']) {
      const a = run({ resources: [medication(name)], answers: CANDIDATE_ANSWERS });
      expect(contra(a, 'anticoagulant-use').status, name).toBe('present');
      expect(a.reasons.at(-1)).toBe(caution(a, 'anticoagulant-use'));
    }
  });

  it('pregnancy: a man with a positive hCG -> absent, candidate', () => {
    const a = run({ patient: { birthDate: birthDateForAge(62), gender: 'male' }, resources: [hcg(POSITIVE, 3)], answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'pregnancy').status).toBe('absent');
    expect(a.verdict).toBe('candidate');
  });

  it('pregnancy: a 58-year-old woman with a low positive hCG -> absent, candidate', () => {
    const a = run({ patient: woman(58), resources: [observation('19080-1', 9, 'm[IU]/mL', dtAgo(3))], answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'pregnancy').status).toBe('absent');
    expect(a.verdict).toBe('candidate');
  });

  it('pregnancy: a postpartum woman (pregnancy code, then O80 delivery) with a newer negative test -> absent', () => {
    const a = run({ patient: woman(32), resources: [condition(icd10('Z3A.39'), { ...active, onset: daysAgo(60) }), condition(icd10('O80'), { ...active, onset: daysAgo(30) }), hcg(NEGATIVE, 2)], answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'pregnancy').status).toBe('absent');
    expect(a.verdict).toBe('candidate');
  });

  it('under-18: a girl of 12 -> not-candidate', () => {
    expect(run({ patient: woman(12), resources: [hcg(NEGATIVE, 1)], answers: CANDIDATE_ANSWERS }).verdict).toBe('not-candidate');
  });

  it('conservative-care: a physical-therapy referral placed yesterday is not care tried -> needs-information', () => {
    const a = run({ resources: [serviceRequest(snomed('91251008', 'Physical therapy procedure'), 'active', dtAgo(1))], answers: answersWithoutCare });
    expect(criterion(a, 'conservative-care').status).toBe('unknown');
    expect(a.verdict).toBe('needs-information');
  });

  it('pathway: breast cancer with a neoplastic vertebral fracture -> malignant pathway (fracture-age not required)', () => {
    const a = run({ patient: woman(66), resources: [condition(icd10('C50.911'), active), fractureAt('M84.58XA', 200)] });
    expect(a.pathway).toBe('malignant');
    expect(criterion(a, 'fracture-age').required).toBe(false);
  });

  it('fracture-age: Kümmell nonunion -> unknown and needs-information, not a flat not-met', () => {
    const kummell = fractureAt('M80.08XA', 250, { text: 'Kummell disease L1' });
    const a = run({ resources: [kummell], answers: answersWithoutOnset });
    expect(criterion(a, 'fracture-age').status).toBe('unknown');
    expect(a.verdict).toBe('needs-information');
  });

  it('prior-augmentation: a prior kyphoplasty -> present, cautioned, verdict unchanged', () => {
    const a = run({ resources: [procedure({ text: 'Kyphoplasty T12' }, '2021-03-03')], answers: CANDIDATE_ANSWERS });
    expect(contra(a, 'prior-augmentation').status).toBe('present');
    expect(a.verdict).toBe('candidate');
    expect(a.reasons.at(-1)).toBe('Caution: Prior vertebral augmentation: check adjacent-level fracture');
  });
});

describe('v2 rule edges', () => {
  it('anticoagulant-use: a clinical-drug RxNorm code alone does not match (absent); its display is read as text (present)', () => {
    expect(contra(run({ resources: [medicationCoded([{ system: SYS.rxnorm, code: '1364445' }])] }), 'anticoagulant-use').status).toBe('absent');
    expect(contra(run({ resources: [medicationCoded([{ system: SYS.rxnorm, code: '855332', display: 'Warfarin Sodium 5 MG Oral Tablet' }])] }), 'anticoagulant-use').status).toBe('present');
  });

  // Spec v3 changed this: aspirin at any dose is now an anticoagulant-use caution (was: low-dose aspirin absent).
  it('anticoagulant-use: Aggrenox is present; low-dose aspirin is present too (v3)', () => {
    expect(contra(run({ resources: [medication('Aggrenox 25-200 MG Extended Release Capsule')] }), 'anticoagulant-use').status).toBe('present');
    expect(contra(run({ resources: [medication('Aspirin 81 MG Oral Tablet')] }), 'anticoagulant-use').status).toBe('present');
  });

  it('instability: SNOMED 1734006 (vertebral fracture with spinal cord injury) 10 days ago is present', () => {
    expect(contra(run({ resources: [condition(snomed('1734006'), { ...active, onset: daysAgo(10) })] }), 'instability').status).toBe('present');
  });

  it('instability: unstable burst at T11-T12 (S22.082A) is present; a sacral fracture S32.10XA is absent', () => {
    expect(contra(run({ resources: [fractureAt('S22.082A', 10)] }), 'instability').status).toBe('present');
    expect(contra(run({ resources: [fractureAt('S32.10XA', 10)] }), 'instability').status).toBe('absent');
  });

  it('instability: an inactive (resolved) cauda equina injury does not count (absent)', () => {
    expect(contra(run({ resources: [condition(icd10('S34.3XXA'), { clinicalStatus: 'resolved', onset: daysAgo(10) })] }), 'instability').status).toBe('absent');
  });

  it('pregnancy: status "pregnant" 281 days ago is too old (unknown); a positive hCG 31 days ago too (unknown)', () => {
    expect(contra(run({ patient: woman(30), resources: [observation('82810-3', loinc('LA15173-0', 'Pregnant'), undefined, dtAgo(281))] }), 'pregnancy').status).toBe('unknown');
    expect(contra(run({ patient: woman(30), resources: [hcg(POSITIVE, 31)] }), 'pregnancy').status).toBe('unknown');
  });

  it('pregnancy: a negative hCG 8 days ago is too old to count (a pregnancy condition 100 days ago decides: present)', () => {
    expect(contra(run({ patient: woman(30), resources: [condition(icd10('Z34.00'), { ...active, onset: daysAgo(100) }), hcg(NEGATIVE, 8)] }), 'pregnancy').status).toBe('present');
  });

  it('pregnancy: a pregnancy condition dated 281 days ago is not positive (unknown)', () => {
    expect(contra(run({ patient: woman(30), resources: [condition(icd10('Z34.00'), { ...active, onset: daysAgo(281) })] }), 'pregnancy').status).toBe('unknown');
  });

  it('conservative-care: a back brace DeviceRequest (HCPCS L0631) authored 10 days ago is tried (v3), 5 days ago unknown', () => {
    const brace = (ago: number): Resource => ({ resourceType: 'DeviceRequest', id: `brace-${ago}`, status: 'active', intent: 'order', codeCodeableConcept: { coding: [{ system: SYS.hcpcs, code: 'L0631' }] }, authoredOn: dtAgo(ago) });
    expect(careReading(criterion(run({ resources: [brace(10)] }), 'conservative-care'))).toBe('tried');
    expect(careReading(criterion(run({ resources: [brace(5)] }), 'conservative-care'))).toBe('not tried');
  });

  it('conservative-care: an analgesic MedicationStatement with effectivePeriod.start 30 days ago is tried (v3)', () => {
    const stmt: Resource = { resourceType: 'MedicationStatement', id: 'ms-tram', status: 'active', effectivePeriod: { start: daysAgo(30) }, medicationCodeableConcept: { text: 'Tramadol 50 MG' } };
    expect(careReading(criterion(run({ resources: [stmt] }), 'conservative-care'))).toBe('tried');
  });

  it('under-18: a girl of 12 with a partial birth date "2014" is present (youngest possible age 11)', () => {
    expect(contra(run({ patient: { birthDate: '2014', gender: 'female' } }), 'under-18').status).toBe('present');
  });

  it('too-many-levels: four record levels older than 84 days (all 100 days) are unknown, not present', () => {
    expect(contra(run({ resources: ['S32.010A', 'S32.020A', 'S32.030A', 'S32.040A'].map((c) => fractureAt(c, 100)) }), 'too-many-levels').status).toBe('unknown');
  });

  it('prior-augmentation: a completed Procedure with status "Completed" (case) and CPT 22515 is present', () => {
    expect(contra(run({ resources: [procedure(cpt('22515'), '2018-01-01', { status: 'Completed' })] }), 'prior-augmentation').status).toBe('present');
  });

  it('neurologic-compromise: answers.neurologicDeficit false wins over a cauda equina code (absent)', () => {
    expect(contra(run({ resources: [fractureAt('S34.3XXA', 10)], answers: { neurologicDeficit: false } }), 'neurologic-compromise').status).toBe('absent');
  });
});
