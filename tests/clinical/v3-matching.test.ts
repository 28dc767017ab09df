// Spec v3: clinical-rules §0 *Matching what stops or cautions* (codes.md *Words*), `pregnancy` v3 and
// `anticoagulant-use` v3. Expected answers come from the spec text, not from the engine.
import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_ANSWERS,
  NEGATIVE,
  POSITIVE,
  SYS,
  VCF_ICD,
  allergy,
  birthDateForAge,
  condition,
  contra,
  criterion,
  daysAgo,
  dtAgo,
  hcg,
  icd10,
  loinc,
  medication,
  medicationCoded,
  observation,
  run,
  snomed,
  withFields,
  type Resource,
} from './builders';
import { prefill } from '../../src/clinical/prefill';
import { recordOf, patient } from './builders';
import type { Answers } from '../../src/clinical/types';

type PatientOpts = NonNullable<NonNullable<Parameters<typeof run>[0]>['patient']>;
const woman = (age: number): PatientOpts => ({ birthDate: birthDateForAge(age), gender: 'female' });

/** A Condition with any codings, system or not (the builders' `condition` wants a system). */
function coded(codings: Array<{ system?: string; code?: string; display?: string }>, opts: { text?: string; status?: string; onset?: string; bodySite?: string } = {}): Resource {
  const base = condition(null, { clinicalStatus: opts.status ?? 'active', ...(opts.onset ? { onset: opts.onset } : { onset: daysAgo(10) }) });
  return withFields(base, {
    code: { coding: codings, ...(opts.text ? { text: opts.text } : {}) },
    ...(opts.bodySite ? { bodySite: [{ text: opts.bodySite }] } : {}),
  });
}
const textOnly = (text: string, opts: { status?: string; onset?: string; bodySite?: string } = {}) => coded([], { ...opts, text });

const statusOf = (id: string, resources: Resource[], opts: { patient?: PatientOpts; answers?: Answers } = {}) =>
  contra(run({ resources, ...(opts.patient ? { patient: opts.patient } : {}), ...(opts.answers ? { answers: opts.answers } : {}) }), id);

const OID_ICD10_BARE = '2.16.840.1.113883.6.90';

describe('§0 Matching what stops or cautions: codes in any system spelling (spinal-infection)', () => {
  it('spinal-infection: a system-less M46.2 (ICD-10-CM shape) is present, matched by its code', () => {
    const found = statusOf('spinal-infection', [coded([{ code: 'M46.2' }])]);
    expect(found.status).toBe('present');
    expect(found.evidence[0]!.display).not.toMatch(/matched by its text/);
  });

  it('spinal-infection: system-less undotted M4626 and lower-case m46.26 are present', () => {
    expect(statusOf('spinal-infection', [coded([{ code: 'M4626' }])]).status).toBe('present');
    expect(statusOf('spinal-infection', [coded([{ code: 'm46.26' }])]).status).toBe('present');
  });

  it('spinal-infection: a system-less code of another shape (a number) does not count as ICD-10-CM', () => {
    expect(statusOf('spinal-infection', [coded([{ code: '46226' }])]).status).toBe('absent');
  });

  it('spinal-infection: the system spelled "ICD-10-CM" is present', () => {
    expect(statusOf('spinal-infection', [coded([{ system: 'ICD-10-CM', code: 'M46.46' }])]).status).toBe('present');
  });

  it('spinal-infection: the bare OID 2.16.840.1.113883.6.90 (no urn:oid:) is present', () => {
    expect(statusOf('spinal-infection', [coded([{ system: OID_ICD10_BARE, code: 'M46.26' }])]).status).toBe('present');
  });

  it('spinal-infection: a code outside the list in an odd spelling stays absent (M54.5 low back pain)', () => {
    expect(statusOf('spinal-infection', [coded([{ system: 'ICD-10-CM', code: 'M54.5' }, { code: 'M54.5' }])]).status).toBe('absent');
  });

  it('long-term anticoagulant: Z79.01 under a system "icd10cm" is anticoagulant-use present', () => {
    expect(statusOf('anticoagulant-use', [coded([{ system: 'icd10cm', code: 'Z79.01' }])]).status).toBe('present');
  });

  it('coagulopathy: a SNOMED coding under "SNOMED-CT" (64779008) is present', () => {
    expect(statusOf('coagulopathy', [coded([{ system: 'SNOMED-CT', code: '64779008' }])]).status).toBe('present');
  });
});

