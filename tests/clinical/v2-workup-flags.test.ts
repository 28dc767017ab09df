// Spec v2, clinical-rules.md §5 Workup, §6 Red flags, §0 Record levels, and the codes.md platelet unit table.
// Expected answers come from the spec text; the records go Bundle -> recordFromBundle -> assess.
import { describe, expect, it } from 'vitest';
import {
  LOCAL_SYSTEM,
  birthDateForAge,
  condition,
  contra,
  cpt,
  daysAgo,
  diagnosticReport,
  dtAgo,
  dxaTScore,
  icd10,
  imagingStudy,
  inr,
  medication,
  observation,
  procedure,
  run,
  serviceRequest,
  snomed,
  withFields,
  workupItem,
  type Resource,
} from './builders';
import type { Answers } from '../../src/clinical/types';

const fractureAt = (code: string, ago = 10, bodySiteText?: string): Resource =>
  withFields(condition(icd10(code), { clinicalStatus: 'active', onset: daysAgo(ago) }), bodySiteText ? { bodySite: [{ text: bodySiteText }] } : {});
const item = (id: string, resources: Resource[], answers: Answers = {}) => workupItem(run({ resources, answers }), id);
const DXA_CPT = cpt('77080', 'DXA bone density study, axial skeleton (hips, pelvis, spine)');
const local = (display: string) => ({ system: LOCAL_SYSTEM, code: 'L1', display });

describe('§5 spine-xray: never a DXA', () => {
  it('spine-xray: a DXA report (CPT 77080, "spine" in its text) is not a spine X-ray; it is bone-density', () => {
    const a = run({ resources: [diagnosticReport(DXA_CPT, dtAgo(10))] });
    expect(workupItem(a, 'spine-xray').status).toBe('missing');
    expect(workupItem(a, 'bone-density').status).toBe('done');
  });

  it('spine-xray: an ImagingStudy of modality DX described "DEXA lumbar spine" is not a spine X-ray', () => {
    expect(item('spine-xray', [imagingStudy({ modality: 'DX', started: dtAgo(10), description: 'DEXA lumbar spine' })]).status).toBe('missing');
  });

  it('spine-xray: a bone density scan procedure (SNOMED 312681000) on the lumbar spine body site is not a spine X-ray', () => {
    const dxa = procedure(snomed('312681000', 'Bone density scan (procedure)'), dtAgo(10), { bodySite: snomed('122496007', 'Lumbar spine') });
    const a = run({ resources: [dxa] });
    expect(workupItem(a, 'spine-xray').status).toBe('missing');
    expect(workupItem(a, 'bone-density').status).toBe('done');
  });

  it('spine-xray: a real spine radiograph (CPT 72100; DX "XR lumbar spine 2 views") is done', () => {
    expect(item('spine-xray', [diagnosticReport(cpt('72100'), dtAgo(10))]).status).toBe('done');
    expect(item('spine-xray', [imagingStudy({ modality: 'DX', started: dtAgo(10), description: 'XR lumbar spine 2 views' })]).status).toBe('done');
  });
});

