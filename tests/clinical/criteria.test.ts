// clinical-rules.md §2 Criteria: met / not-met / unknown for every id, answers over the record, and the edges.
import { describe, expect, it } from 'vitest';
import {
  AS_OF,
  MYELOMA,
  TRAUMATIC_VCF_ICD,
  UNSITED_OSTEOPOROTIC_FRACTURE,
  VCF_ICD,
  birthDateForAge,
  condition,
  careReading,
  criterion,
  daysAgo,
  deviceRequest,
  dtAgo,
  dxaTScore,
  encounter,
  hcpcs,
  icd10,
  imagingStudy,
  medication,
  pain,
  procedure,
  cpt,
  run,
  snomed,
  type Resource,
} from './builders';
import type { Answers } from '../../src/clinical/types';

const statusOf = (id: string, resources: Resource[] = [], answers: Answers = {}, patient?: NonNullable<Parameters<typeof run>[0]>['patient']) =>
  criterion(run({ resources, answers, ...(patient ? { patient } : {}) }), id);

describe('vcf', () => {
  it('vcf: unknown with nothing documented', () => {
    const c = statusOf('vcf');
    expect(c.status).toBe('unknown');
    expect(c.evidence).toEqual([]);
  });

  it('vcf: met by an active ICD-10 M80.08XA condition, cited as evidence', () => {
    const c = statusOf('vcf', [condition(VCF_ICD, { id: 'fx1', clinicalStatus: 'active', onset: dtAgo(20) })]);
    expect(c.status).toBe('met');
    expect(c.evidence.map((e) => e.id)).toContain('fx1');
    expect(c.evidence[0]?.resourceType).toBe('Condition');
  });

  it.each([
    ['ICD S22.0 thoracic (S22.050A)', icd10('S22.050A')],
    ['ICD M48.5 collapsed vertebra (M48.56XA)', icd10('M48.56XA')],
    ['ICD M84.58 (M84.58XA)', icd10('M84.58XA')],
    ['SNOMED 42942008', snomed('42942008')],
    ['SNOMED 15724005', snomed('15724005')],
  ])('vcf: met by %s', (_label, code) => {
    expect(statusOf('vcf', [condition(code, { clinicalStatus: 'active' })]).status).toBe('met');
  });

  it('vcf: a vertebral fracture with no clinicalStatus counts as active', () => {
    expect(statusOf('vcf', [condition(VCF_ICD)]).status).toBe('met');
  });

  it('vcf: a resolved vertebral fracture does not meet it (unknown)', () => {
    expect(statusOf('vcf', [condition(VCF_ICD, { clinicalStatus: 'resolved' })]).status).toBe('unknown');
  });

  it('vcf: a non-vertebral fracture (M80.03 forearm, SNOMED 65966004) does not meet it', () => {
    const c = statusOf('vcf', [condition(icd10('M80.031A'), { clinicalStatus: 'active' }), condition(snomed('65966004', 'Fracture of forearm'), { clinicalStatus: 'active' })]);
    expect(c.status).toBe('unknown');
  });

  it('vcf: an active 443165006 (site not stated) never meets it, but is shown as evidence with a note', () => {
    const c = statusOf('vcf', [condition(UNSITED_OSTEOPOROTIC_FRACTURE, { id: 'gen', clinicalStatus: 'active', onset: dtAgo(10) })]);
    expect(c.status).toBe('unknown');
    expect(c.evidence.map((e) => e.id)).toEqual(['gen']);
    expect(c.note).toMatch(/site/i);
  });

  it('vcf: answer true wins over an empty record; evidence says ClinicianInput', () => {
    const c = statusOf('vcf', [], { vcf: true });
    expect(c.status).toBe('met');
    expect(c.evidence[0]?.resourceType).toBe('ClinicianInput');
  });

  it('vcf: answer false wins over an active vertebral fracture (not-met, ClinicianInput first)', () => {
    const c = statusOf('vcf', [condition(VCF_ICD, { id: 'fx', clinicalStatus: 'active' })], { vcf: false });
    expect(c.status).toBe('not-met');
    expect(c.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('fracture-age', () => {
  const fx = (opts: Parameters<typeof condition>[1]) => condition(VCF_ICD, { clinicalStatus: 'active', ...opts });

  it('fracture-age: onset 84 days ago is met (subacute note), 85 days ago is not-met', () => {
    const at84 = statusOf('fracture-age', [fx({ onset: dtAgo(84) })]);
    expect(at84.status).toBe('met');
    expect(at84.note).toMatch(/subacute/i);
    expect(statusOf('fracture-age', [fx({ onset: dtAgo(85) })]).status).toBe('not-met');
  });

  it('fracture-age: onset 43 days ago adds the "subacute" note, 42 days ago does not', () => {
    const at43 = statusOf('fracture-age', [fx({ onset: dtAgo(43) })]);
    expect(at43.status).toBe('met');
    expect(at43.note ?? '').toMatch(/subacute/i);
    const at42 = statusOf('fracture-age', [fx({ onset: dtAgo(42) })]);
    expect(at42.status).toBe('met');
    expect(at42.note ?? '').not.toMatch(/subacute/i);
  });

  it('fracture-age: onset today is met (acute, no subacute note)', () => {
    const c = statusOf('fracture-age', [fx({ onset: AS_OF })]);
    expect(c.status).toBe('met');
    expect(c.note ?? '').not.toMatch(/subacute/i);
  });

  it('fracture-age: onsetPeriod.start is an onset', () => {
    expect(statusOf('fracture-age', [fx({ onsetPeriodStart: dtAgo(30) })]).status).toBe('met');
    expect(statusOf('fracture-age', [fx({ onsetPeriodStart: dtAgo(200) })]).status).toBe('not-met');
  });

  it('fracture-age: chronic by recordedDate (no onset, recorded 85 days ago) is not-met', () => {
    expect(statusOf('fracture-age', [fx({ recordedDate: daysAgo(85) })]).status).toBe('not-met');
  });

  it('fracture-age: recordedDate is not an onset: recorded 84 days ago with no onset is undated, so unknown', () => {
    expect(statusOf('fracture-age', [fx({ recordedDate: daysAgo(84) })]).status).toBe('unknown');
    expect(statusOf('fracture-age', [fx({ recordedDate: daysAgo(5) })]).status).toBe('unknown');
  });

  it('fracture-age: no onset and no recordedDate is undated: unknown', () => {
    expect(statusOf('fracture-age', [fx({})]).status).toBe('unknown');
  });

  it('fracture-age: any acute fracture meets it even beside a chronic one (the newest is treated)', () => {
    expect(statusOf('fracture-age', [fx({ onset: dtAgo(400) }), fx({ onset: dtAgo(10) })]).status).toBe('met');
  });

  it('fracture-age: one chronic and one undated fracture is unknown (not every one is chronic)', () => {
    expect(statusOf('fracture-age', [fx({ onset: dtAgo(400) }), fx({})]).status).toBe('unknown');
  });

  it('fracture-age: unknown without any vertebral fracture (443165006 is not one)', () => {
    expect(statusOf('fracture-age', [condition(UNSITED_OSTEOPOROTIC_FRACTURE, { clinicalStatus: 'active', onset: dtAgo(5) })]).status).toBe('unknown');
  });

  it('fracture-age: answers.onsetDate wins: 84 days met (subacute), 85 days not-met, evidence ClinicianInput', () => {
    const acuteRecord = [fx({ onset: dtAgo(5) })];
    const at84 = statusOf('fracture-age', acuteRecord, { onsetDate: daysAgo(84) });
    expect(at84.status).toBe('met');
    expect(at84.note).toMatch(/subacute/i);
    expect(at84.evidence[0]?.resourceType).toBe('ClinicianInput');
    const at85 = statusOf('fracture-age', acuteRecord, { onsetDate: daysAgo(85) });
    expect(at85.status).toBe('not-met');
    expect(at85.evidence[0]?.resourceType).toBe('ClinicianInput');
  });

  it('fracture-age: answers.onsetDate 10 days ago overrides a chronic record (met)', () => {
    expect(statusOf('fracture-age', [fx({ onset: dtAgo(400) })], { onsetDate: daysAgo(10) }).status).toBe('met');
  });
});

describe('imaging-confirmation', () => {
  it('imaging-confirmation: unknown without an answer, even with a spine MRI on record; the MRI is listed as evidence', () => {
    const mri = imagingStudy({ id: 'mri1', modality: 'MR', bodySite: snomed('122496007', 'Lumbar spine'), started: dtAgo(5) });
    const c = statusOf('imaging-confirmation', [mri]);
    expect(c.status).toBe('unknown');
    expect(c.evidence.map((e) => e.id)).toContain('mri1');
  });

  it('imaging-confirmation: a whole-body bone scan is listed as evidence too', () => {
    const scan = imagingStudy({ id: 'nm1', modality: 'NM', description: 'Whole body bone scan', started: dtAgo(5) });
    expect(statusOf('imaging-confirmation', [scan]).evidence.map((e) => e.id)).toContain('nm1');
  });

  it('imaging-confirmation: answer true is met, false is not-met (ClinicianInput)', () => {
    const yes = statusOf('imaging-confirmation', [], { imagingConfirmsAcute: true });
    expect(yes.status).toBe('met');
    expect(yes.evidence[0]?.resourceType).toBe('ClinicianInput');
    const no = statusOf('imaging-confirmation', [], { imagingConfirmsAcute: false });
    expect(no.status).toBe('not-met');
    expect(no.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('severe-pain', () => {
  const inpatient = () => encounter('IMP', 'in-progress', dtAgo(3));

  it('severe-pain: outpatient NRS 5 is met, NRS 4 is not-met', () => {
    expect(statusOf('severe-pain', [pain(5, 1)]).status).toBe('met');
    expect(statusOf('severe-pain', [pain(4, 1)]).status).toBe('not-met');
  });

  it('severe-pain: hospitalized (in-progress IMP Encounter) NRS 8 is met, NRS 7 is not-met', () => {
    const a8 = run({ resources: [inpatient(), pain(8, 1)] });
    expect(a8.hospitalized).toBe(true);
    expect(criterion(a8, 'severe-pain').status).toBe('met');
    expect(statusOf('severe-pain', [inpatient(), pain(7, 1)]).status).toBe('not-met');
  });

  it('severe-pain: an in-progress ACUTE Encounter is a hospital stay too', () => {
    const a = run({ resources: [encounter('ACUTE', 'in-progress'), pain(7, 1)] });
    expect(a.hospitalized).toBe(true);
    expect(criterion(a, 'severe-pain').status).toBe('not-met');
  });

  it('severe-pain: an in-progress EMER Encounter is not a hospital stay (threshold stays 5)', () => {
    const a = run({ resources: [encounter('EMER', 'in-progress'), pain(7, 1)] });
    expect(a.hospitalized).toBe(false);
    expect(criterion(a, 'severe-pain').status).toBe('met');
  });

  it('severe-pain: a finished IMP Encounter is not a current stay', () => {
    const a = run({ resources: [encounter('IMP', 'finished', dtAgo(20)), pain(6, 1)] });
    expect(a.hospitalized).toBe(false);
    expect(criterion(a, 'severe-pain').status).toBe('met');
  });

  it('severe-pain: answers.hospitalized false wins over an in-progress IMP Encounter', () => {
    const a = run({ resources: [inpatient(), pain(6, 1)], answers: { hospitalized: false } });
    expect(a.hospitalized).toBe(false);
    expect(criterion(a, 'severe-pain').status).toBe('met');
  });

  it('severe-pain: answers.hospitalized true raises the threshold to 8', () => {
    const a = run({ resources: [pain(7, 1)], answers: { hospitalized: true } });
    expect(a.hospitalized).toBe(true);
    expect(criterion(a, 'severe-pain').status).toBe('not-met');
  });

  it('severe-pain: malignant pathway keeps threshold 5 even when hospitalized', () => {
    const a = run({
      resources: [inpatient(), pain(5, 1), condition(MYELOMA, { clinicalStatus: 'active' }), condition(VCF_ICD, { clinicalStatus: 'active' })],
    });
    expect(a.pathway).toBe('malignant');
    expect(a.hospitalized).toBe(true);
    expect(criterion(a, 'severe-pain').status).toBe('met');
    const four = run({
      resources: [inpatient(), pain(4, 1), condition(MYELOMA, { clinicalStatus: 'active' }), condition(VCF_ICD, { clinicalStatus: 'active' })],
    });
    expect(criterion(four, 'severe-pain').status).toBe('not-met');
  });

  it('severe-pain: a pain score 14 days old counts, 15 days old does not (unknown, still cited)', () => {
    expect(statusOf('severe-pain', [pain(9, 14)]).status).toBe('met');
    const old = statusOf('severe-pain', [pain(9, 15, { id: 'old' })]);
    expect(old.status).toBe('unknown');
    expect(old.evidence.map((e) => e.id)).toContain('old');
  });

  it('severe-pain: the latest score decides, not the highest', () => {
    expect(statusOf('severe-pain', [pain(9, 10), pain(3, 2)]).status).toBe('not-met');
    expect(statusOf('severe-pain', [pain(3, 10), pain(9, 2)]).status).toBe('met');
  });

  // §0 Latest (v3): results of the same day that cannot be ordered and would give different statuses: unknown.
  it('severe-pain: same-day scores that cannot be ordered and disagree give unknown ("results of the same day disagree"), in either order', () => {
    const a = pain(9, 2, { lastUpdated: `${daysAgo(2)}T13:00:00Z` });
    const b = pain(2, 2, { lastUpdated: `${daysAgo(2)}T15:00:00Z` });
    for (const resources of [[a, b], [b, a]]) {
      const c = statusOf('severe-pain', resources);
      expect(c.status).toBe('unknown');
      expect(c.note).toContain('results of the same day disagree');
    }
  });

  // §0 Latest (v3): when they agree, either may be cited; the same one whatever the order or the server's meta.lastUpdated.
  it('severe-pain: same-day scores that agree are met, and the same one is cited whatever their order or meta.lastUpdated', () => {
    const day = daysAgo(2);
    const a = pain(9, 2, { id: 'a', lastUpdated: `${day}T13:00:00Z` });
    const b = pain(8, 2, { id: 'b', lastUpdated: `${day}T15:00:00+05:00` });
    const cited = new Set<string | undefined>();
    for (const resources of [[a, b], [b, a]]) {
      const c = statusOf('severe-pain', resources);
      expect(c.status).toBe('met');
      cited.add(c.evidence[0]?.id);
    }
    expect(cited.size).toBe(1);
  });

  it('severe-pain: VAS 38214-3 is a pain score too', () => {
    const vas = { ...pain(6, 1), code: { coding: [{ system: 'http://loinc.org', code: '38214-3' }] } };
    expect(statusOf('severe-pain', [vas]).status).toBe('met');
  });

  it('severe-pain: unknown without any pain score', () => {
    expect(statusOf('severe-pain').status).toBe('unknown');
  });

  it('severe-pain: answers.painScore wins over the record (ClinicianInput)', () => {
    const low = statusOf('severe-pain', [pain(9, 1)], { painScore: 4 });
    expect(low.status).toBe('not-met');
    expect(low.evidence[0]?.resourceType).toBe('ClinicianInput');
    const high = statusOf('severe-pain', [pain(2, 1)], { painScore: 5 });
    expect(high.status).toBe('met');
    expect(high.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('conservative-care', () => {
  it('conservative-care: an analgesic MedicationRequest within 84 days is care tried (v3), cited', () => {
    const med = medication('Ibuprofen 400 MG Oral Tablet', { date: dtAgo(84) });
    const c = statusOf('conservative-care', [med]);
    expect(careReading(c)).toBe('tried');
    expect(c.evidence.map((e) => e.id)).toContain(med.id);
  });

  it('conservative-care: an analgesic 85 days old only is unknown (shown as older evidence)', () => {
    const med = medication('Acetaminophen 325 MG Oral Tablet', { date: dtAgo(85), status: 'completed' });
    const c = statusOf('conservative-care', [med]);
    expect(careReading(c)).toBe('not tried');
    expect(c.evidence.map((e) => e.id)).toContain(med.id);
  });

  it('conservative-care: a MedicationStatement (stopped) naming oxycodone counts as tried (v3)', () => {
    expect(careReading(statusOf('conservative-care', [medication('oxyCODONE Hydrochloride 5 MG', { resourceType: 'MedicationStatement', status: 'stopped' })]))).toBe('tried');
  });

  it('conservative-care: the drug is read from a referenced Medication (urn:uuid) and from a contained one', () => {
    const referenced: Resource = {
      resourceType: 'MedicationRequest', id: 'mr-ref', status: 'active', intent: 'order', authoredOn: dtAgo(10),
      medicationReference: { reference: 'urn:uuid:med-gaba' },
    };
    const gabapentin: Resource = { resourceType: 'Medication', id: 'med-gaba', code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '310431', display: 'gabapentin 100 MG Oral Capsule' }] } };
    expect(careReading(statusOf('conservative-care', [referenced, gabapentin]))).toBe('tried');
    const contained: Resource = {
      resourceType: 'MedicationRequest', id: 'mr-cont', status: 'active', intent: 'order', authoredOn: dtAgo(10),
      contained: [{ resourceType: 'Medication', id: 'm1', code: { text: 'Tramadol 50 MG' } }],
      medicationReference: { reference: '#m1' },
    };
    expect(careReading(statusOf('conservative-care', [contained]))).toBe('tried');
  });

  it('conservative-care: an analgesic order that was entered in error does not count as tried (v3)', () => {
    expect(careReading(statusOf('conservative-care', [medication('Tramadol 50 MG', { status: 'entered-in-error' })]))).toBe('not tried');
  });

  it('conservative-care: low-dose aspirin (81 mg) does not count as tried (v3)', () => {
    expect(careReading(statusOf('conservative-care', [medication('Aspirin 81 MG Oral Tablet', { dosageText: '81 mg daily' })]))).toBe('not tried');
  });

  it('conservative-care: a back brace (HCPCS L0625 DeviceRequest) counts as tried (v3)', () => {
    expect(careReading(statusOf('conservative-care', [deviceRequest(hcpcs('L0625'), 'active', dtAgo(10))]))).toBe('tried');
  });

  it('conservative-care: physical therapy (CPT 97110 Procedure) counts as tried (v3)', () => {
    expect(careReading(statusOf('conservative-care', [procedure(cpt('97110'), dtAgo(30))]))).toBe('tried');
  });

  it('conservative-care: a CarePlan activity "recommendation to rest" (183051005) and a back brace procedure (77476009) count as tried (v3)', () => {
    const carePlan: Resource = {
      resourceType: 'CarePlan', id: 'cp1', status: 'active', intent: 'plan', period: { start: dtAgo(20) },
      activity: [{ detail: { status: 'in-progress', code: { coding: [{ system: 'http://snomed.info/sct', code: '183051005', display: 'Recommendation to rest' }] } } }],
    };
    expect(careReading(statusOf('conservative-care', [carePlan]))).toBe('tried');
    expect(careReading(statusOf('conservative-care', [procedure(snomed('77476009', 'Application of back brace'), dtAgo(20))]))).toBe('tried');
  });

  it('conservative-care: physical therapy ordered but revoked does not count as tried (v3)', () => {
    const revoked: Resource = { resourceType: 'ServiceRequest', id: 'sr-pt', status: 'revoked', intent: 'order', code: { coding: [{ system: 'http://snomed.info/sct', code: '91251008' }] }, authoredOn: dtAgo(5) };
    expect(careReading(statusOf('conservative-care', [revoked]))).toBe('not tried');
  });

  it('conservative-care: unknown with nothing documented', () => {
    expect(careReading(statusOf('conservative-care'))).toBe('not tried');
  });

  it('conservative-care: answers.conservativeCareTried false wins over a recent analgesic (not-met, ClinicianInput)', () => {
    const c = statusOf('conservative-care', [medication('Naproxen 500 MG')], { conservativeCareTried: false });
    expect(c.status).toBe('not-met');
    expect(c.evidence[0]?.resourceType).toBe('ClinicianInput');
  });

  it('conservative-care: answers.conservativeCareTried true is met', () => {
    const c = statusOf('conservative-care', [], { conservativeCareTried: true });
    expect(c.status).toBe('met');
    expect(c.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('pain-course', () => {
  const kyphosis = () => condition(icd10('M40.209', 'Unspecified kyphosis'), { clinicalStatus: 'active' });

  it('pain-course: worsening from the record (two scores within 84 days, latest higher) is met', () => {
    expect(statusOf('pain-course', [pain(4, 60), pain(7, 2)]).status).toBe('met');
  });

  it('pain-course: the earliest score within 84 days is compared, not one older than 84 days', () => {
    // 90 days ago: 9 (outside), 60 days: 4, 2 days: 7 -> worsening (7 > 4)
    expect(statusOf('pain-course', [pain(9, 90), pain(4, 60), pain(7, 2)]).status).toBe('met');
  });

  it('pain-course: a single pain score does not tell worsening: unknown', () => {
    expect(statusOf('pain-course', [pain(7, 2)]).status).toBe('unknown');
  });

  it('pain-course: not worsening and every finding unanswered stays unknown (findings count as possibly true)', () => {
    expect(statusOf('pain-course', [pain(7, 60), pain(7, 2)]).status).toBe('unknown');
  });

  it('pain-course: not worsening and three findings false: at most one can be true -> not-met', () => {
    const c = statusOf('pain-course', [pain(7, 60), pain(5, 2)], { heightLossOver25: false, kyphoticDeformity: false, progressiveHeightLoss: false });
    expect(c.status).toBe('not-met');
  });

  it('pain-course: not worsening, two findings false, two unanswered -> unknown', () => {
    const c = statusOf('pain-course', [], { painWorsening: false, heightLossOver25: false, progressiveHeightLoss: false });
    expect(c.status).toBe('unknown');
  });

  it('pain-course: answers.painWorsening false with rdq 17 (not over 17) and two findings false -> not-met', () => {
    const c = statusOf('pain-course', [], { painWorsening: false, heightLossOver25: false, progressiveHeightLoss: false, rdqScore: 17 });
    expect(c.status).toBe('not-met');
  });

  it('pain-course: two findings true meet it even without worsening (active Kyphosis condition + height loss)', () => {
    const c = statusOf('pain-course', [kyphosis()], { painWorsening: false, heightLossOver25: true });
    expect(c.status).toBe('met');
  });

  it('pain-course: rdq 18 and progressive height loss are two findings -> met', () => {
    expect(statusOf('pain-course', [], { rdqScore: 18, progressiveHeightLoss: true }).status).toBe('met');
  });

  it('pain-course: answers.kyphoticDeformity false wins over an active Kyphosis condition', () => {
    const c = statusOf('pain-course', [kyphosis()], { painWorsening: false, kyphoticDeformity: false, heightLossOver25: false, progressiveHeightLoss: true });
    // one finding true, rdq unanswered (possibly true): 2 possible -> unknown; with the condition counted it would be met
    expect(c.status).toBe('unknown');
  });

  it('pain-course: answers.painWorsening true wins over a falling record (met, ClinicianInput)', () => {
    const c = statusOf('pain-course', [pain(9, 60), pain(3, 2)], { painWorsening: true });
    expect(c.status).toBe('met');
    expect(c.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('pain-attributable', () => {
  it('pain-attributable: unknown without an answer, whatever the record', () => {
    expect(statusOf('pain-attributable', [condition(VCF_ICD, { clinicalStatus: 'active' }), pain(9, 1)]).status).toBe('unknown');
  });

  it('pain-attributable: answer true met, false not-met (ClinicianInput)', () => {
    const yes = statusOf('pain-attributable', [], { painAttributable: true });
    expect(yes.status).toBe('met');
    expect(yes.evidence[0]?.resourceType).toBe('ClinicianInput');
    expect(statusOf('pain-attributable', [], { painAttributable: false }).status).toBe('not-met');
  });
});

describe('age-over-70', () => {
  it('age-over-70: 70 today is met, 69 (birthday tomorrow) is not-met', () => {
    expect(statusOf('age-over-70', [], {}, { birthDate: birthDateForAge(70), gender: 'male' }).status).toBe('met');
    const tomorrow70 = daysAgo(-1, birthDateForAge(70));
    const a = run({ patient: { birthDate: tomorrow70, gender: 'male' } });
    expect(a.patient.age).toBe(69);
    expect(criterion(a, 'age-over-70').status).toBe('not-met');
  });

  it('age-over-70: unknown without a birth date', () => {
    const a = run({ patient: { gender: 'male' } });
    expect(a.patient.age).toBeUndefined();
    expect(criterion(a, 'age-over-70').status).toBe('unknown');
  });

  it('age-over-70: is never required', () => {
    expect(statusOf('age-over-70', [], {}, { birthDate: '1990-01-01', gender: 'male' }).required).toBe(false);
  });

  it("age-over-70: partial birth date '1950' gives the youngest possible age (75 on 2026-11-24), approximate, met", () => {
    const a = run({ patient: { birthDate: '1950', gender: 'male' } });
    expect(a.patient.age).toBe(75);
    expect(a.patient.ageApproximate).toBe(true);
    expect(criterion(a, 'age-over-70').status).toBe('met');
  });

  it("age-over-70: partial birth date '1950-06' is 76 (June 30 passed), '1950-12' is 75, approximate", () => {
    const june = run({ patient: { birthDate: '1950-06', gender: 'male' } });
    expect(june.patient.age).toBe(76);
    expect(june.patient.ageApproximate).toBe(true);
    const dec = run({ patient: { birthDate: '1950-12', gender: 'male' } });
    expect(dec.patient.age).toBe(75);
  });

  it("age-over-70: partial birth date '1956-11' is 69 at youngest (Nov 30 not reached): never met", () => {
    // spec §0/§2 read literally give not-met (age < 70); the engine answers unknown (could be 70). See report.
    const a = run({ patient: { birthDate: '1956-11', gender: 'male' } });
    expect(a.patient.age).toBe(69);
    expect(a.patient.ageApproximate).toBe(true);
    expect(criterion(a, 'age-over-70').status).not.toBe('met');
  });

  it('age-over-70: a full birth date is not approximate', () => {
    const a = run({ patient: { birthDate: '1950-11-25', gender: 'male' } });
    expect(a.patient.age).toBe(75);
    expect(a.patient.ageApproximate).toBe(false);
  });
});

describe('limited-mobility', () => {
  it('limited-mobility: unknown with nothing documented', () => {
    expect(statusOf('limited-mobility').status).toBe('unknown');
  });

  it('limited-mobility: met by an active Reduced mobility condition (R26.2, Z74.09, Z99.3)', () => {
    for (const code of ['R26.2', 'Z74.09', 'Z99.3']) {
      expect(statusOf('limited-mobility', [condition(icd10(code), { clinicalStatus: 'active' })]).status, code).toBe('met');
    }
  });

  it('limited-mobility: a resolved R26.2 does not count', () => {
    expect(statusOf('limited-mobility', [condition(icd10('R26.2'), { clinicalStatus: 'resolved' })]).status).toBe('unknown');
  });

  it('limited-mobility: rdq 18 meets it, rdq 17 does not', () => {
    expect(statusOf('limited-mobility', [], { rdqScore: 18 }).status).toBe('met');
    expect(statusOf('limited-mobility', [], { rdqScore: 17 }).status).toBe('unknown');
  });

  it('limited-mobility: answer false wins over a Reduced mobility condition (not-met, ClinicianInput)', () => {
    const c = statusOf('limited-mobility', [condition(icd10('Z99.3'), { clinicalStatus: 'active' })], { limitedMobility: false });
    expect(c.status).toBe('not-met');
    expect(c.evidence[0]?.resourceType).toBe('ClinicianInput');
  });

  it('limited-mobility: answer true is met', () => {
    expect(statusOf('limited-mobility', [], { limitedMobility: true }).status).toBe('met');
  });

  it('limited-mobility: is never required', () => {
    expect(statusOf('limited-mobility', [], { limitedMobility: false }).required).toBe(false);
  });
});

describe('osteoporosis', () => {
  it('osteoporosis: unknown (never not-met) with nothing documented', () => {
    expect(statusOf('osteoporosis').status).toBe('unknown');
  });

  it('osteoporosis: met by an active SNOMED 64859006', () => {
    expect(statusOf('osteoporosis', [condition(snomed('64859006', 'Osteoporosis (disorder)'), { clinicalStatus: 'active' })]).status).toBe('met');
  });

  it('osteoporosis: met by ICD M81.0', () => {
    expect(statusOf('osteoporosis', [condition(icd10('M81.0'), { clinicalStatus: 'active' })]).status).toBe('met');
  });

  it('osteoporosis: met by an osteoporotic-fracture code (443165006)', () => {
    expect(statusOf('osteoporosis', [condition(UNSITED_OSTEOPOROTIC_FRACTURE, { clinicalStatus: 'active' })]).status).toBe('met');
  });

  it('osteoporosis: DXA T-score -2.5 (any date) meets it, -2.4 does not', () => {
    const c = statusOf('osteoporosis', [dxaTScore(-2.5, '2001-05-05')]);
    expect(c.status).toBe('met');
    expect(c.evidence[0]?.resourceType).toBe('Observation');
    expect(statusOf('osteoporosis', [dxaTScore(-2.4, dtAgo(10))]).status).toBe('unknown');
  });

  it('osteoporosis: is never required', () => {
    expect(statusOf('osteoporosis', [dxaTScore(-3, dtAgo(10))]).required).toBe(false);
  });

  it('osteoporosis: a traumatic vertebral fracture alone does not document osteoporosis', () => {
    expect(statusOf('osteoporosis', [condition(TRAUMATIC_VCF_ICD, { clinicalStatus: 'active' })]).status).toBe('unknown');
  });
});