describe('§0 Matching what stops or cautions: words in text (codes.md Words)', () => {
  it('spinal-infection: SNOMED-coded with a display naming discitis is present, "matched by its text"', () => {
    const found = statusOf('spinal-infection', [coded([snomed('4556007', 'Discitis of lumbar region')])]);
    expect(found.status).toBe('present');
    expect(found.evidence[0]!.display).toMatch(/matched by its text/);
  });

  it('spinal-infection: text only ("Vertebral osteomyelitis, lumbar") is present', () => {
    expect(statusOf('spinal-infection', [textOnly('Vertebral osteomyelitis, lumbar')]).status).toBe('present');
  });

  it('spinal-infection: "lumbar osteomyelitis" counts; "osteomyelitis of the knee" does not', () => {
    expect(statusOf('spinal-infection', [textOnly('Lumbar osteomyelitis')]).status).toBe('present');
    expect(statusOf('spinal-infection', [textOnly('Osteomyelitis of the knee')]).status).toBe('absent');
  });

  it('spinal-infection: "osteomyelitis" with a spinal body site counts', () => {
    expect(statusOf('spinal-infection', [textOnly('Osteomyelitis', { bodySite: 'Lumbar spine' })]).status).toBe('present');
  });

  it('spinal-infection: whole words only ("Hypersepsisx" is no sepsis)', () => {
    expect(statusOf('spinal-infection', [textOnly('Hypersepsisx')]).status).toBe('absent');
    expect(statusOf('spinal-infection', [textOnly('Sepsis due to E. coli')]).status).toBe('present');
    expect(statusOf('spinal-infection', [textOnly('Septicemia')]).status).toBe('present');
    expect(statusOf('spinal-infection', [textOnly('Epidural abscess, thoracic')]).status).toBe('present');
  });

  it('spinal-infection: the list status rule still applies to a text match (resolved status, no text negation)', () => {
    expect(statusOf('spinal-infection', [textOnly('Discitis', { status: 'inactive' })]).status).toBe('absent');
  });

  // Each negation of codes.md Words, beside the same text without it (which counts).
  const NEGATED: Array<[negated: string, plain: string]> = [
    ['No discitis on MRI', 'Discitis on MRI'],
    ['Discitis not confirmed', 'Discitis confirmed'],
    ['Back pain without discitis', 'Back pain with discitis'],
    ['Discitis: negative', 'Discitis: positive'],
    ['Discitis ruled out', 'Discitis'],
    ['Patient denies discitis', 'Patient has discitis'],
    ['History of discitis', 'Active discitis'],
    ['Discitis, resolved', 'Discitis, recurrent'],
    ['Discitis screening', 'Discitis treatment'],
    ['Discitis test', 'Discitis'],
  ];
  for (const [negated, plain] of NEGATED) {
    it(`spinal-infection: the negation in "${negated}" stops the text match ("${plain}" counts)`, () => {
      expect(statusOf('spinal-infection', [textOnly(negated)]).status).toBe('absent');
      expect(statusOf('spinal-infection', [textOnly(plain)]).status).toBe('present');
    });
  }

  it('spinal-infection: a negation never stops a code match (M46.46 with the text "History of discitis")', () => {
    expect(statusOf('spinal-infection', [coded([icd10('M46.46')], { text: 'History of discitis' })]).status).toBe('present');
  });

  it('instability: "Unstable burst fracture of L1" (text) is present; "Unstable angina" is not', () => {
    expect(statusOf('instability', [textOnly('Unstable burst fracture of L1')]).status).toBe('present');
    expect(statusOf('instability', [textOnly('Unstable angina')]).status).toBe('absent');
  });

  it('instability: a SNOMED display "Spinal cord injury at T12 level" is present; an undated text match is unknown', () => {
    expect(statusOf('instability', [coded([snomed('90584004', 'Spinal cord injury at T12 level')])]).status).toBe('present');
    expect(statusOf('instability', [withFields(textOnly('Cauda equina syndrome'), { onsetDateTime: undefined })]).status).toBe('unknown');
  });

  it('neurologic-compromise: "Cervical myelopathy" (text) is present', () => {
    expect(statusOf('neurologic-compromise', [textOnly('Cervical myelopathy')]).status).toBe('present');
  });

  it('coagulopathy: "Hemophilia A" and "von Willebrand disease" (text) are present', () => {
    expect(statusOf('coagulopathy', [textOnly('Hemophilia A')]).status).toBe('present');
    expect(statusOf('coagulopathy', [textOnly('Von Willebrand disease')]).status).toBe('present');
  });

  it('pregnancy: a text-only "Pregnancy, 12 weeks" is present; "Pregnancy test" and "Postpartum state" are not', () => {
    const w = { patient: woman(30) };
    expect(statusOf('pregnancy', [textOnly('Pregnancy, 12 weeks')], w).status).toBe('present');
    expect(statusOf('pregnancy', [textOnly('Encounter for pregnancy test')], w).status).not.toBe('present');
    expect(statusOf('pregnancy', [textOnly('Postpartum state after pregnancy')], w).status).not.toBe('present');
    expect(statusOf('pregnancy', [textOnly('Not pregnant')], w).status).not.toBe('present');
  });

  it('pregnancy: a system-less Z34.00 is present', () => {
    expect(statusOf('pregnancy', [coded([{ code: 'Z34.00' }])], { patient: woman(30) }).status).toBe('present');
  });
});