describe('§5 bone-scan: bone context required; cardiac, thyroid, renal never', () => {
  const nm = (description: string) => imagingStudy({ modality: 'NM', started: dtAgo(10), description });

  for (const description of ['Myocardial perfusion SPECT', 'Cardiac SPECT stress/rest', 'Thyroid uptake and scan', 'Parathyroid scintigraphy', 'Renal scintigraphy (MAG3)', 'Nuclear medicine study']) {
    it(`bone-scan: an NM study "${description}" is not a bone scan (missing)`, () => {
      expect(item('bone-scan', [nm(description)], { mriContraindicated: true }).status).toBe('missing');
    });
  }

  it('bone-scan: SPECT CPT 78803 for a heart study is not a bone scan; for the lumbar spine it is', () => {
    expect(item('bone-scan', [diagnosticReport(cpt('78803', 'SPECT myocardial perfusion'), dtAgo(10))]).status).toBe('missing');
    expect(item('bone-scan', [diagnosticReport(cpt('78803', 'SPECT bone, lumbar spine'), dtAgo(10))]).status).toBe('done');
  });

  it('bone-scan: an NM "Whole body bone scan" and a skeletal scintigraphy are bone scans (done)', () => {
    expect(item('bone-scan', [nm('Whole body bone scan')]).status).toBe('done');
    expect(item('bone-scan', [nm('Skeletal scintigraphy')]).status).toBe('done');
  });

  it('bone-scan: CPT 78306 (bone, whole body) counts even when its text names the kidney (done)', () => {
    expect(item('bone-scan', [diagnosticReport(cpt('78306', 'Bone imaging whole body; renal uptake noted'), dtAgo(10))]).status).toBe('done');
  });

  it('bone-scan: required only with answers.mriContraindicated', () => {
    expect(item('bone-scan', []).required).toBe(false);
    expect(item('bone-scan', [], { mriContraindicated: true }).required).toBe(true);
  });
});

describe('§5 spine-ct: required for burst fractures and on the malignant pathway', () => {
  it('spine-ct: a stable burst fracture (S32.011A) makes it required', () => {
    expect(item('spine-ct', [fractureAt('S32.011A')]).required).toBe(true);
  });

  it('spine-ct: an unstable burst fracture (S22.062A) makes it required', () => {
    expect(item('spine-ct', [fractureAt('S22.062A')]).required).toBe(true);
  });

  it('spine-ct: a wedge fracture (S32.010A) on the osteoporotic pathway does not', () => {
    expect(item('spine-ct', [fractureAt('S32.010A')]).required).toBe(false);
  });

  it('spine-ct: the malignant pathway (neoplastic fracture M84.58XA) makes it required', () => {
    const a = run({ resources: [fractureAt('M84.58XA')] });
    expect(a.pathway).toBe('malignant');
    expect(workupItem(a, 'spine-ct').required).toBe(true);
  });

  it('spine-ct: required and missing keeps the workup incomplete; a spine CT 84 days ago is done, 85 outdated', () => {
    expect(item('spine-ct', [fractureAt('S32.011A'), diagnosticReport(cpt('72131'), dtAgo(84))]).status).toBe('done');
    expect(item('spine-ct', [fractureAt('S32.011A'), diagnosticReport(cpt('72131'), dtAgo(85))]).status).toBe('outdated');
    expect(run({ resources: [fractureAt('S32.011A')] }).workupComplete).toBe(false);
  });
});

describe('§5 bone-density: DXA within 730 days, referrals only when active or completed', () => {
  it('bone-density: a DXA referral (ServiceRequest 77080, active) 730 days ago is done; 731 days ago outdated', () => {
    expect(item('bone-density', [serviceRequest(DXA_CPT, 'active', daysAgo(730))]).status).toBe('done');
    expect(item('bone-density', [serviceRequest(DXA_CPT, 'active', daysAgo(731))]).status).toBe('outdated');
  });

  it('bone-density: a completed DXA referral 100 days ago is done', () => {
    expect(item('bone-density', [serviceRequest(DXA_CPT, 'completed', daysAgo(100))]).status).toBe('done');
  });

  it('bone-density: a draft or revoked DXA referral does not count (missing)', () => {
    expect(item('bone-density', [serviceRequest(DXA_CPT, 'draft', daysAgo(10))]).status).toBe('missing');
    expect(item('bone-density', [serviceRequest(DXA_CPT, 'revoked', daysAgo(10))]).status).toBe('missing');
  });

  it('bone-density: a DXA T-score 731 days ago is outdated; 700 days ago done', () => {
    expect(item('bone-density', [dxaTScore(-2.7, daysAgo(731))]).status).toBe('outdated');
    expect(item('bone-density', [dxaTScore(-2.7, daysAgo(700))]).status).toBe('done');
  });
});