describe('§0 candidacy lists stay strict: "not coded: confirm"', () => {
  it('vcf: a system-less M80.08XA is shown "not coded: confirm" and meets nothing (unknown)', () => {
    const a = run({ resources: [coded([{ code: 'M80.08XA', display: 'Osteoporotic vertebral fracture' }])] });
    const vcf = criterion(a, 'vcf');
    expect(vcf.status).toBe('unknown');
    expect(vcf.evidence.map((e) => e.display).join(' ')).toMatch(/not coded: confirm/);
    expect(a.recordLevels).toEqual([]);
  });

  it('vcf: the system spelled "ICD-10-CM" and a text-only compression fracture are shown, not counted', () => {
    const spelled = criterion(run({ resources: [coded([{ system: 'ICD-10-CM', code: 'S32.010A' }])] }), 'vcf');
    expect(spelled.status).toBe('unknown');
    expect(spelled.evidence[0]!.display).toMatch(/not coded: confirm/);
    const text = criterion(run({ resources: [textOnly('Compression fracture of L1 vertebra')] }), 'vcf');
    expect(text.status).toBe('unknown');
    expect(text.evidence[0]!.display).toMatch(/not coded: confirm/);
  });

  it('vcf: a properly coded fracture is met without the note', () => {
    const vcf = criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', onset: daysAgo(10) })] }), 'vcf');
    expect(vcf.status).toBe('met');
    expect(vcf.evidence.map((e) => e.display).join(' ')).not.toMatch(/not coded/);
  });

  it('vcf: without the answer, a system-less fracture code never gives candidate', () => {
    const { vcf: _vcf, ...rest } = CANDIDATE_ANSWERS;
    const a = run({ resources: [coded([{ code: 'M80.08XA' }])], answers: rest });
    expect(criterion(a, 'vcf').status).toBe('unknown');
    expect(a.verdict).toBe('needs-information');
  });

  it('osteoporosis: a text-only "Osteoporosis" is shown "not coded: confirm" and stays unknown', () => {
    const o = criterion(run({ resources: [textOnly('Osteoporosis')] }), 'osteoporosis');
    expect(o.status).toBe('unknown');
    expect(o.evidence[0]!.display).toMatch(/not coded: confirm/);
  });
});