describe('§5 osteoporosis-treatment (new)', () => {
  it('osteoporosis-treatment: required on the osteoporotic pathway, not on the malignant one', () => {
    expect(item('osteoporosis-treatment', []).required).toBe(true);
    expect(item('osteoporosis-treatment', [], { etiology: 'malignant' }).required).toBe(false);
  });

  it('osteoporosis-treatment: alendronate ordered 100 days ago is done; 366 days ago outdated; none missing', () => {
    expect(item('osteoporosis-treatment', [medication('Alendronate 70 MG Oral Tablet', { date: dtAgo(100) })]).status).toBe('done');
    expect(item('osteoporosis-treatment', [medication('Alendronate 70 MG Oral Tablet', { date: dtAgo(366) })]).status).toBe('outdated');
    expect(item('osteoporosis-treatment', []).status).toBe('missing');
  });

  it('osteoporosis-treatment: by brand (Fosamax, Evenity, Forteo) is done', () => {
    for (const name of ['Fosamax 70 MG', 'Evenity 105 MG/1.17ML', 'Forteo 20 MCG']) {
      expect(item('osteoporosis-treatment', [medication(name, { date: dtAgo(30) })]).status, name).toBe('done');
    }
  });

  it('osteoporosis-treatment: an active MedicationStatement whose effectivePeriod started 500 days ago with no end is in use (done)', () => {
    const statement: Resource = {
      resourceType: 'MedicationStatement',
      id: 'ms-alendronate',
      status: 'active',
      effectivePeriod: { start: daysAgo(500) },
      medicationCodeableConcept: { text: 'alendronate 70 mg weekly' },
    };
    expect(item('osteoporosis-treatment', [statement]).status).toBe('done');
  });

  it('osteoporosis-treatment: a referral to a fracture liaison service (active, 30 days ago) is done', () => {
    expect(item('osteoporosis-treatment', [serviceRequest(local('Referral to fracture liaison service'), 'active', daysAgo(30))]).status).toBe('done');
  });

  it('osteoporosis-treatment: a referral whose performerType is Endocrinology is done; a draft one is not', () => {
    const referral = (status: string) =>
      withFields(serviceRequest(local('Outpatient referral'), status, daysAgo(30)), { performerType: { text: 'Endocrinology' } });
    expect(item('osteoporosis-treatment', [referral('active')]).status).toBe('done');
    expect(item('osteoporosis-treatment', [referral('draft')]).status).toBe('missing');
  });

  it('osteoporosis-treatment: a DXA referral is not an osteoporosis referral (missing)', () => {
    expect(item('osteoporosis-treatment', [serviceRequest(DXA_CPT, 'active', daysAgo(30))]).status).toBe('missing');
  });

  it('osteoporosis-treatment: denosumab (Prolia) last given 250 days ago carries the rebound note with its date', () => {
    const w = item('osteoporosis-treatment', [medication('Prolia 60 MG/ML Prefilled Syringe', { date: dtAgo(250) })]);
    expect(w.status).toBe('done');
    expect(w.note ?? '').toContain(`Denosumab stopped or overdue (last ${daysAgo(250)}`);
    expect(w.note ?? '').toContain('risk of rebound vertebral fractures; plan follow-on therapy');
  });

  it('osteoporosis-treatment: denosumab stopped (30 days ago) carries the rebound note', () => {
    const w = item('osteoporosis-treatment', [medication('denosumab 60 MG', { date: dtAgo(30), status: 'stopped' })]);
    expect(w.note ?? '').toContain('Denosumab stopped or overdue');
  });

  it('osteoporosis-treatment: denosumab given 100 days ago and active has no rebound note', () => {
    const w = item('osteoporosis-treatment', [medication('Prolia 60 MG', { date: dtAgo(100) })]);
    expect(w.status).toBe('done');
    expect(w.note ?? '').not.toContain('Denosumab');
  });

  it('osteoporosis-treatment: 213 days is not overdue, 214 days is', () => {
    expect(item('osteoporosis-treatment', [medication('Xgeva 120 MG', { date: dtAgo(213) })]).note ?? '').not.toContain('Denosumab');
    expect(item('osteoporosis-treatment', [medication('Xgeva 120 MG', { date: dtAgo(214) })]).note ?? '').toContain('Denosumab');
  });
});

describe('§6 redFlags', () => {
  const MAN_45 = { birthDate: birthDateForAge(45), gender: 'male' };

  it('redFlags: empty for a 76-year-old with an osteoporotic L1 fracture', () => {
    expect(run({ resources: [fractureAt('S32.010A')] }).redFlags).toEqual([]);
  });

  it('redFlags: all four, in order, each starting with its fixed words and ": "', () => {
    const a = run({ patient: MAN_45, resources: [fractureAt('S22.050A'), fractureAt('M84.58XA'), condition(icd10('C50.911'), { clinicalStatus: 'active' })] });
    expect(a.redFlags).toHaveLength(4);
    const prefixes = ['Fracture at T5 or above: ', 'Cancer history: ', 'Neoplastic fracture code: ', 'Under 50 without osteoporosis: '];
    a.redFlags.forEach((flag, i) => expect(flag.startsWith(prefixes[i]!), flag).toBe(true));
  });

  it('redFlags: Fracture at T5 or above from the record pair T5-T6 (S22.05*); not from T7-T8', () => {
    expect(run({ resources: [fractureAt('S22.050A')] }).redFlags.some((f) => f.startsWith('Fracture at T5 or above: '))).toBe(true);
    expect(run({ resources: [fractureAt('S22.060A')] }).redFlags).toEqual([]);
  });

  it('redFlags: answers.levels decide before the record (T4 answered: flag; L1 answered over a T5-T6 record: none)', () => {
    expect(run({ answers: { levels: ['T4'] } }).redFlags[0] ?? '').toMatch(/^Fracture at T5 or above: /);
    expect(run({ resources: [fractureAt('S22.050A')], answers: { levels: ['L1'] } }).redFlags).toEqual([]);
  });

  it('redFlags: Cancer history for a resolved cancer; not for a refuted one; not when answers.etiology is malignant', () => {
    expect(run({ resources: [condition(icd10('C50.911'), { clinicalStatus: 'resolved' })] }).redFlags.map((f) => f.split(':')[0])).toEqual(['Cancer history']);
    expect(run({ resources: [condition(icd10('C50.911'), { clinicalStatus: 'active', verificationStatus: 'refuted' })] }).redFlags).toEqual([]);
    expect(run({ resources: [condition(icd10('C50.911'), { clinicalStatus: 'active' })], answers: { etiology: 'malignant' } }).redFlags).toEqual([]);
  });

  it('redFlags: Neoplastic fracture code only for an active M84.58*', () => {
    expect(run({ resources: [fractureAt('M84.58XA')] }).redFlags.map((f) => f.split(':')[0])).toContain('Neoplastic fracture code');
    const resolved = condition(icd10('M84.58XA'), { clinicalStatus: 'resolved', onset: daysAgo(10) });
    expect(run({ resources: [resolved] }).redFlags.map((f) => f.split(':')[0])).not.toContain('Neoplastic fracture code');
  });

  it('redFlags: Under 50 without osteoporosis at 45; not with osteoporosis (M81.0); not at 50', () => {
    expect(run({ patient: MAN_45 }).redFlags.map((f) => f.split(':')[0])).toEqual(['Under 50 without osteoporosis']);
    expect(run({ patient: MAN_45, resources: [condition(icd10('M81.0'), { clinicalStatus: 'active' })] }).redFlags).toEqual([]);
    expect(run({ patient: { birthDate: birthDateForAge(50), gender: 'male' } }).redFlags).toEqual([]);
  });

  it('redFlags: never change the verdict (a candidate with a cancer history stays candidate)', () => {
    const a = run({ resources: [condition(icd10('C50.911'), { clinicalStatus: 'resolved' })], answers: { vcf: true, onsetDate: daysAgo(20), imagingConfirmsAcute: true, painScore: 7, conservativeCareTried: true, painWorsening: true, painAttributable: true } });
    expect(a.redFlags.length).toBe(1);
    expect(a.verdict).toBe('candidate');
  });
});