describe('§0 Malignancy matched only by text: a red flag and an etiology, never the malignant pathway', () => {
  const fracture = condition(VCF_ICD, { clinicalStatus: 'active', onset: daysAgo(10) });

  it('a text-only "Metastatic breast cancer" gives the red flag and the malignant etiology, osteoporotic pathway', () => {
    const a = run({ resources: [fracture, textOnly('Metastatic breast cancer')] });
    expect(a.pathway).toBe('osteoporotic');
    expect(a.etiology).toContain('malignant');
    const flag = a.redFlags.find((f) => f.startsWith('Cancer history'));
    expect(flag).toMatch(/Metastatic breast cancer.*matched by its text/);
  });

  it('a system-less C50.911 is an etiology and a red flag, not the malignant pathway (the pathway asks fewer criteria: strict match)', () => {
    const a = run({ resources: [fracture, coded([{ code: 'C50.911', display: 'Malignant neoplasm of right female breast' }])] });
    expect(a.pathway).toBe('osteoporotic');
    expect(a.etiology).toContain('malignant');
    expect(a.redFlags.some((f) => f.startsWith('Cancer history'))).toBe(true);
  });

  it('the same code under its ICD-10-CM system makes the pathway malignant', () => {
    const a = run({ resources: [fracture, coded([{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C50.911', display: 'Malignant neoplasm of right female breast' }])] });
    expect(a.pathway).toBe('malignant');
  });

  it('"Breast cancer screening" is no cancer history (negation)', () => {
    const a = run({ resources: [fracture, textOnly('Breast cancer screening')] });
    expect(a.redFlags.some((f) => f.startsWith('Cancer history'))).toBe(false);
  });
});

describe('pregnancy v3: a positive hCG is overruled only by a newer negative hCG', () => {
  const w = { patient: woman(30) };
  const notPregnant = (ago: number) => observation('82810-3', loinc('LA26683-5', 'Not pregnant'), undefined, dtAgo(ago));

  it('pregnancy: positive hCG 10 days ago, a "not pregnant" status 2 days ago: unknown, with the note', () => {
    const found = statusOf('pregnancy', [hcg(POSITIVE, 10), notPregnant(2)], w);
    expect(found.status).toBe('unknown');
    expect(found.note).toMatch(new RegExp(`positive hCG on ${daysAgo(10)}; a later status says not pregnant: confirm`, 'i'));
  });

  it('pregnancy: positive hCG 10 days ago, a negative hCG 3 days ago: absent', () => {
    expect(statusOf('pregnancy', [hcg(POSITIVE, 10), hcg(NEGATIVE, 3)], w).status).toBe('absent');
  });

  it('pregnancy: positive hCG 10 days ago, negative hCG 3 days ago, "not pregnant" 1 day ago: absent', () => {
    expect(statusOf('pregnancy', [hcg(POSITIVE, 10), hcg(NEGATIVE, 3), notPregnant(1)], w).status).toBe('absent');
  });

  it('pregnancy: a positive hCG older than 30 days does not stand against a newer "not pregnant" (absent)', () => {
    expect(statusOf('pregnancy', [hcg(POSITIVE, 40), notPregnant(2)], w).status).toBe('absent');
  });

  it('pregnancy: a pregnancy condition with a newer "not pregnant" status stays absent (v2 newest evidence)', () => {
    expect(statusOf('pregnancy', [condition(icd10('Z34.00'), { clinicalStatus: 'active', onset: daysAgo(60) }), notPregnant(2)], w).status).toBe('absent');
  });

  it('pregnancy: the verdict with CANDIDATE_ANSWERS is not candidate while the positive hCG stands', () => {
    expect(run({ patient: woman(30), resources: [hcg(POSITIVE, 10), notPregnant(2)], answers: CANDIDATE_ANSWERS }).verdict).not.toBe('candidate');
  });
});

describe('anticoagulant-use v3: aspirin at any dose and the other antiplatelets', () => {
  const ASPIRIN_NOTE = 'Aspirin: vertebral augmentation is a high bleeding-risk procedure (ASRA/ESRA 2018 interventional spine and pain guideline): decide whether to hold it';

  for (const name of ['Aspirin 81 MG Oral Tablet', 'Acetylsalicylic acid 325 mg', 'Ecotrin 81 mg', 'Durlaza 162.5 MG capsule', 'Bayer Aspirin', 'Aggrenox 25-200 MG']) {
    it(`anticoagulant-use: "${name}" is present with the aspirin note`, () => {
      const found = statusOf('anticoagulant-use', [medication(name)]);
      expect(found.status).toBe('present');
      expect(found.note).toContain(ASPIRIN_NOTE);
    });
  }

  for (const name of ['Dipyridamole 75 mg', 'Cangrelor injection', 'Abciximab', 'Eptifibatide 75 mg/100 mL', 'Tirofiban']) {
    it(`anticoagulant-use: "${name}" is present, without the aspirin note`, () => {
      const found = statusOf('anticoagulant-use', [medication(name)]);
      expect(found.status).toBe('present');
      expect(found.note ?? '').not.toContain('Aspirin:');
    });
  }

  it('anticoagulant-use: RxNorm 1191 (aspirin) alone, also under the bare OID, is present with the note; 3521 is present', () => {
    const aspirinCode = statusOf('anticoagulant-use', [medicationCoded([{ system: SYS.rxnorm, code: '1191' }])]);
    expect(aspirinCode.status).toBe('present');
    expect(aspirinCode.note).toContain(ASPIRIN_NOTE);
    expect(statusOf('anticoagulant-use', [medicationCoded([{ system: '2.16.840.1.113883.6.88', code: '1191' }])]).status).toBe('present');
    expect(statusOf('anticoagulant-use', [medicationCoded([{ system: 'RxNorm', code: '3521' }])]).status).toBe('present');
  });

  it('anticoagulant-use: warfarin alone has no aspirin note; aspirin never changes the verdict', () => {
    expect(statusOf('anticoagulant-use', [medication('Warfarin 5 mg')]).note ?? '').not.toContain('Aspirin:');
    const a = run({ resources: [medication('Aspirin 81 MG Oral Tablet')], answers: CANDIDATE_ANSWERS });
    expect(a.verdict).toBe('candidate');
    expect(a.reasons).toContain('Caution: Anticoagulant or antiplatelet use');
  });
});

describe('cement-allergy: a negation stops an allergy named in text', () => {
  it('cement-allergy: "No known allergy to iodinated contrast" is absent; "Iodinated contrast media" is present', () => {
    expect(statusOf('cement-allergy', [allergy('No known allergy to iodinated contrast')]).status).toBe('absent');
    expect(statusOf('cement-allergy', [allergy('Iodinated contrast media')]).status).toBe('present');
  });

  it('cement-allergy: "History of anaphylaxis to iodinated contrast" is still an allergy (present)', () => {
    expect(statusOf('cement-allergy', [allergy('History of anaphylaxis to iodinated contrast')]).status).toBe('present');
  });
});

describe('prefill reads the caution lists as the rules do', () => {
  it('a text-only "Lumbar discitis" suggests an active infection, matched by its text', () => {
    const p = prefill(recordOf(patient({ birthDate: '1950-03-10', gender: 'male' }), textOnly('Lumbar discitis')), daysAgo(0));
    expect(p.answers.activeInfection).toBe(true);
    expect(p.facts.find((f) => f.id === 'spinal-infection')?.evidence[0]?.display).toMatch(/matched by its text/);
  });
});

describe('§0 Matching what stops or cautions: spellings real records send', () => {
  it('spinal-infection: the SNOMED US edition module URI counts as SNOMED CT (display "Sepsis (disorder)")', () => {
    expect(statusOf('spinal-infection', [coded([{ system: 'http://snomed.info/sct/731000124108', code: '91302008', display: 'Sepsis (disorder)' }])]).status).toBe('present');
  });

  it('spinal-infection: a system "ICD 10 CM" (spaces) and "urn:oid:2.16.840.1.113883.6.90" count', () => {
    expect(statusOf('spinal-infection', [coded([{ system: 'ICD 10 CM', code: 'A41.9' }])]).status).toBe('present');
    expect(statusOf('spinal-infection', [coded([{ system: 'urn:oid:2.16.840.1.113883.6.90', code: 'A419' }])]).status).toBe('present');
  });

  it('instability: a plural ("Unstable fractures of L1 and L2") still names the word; a sequela code (7th S) never counts', () => {
    expect(statusOf('instability', [textOnly('Unstable fractures of L1 and L2')]).status).toBe('present');
    expect(statusOf('instability', [coded([{ code: 'S32.012S' }])]).status).toBe('absent');
  });

  it('pregnancy: "Encounter for pregnancy testing" and "Miscarriage" are no pregnancy; a system-less O80 (delivery) is listed, never positive', () => {
    const w = { patient: woman(30) };
    expect(statusOf('pregnancy', [textOnly('Encounter for pregnancy testing')], w).status).not.toBe('present');
    expect(statusOf('pregnancy', [textOnly('Miscarriage in early pregnancy')], w).status).not.toBe('present');
    const delivered = statusOf('pregnancy', [coded([{ code: 'O80' }])], w);
    expect(delivered.status).not.toBe('present');
    expect(delivered.note).toMatch(/not a current pregnancy/);
  });
});