describe('§0 recordLevels: ordering and pair-dropping', () => {
  it('recordLevels: top to bottom whatever the record order (T1, T9-T10, T11, L2)', () => {
    const a = run({ resources: [fractureAt('S32.020A'), fractureAt('S22.070A'), fractureAt('M80.08XA', 10, 'T11 vertebra'), fractureAt('S22.010A')] });
    expect(a.recordLevels).toEqual(['T1', 'T9-T10', 'T11', 'L2']);
  });

  it('recordLevels: T5-T6 is dropped when T6 is listed (and T6 alone raises no T5 red flag)', () => {
    const a = run({ resources: [fractureAt('S22.050A'), fractureAt('M80.08XA', 10, 'T6')] });
    expect(a.recordLevels).toEqual(['T6']);
    expect(a.redFlags).toEqual([]);
  });

  it('recordLevels: the same level from a code and a bodySite word is listed once', () => {
    expect(run({ resources: [fractureAt('S32.010A'), fractureAt('M80.08XA', 10, 'L1')] }).recordLevels).toEqual(['L1']);
  });
});

describe('coagulopathy: platelets in every unit spelling of the codes.md table', () => {
  const NORMAL_INR = inr(1.0, 2);
  const quantity = (value: number, q: Record<string, string>) =>
    withFields(observation('777-3', undefined, undefined, dtAgo(2)), { valueQuantity: { value, ...q } });
  const status = (...resources: Resource[]) => contra(run({ resources: [...resources, NORMAL_INR] }), 'coagulopathy').status;

  const THOUSANDS = ['10*3/uL', '10^3/uL', 'x10E3/uL', 'x10^3/uL', 'K/uL', 'thou/uL', '10*9/L', '10^9/L', 'x10E9/L', 'x10^9/L', '/nL'];

  for (const unit of THOUSANDS) {
    it(`coagulopathy: platelets 40 ${unit} present, 60 ${unit} absent (as valueQuantity.unit without a code)`, () => {
      expect(status(quantity(40, { unit }))).toBe('present');
      expect(status(quantity(60, { unit }))).toBe('absent');
    });
  }

  for (const unit of ['/uL', '/mm3']) {
    it(`coagulopathy: platelets 40000 ${unit} present, 60000 ${unit} absent (divided by 1000)`, () => {
      expect(status(quantity(40000, { unit }))).toBe('present');
      expect(status(quantity(60000, { unit }))).toBe('absent');
    });
  }

  for (const code of ['10*3/uL', '10*9/L', '/nL', '/uL', '/mm3']) {
    it(`coagulopathy: platelets with UCUM valueQuantity.code ${code} are read (40 x10^9/L present)`, () => {
      const factor = code === '/uL' || code === '/mm3' ? 1000 : 1;
      expect(status(quantity(40 * factor, { system: 'http://unitsofmeasure.org', code }))).toBe('present');
      expect(status(quantity(60 * factor, { system: 'http://unitsofmeasure.org', code }))).toBe('absent');
    });
  }

  it('coagulopathy: valueQuantity.code wins over .unit (60 with code 10*3/uL but display "/uL" is 60: absent)', () => {
    expect(status(quantity(60, { unit: '/uL', system: 'http://unitsofmeasure.org', code: '10*3/uL' }))).toBe('absent');
  });

  it('coagulopathy: units compare case-insensitively ("k/ul", "THOU/UL")', () => {
    expect(status(quantity(40, { unit: 'k/ul' }))).toBe('present');
    expect(status(quantity(40, { unit: 'THOU/UL' }))).toBe('present');
  });

  for (const unit of ['x10E3/uL', 'K/uL', 'x10^9/L', '/nL', '/uL']) {
    it(`coagulopathy: valueString platelets with the unit ${unit} after the number are read`, () => {
      const factor = unit === '/uL' ? 1000 : 1;
      expect(status(observation('777-3', `${40 * factor} ${unit}`, undefined, dtAgo(2)))).toBe('present');
      expect(status(observation('777-3', `${60 * factor} ${unit}`, undefined, dtAgo(2)))).toBe('absent');
    });
  }

  it('coagulopathy: platelets under 26515-7 are read the same (40 K/uL present)', () => {
    const p = withFields(observation('26515-7', undefined, undefined, dtAgo(2)), { valueQuantity: { value: 40, unit: 'K/uL' } });
    expect(status(p)).toBe('present');
  });

  it('coagulopathy: any other unit (g/dL) or none is unreadable (unknown, never present or absent)', () => {
    expect(status(quantity(40, { unit: 'g/dL' }))).toBe('unknown');
    expect(status(quantity(60, { unit: 'g/dL' }))).toBe('unknown');
    expect(status(quantity(40, {}))).toBe('unknown');
  });
});

describe('§5/§6 edges', () => {
  it('osteoporosis-treatment: a stopped alendronate is not treatment (missing)', () => {
    expect(item('osteoporosis-treatment', [medication('Alendronate 70 MG', { date: dtAgo(30), status: 'stopped' })]).status).toBe('missing');
  });

  it('osteoporosis-treatment: a ServiceRequest "Referral to bone health clinic" (completed) and "Osteoporosis clinic" are referrals', () => {
    expect(item('osteoporosis-treatment', [serviceRequest(local('Referral to bone health clinic'), 'completed', daysAgo(60))]).status).toBe('done');
    expect(item('osteoporosis-treatment', [serviceRequest(local('Osteoporosis clinic consult'), 'active', daysAgo(60))]).status).toBe('done');
  });

  it('osteoporosis-treatment: a referral to physical therapy is not an osteoporosis referral (missing)', () => {
    expect(item('osteoporosis-treatment', [serviceRequest(snomed('91251008', 'Physical therapy procedure'), 'active', daysAgo(20))]).status).toBe('missing');
  });

  it('redFlags: Under 50 without osteoporosis is not raised when a DXA T-score -2.6 meets osteoporosis', () => {
    expect(run({ patient: { birthDate: birthDateForAge(45), gender: 'male' }, resources: [dxaTScore(-2.6, daysAgo(100))] }).redFlags).toEqual([]);
  });

  it('redFlags: Cancer history is raised with answers.etiology osteoporotic', () => {
    expect(run({ resources: [condition(icd10('C61'), { clinicalStatus: 'active' })], answers: { etiology: 'osteoporotic' } }).redFlags.map((f) => f.split(':')[0])).toEqual(['Cancer history']);
  });

  it('redFlags: no age, no Under 50 flag', () => {
    expect(run({ patient: { gender: 'male' } }).redFlags).toEqual([]);
  });

  it('spine-xray: a DXA procedure is never a spine X-ray even with CPT-like text "XR" (ImagingStudy DX, "DXA XR lumbar")', () => {
    expect(item('spine-xray', [imagingStudy({ modality: 'DX', started: dtAgo(10), description: 'DXA XR lumbar spine' })]).status).toBe('missing');
  });

  it('bone-scan: an NM study on the spine body site (bone context) is a bone scan', () => {
    expect(item('bone-scan', [imagingStudy({ modality: 'NM', started: dtAgo(10), bodySite: snomed('421060004', 'Vertebral column structure') })]).status).toBe('done');
  });

  it('bone-scan: an NM "cardiac" study on a spine body site is still never a bone scan without CPT 78300-78315', () => {
    expect(item('bone-scan', [imagingStudy({ modality: 'NM', started: dtAgo(10), description: 'Cardiac blood pool', bodySite: snomed('421060004') })]).status).toBe('missing');
  });
});
