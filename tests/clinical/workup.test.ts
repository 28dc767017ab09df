// clinical-rules.md §5 Workup: done / outdated / missing with their windows, `required`, and workupComplete.
import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_ANSWERS,
  NEGATIVE,
  birthDateForAge,
  bpPanel,
  cpt,
  creatinine,
  daysAgo,
  diagnosticReport,
  dtAgo,
  hcg,
  heartRate,
  imagingStudy,
  inr,
  loinc,
  medication,
  observation,
  pain,
  platelets,
  procedure,
  run,
  serviceRequest,
  snomed,
  workupItem,
  type Resource,
} from './builders';
import type { Answers } from '../../src/clinical/types';

type PatientOpts = NonNullable<NonNullable<Parameters<typeof run>[0]>['patient']>;
const item = (id: string, resources: Resource[] = [], answers: Answers = {}, patient?: PatientOpts) =>
  workupItem(run({ resources, answers, ...(patient ? { patient } : {}) }), id);

const LUMBAR = snomed('122496007', 'Lumbar spine');
const CHEST = snomed('51185008', 'Thoracic structure');

describe('physical-exam', () => {
  it('physical-exam: heart rate and BP panel within 30 days: done, both cited', () => {
    const w = item('physical-exam', [heartRate(30), bpPanel(1)]);
    expect(w.status).toBe('done');
    expect(w.evidence).toHaveLength(2);
    expect(w.window).toBe('30 days');
    expect(w.required).toBe(true);
  });

  it('physical-exam: one part missing (no heart rate) is missing even with a recent BP', () => {
    expect(item('physical-exam', [bpPanel(1)]).status).toBe('missing');
    expect(item('physical-exam', [heartRate(1)]).status).toBe('missing');
  });

  it('physical-exam: a part older than 30 days (and none missing) is outdated', () => {
    expect(item('physical-exam', [heartRate(31), bpPanel(1)]).status).toBe('outdated');
  });

  it('physical-exam: a standalone systolic 8480-6 and a 55284-4 panel count as blood pressure', () => {
    expect(item('physical-exam', [heartRate(1), observation('8480-6', 130, 'mm[Hg]', dtAgo(1))]).status).toBe('done');
    expect(item('physical-exam', [heartRate(1), observation('55284-4', undefined, undefined, dtAgo(1))]).status).toBe('done');
  });

  it('physical-exam: nothing at all is missing', () => {
    expect(item('physical-exam').status).toBe('missing');
  });
});

describe('pain-score', () => {
  it('pain-score: a score 14 days old is done, 15 days old is outdated, none is missing', () => {
    expect(item('pain-score', [pain(3, 14)]).status).toBe('done');
    expect(item('pain-score', [pain(3, 15)]).status).toBe('outdated');
    expect(item('pain-score').status).toBe('missing');
  });

  it('pain-score: answers.painScore makes it done (ClinicianInput)', () => {
    const w = item('pain-score', [], { painScore: 6 });
    expect(w.status).toBe('done');
    expect(w.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('labs (cbc, coagulation, metabolic-panel)', () => {
  it('cbc: platelets 30 days old done, 31 days outdated', () => {
    expect(item('cbc', [platelets(200, 30)]).status).toBe('done');
    expect(item('cbc', [platelets(200, 31)]).status).toBe('outdated');
  });

  it('cbc: a DiagnosticReport 58410-2 (CBC panel) counts', () => {
    const report = diagnosticReport(loinc('58410-2', 'CBC panel - Blood by Automated count'), dtAgo(3), { id: 'cbc-report' });
    const w = item('cbc', [report]);
    expect(w.status).toBe('done');
    expect(w.evidence[0]?.id).toBe('cbc-report');
  });

  it('cbc: an entered-in-error CBC report does not count', () => {
    expect(item('cbc', [diagnosticReport(loinc('58410-2'), dtAgo(3), { status: 'entered-in-error' })]).status).toBe('missing');
  });

  it('coagulation: INR or PT within 30 days', () => {
    expect(item('coagulation', [inr(1.1, 30)]).status).toBe('done');
    expect(item('coagulation', [observation('5902-2', 12, 's', dtAgo(5))]).status).toBe('done');
    expect(item('coagulation', [inr(1.1, 31)]).status).toBe('outdated');
    expect(item('coagulation').status).toBe('missing');
  });

  it('metabolic-panel: creatinine within 30 days, or a BMP DiagnosticReport 24321-2', () => {
    expect(item('metabolic-panel', [creatinine(10)]).status).toBe('done');
    expect(item('metabolic-panel', [diagnosticReport(loinc('24321-2'), dtAgo(10))]).status).toBe('done');
    expect(item('metabolic-panel', [creatinine(45)]).status).toBe('outdated');
  });
});

describe('spine imaging (spine-xray, spine-mri, spine-ct, bone-scan)', () => {
  it('spine-xray: by CPT 72100 (Procedure) within 84 days done, 85 days outdated', () => {
    expect(item('spine-xray', [procedure(cpt('72100', 'X-ray exam l-s spine 2/3 vws'), dtAgo(84))]).status).toBe('done');
    expect(item('spine-xray', [procedure(cpt('72100'), dtAgo(85))]).status).toBe('outdated');
    expect(item('spine-xray').window).toBe('84 days');
  });

  it('spine-xray: by DICOM modality DX + spine body site (ImagingStudy)', () => {
    expect(item('spine-xray', [imagingStudy({ modality: 'DX', bodySite: LUMBAR, started: dtAgo(5) })]).status).toBe('done');
  });

  it('spine-xray: by text ("XR lumbar spine 2 views" DiagnosticReport)', () => {
    expect(item('spine-xray', [diagnosticReport({ text: 'XR lumbar spine 2 views' }, dtAgo(5))]).status).toBe('done');
    expect(item('spine-xray', [diagnosticReport({ text: 'Thoracic spine radiograph' }, dtAgo(5))]).status).toBe('done');
  });

  it('spine-xray: "Chest X-ray" with bodySite 51185008 "Thoracic structure" is NOT a spine X-ray', () => {
    const chest = imagingStudy({ modality: 'DX', bodySite: CHEST, description: 'Chest X-ray', started: dtAgo(5) });
    const cr = imagingStudy({ modality: 'CR', bodySite: CHEST, started: dtAgo(5) });
    const w = item('spine-xray', [chest, cr, diagnosticReport({ text: 'Chest X-ray' }, dtAgo(3))]);
    expect(w.status).toBe('missing');
    expect(w.evidence).toEqual([]);
  });

  it('spine-xray: an imaging record is dated by DiagnosticReport.issued or Procedure.performedPeriod when that is all it has', () => {
    const issuedOnly: Resource = { resourceType: 'DiagnosticReport', id: 'dr-issued', status: 'final', code: { coding: [cpt('72100')] }, issued: `${daysAgo(10)}T09:00:00Z` };
    expect(item('spine-xray', [issuedOnly]).status).toBe('done');
    const period: Resource = { resourceType: 'Procedure', id: 'pr-period', status: 'completed', code: { coding: [cpt('72100')] }, performedPeriod: { start: dtAgo(100), end: dtAgo(80) } };
    expect(item('spine-xray', [period]).status).toBe('done');
  });

  it('spine-xray: an ImagingStudy without a start date is evidence but not done', () => {
    const w = item('spine-xray', [imagingStudy({ id: 'undated-xr', modality: 'DX', bodySite: LUMBAR })]);
    expect(w.status).toBe('outdated');
    expect(w.evidence.map((e) => e.id)).toEqual(['undated-xr']);
  });

  it('spine-xray: a DX study of the knee is not spine', () => {
    expect(item('spine-xray', [imagingStudy({ modality: 'DX', bodySite: snomed('72696002', 'Knee'), started: dtAgo(5) })]).status).toBe('missing');
  });

  it('spine-xray: a cancelled spine X-ray is ignored', () => {
    expect(item('spine-xray', [procedure(cpt('72100'), dtAgo(5), { status: 'cancelled' })]).status).toBe('missing');
  });

  it('spine-mri: by MR modality + thoracic spine body site, by CPT 72148, by text; a brain MRI is not spine', () => {
    expect(item('spine-mri', [imagingStudy({ modality: 'MR', bodySite: snomed('122495006', 'Thoracic spine'), started: dtAgo(10) })]).status).toBe('done');
    expect(item('spine-mri', [diagnosticReport(cpt('72148'), dtAgo(10))]).status).toBe('done');
    expect(item('spine-mri', [diagnosticReport({ text: 'MRI lumbar spine without contrast (STIR)' }, dtAgo(10))]).status).toBe('done');
    expect(item('spine-mri', [procedure({ text: 'Magnetic resonance imaging of brain' }, dtAgo(10))]).status).toBe('missing');
  });

  it('spine-mri: required unless mriContraindicated; bone-scan required only when mriContraindicated', () => {
    const normal = run();
    expect(workupItem(normal, 'spine-mri').required).toBe(true);
    expect(workupItem(normal, 'bone-scan').required).toBe(false);
    const noMri = run({ answers: { mriContraindicated: true } });
    expect(workupItem(noMri, 'spine-mri').required).toBe(false);
    expect(workupItem(noMri, 'bone-scan').required).toBe(true);
  });

  it('bone-scan: a whole-body NM bone scan counts (need not be of the spine); CPT 78306 too', () => {
    expect(item('bone-scan', [imagingStudy({ modality: 'NM', description: 'Whole body bone scan', started: dtAgo(20) })]).status).toBe('done');
    expect(item('bone-scan', [procedure(cpt('78306'), dtAgo(85))]).status).toBe('outdated');
  });

  it('spine-ct: never required; a CT by CPT 72131 within 84 days is done', () => {
    const w = item('spine-ct', [procedure(cpt('72131'), dtAgo(3))]);
    expect(w.required).toBe(false);
    expect(w.status).toBe('done');
    expect(item('spine-ct', [imagingStudy({ modality: 'CT', bodySite: LUMBAR, started: dtAgo(3) })]).status).toBe('done');
  });
});

describe('bone-density', () => {
  it('bone-density: a DXA T-score within 730 days done, 731 days outdated', () => {
    expect(item('bone-density', [observation('38267-1', -1.0, '{T-score}', dtAgo(730))]).status).toBe('done');
    expect(item('bone-density', [observation('38267-1', -1.0, '{T-score}', dtAgo(731))]).status).toBe('outdated');
    expect(item('bone-density').window).toBe('730 days');
  });

  it('bone-density: a DXA procedure (CPT 77080 or SNOMED 312681000) counts', () => {
    expect(item('bone-density', [procedure(cpt('77080'), dtAgo(100))]).status).toBe('done');
    expect(item('bone-density', [procedure(snomed('312681000', 'Bone density scan (procedure)'), dtAgo(100))]).status).toBe('done');
  });

  it('bone-density: an active or completed DXA referral (ServiceRequest) within 730 days counts; a revoked one does not', () => {
    expect(item('bone-density', [serviceRequest(cpt('77080'), 'active', dtAgo(3))]).status).toBe('done');
    expect(item('bone-density', [serviceRequest(snomed('312681000'), 'completed', dtAgo(730))]).status).toBe('done');
    // v2: DXA referrals within 730 days only.
    expect(item('bone-density', [serviceRequest(snomed('312681000'), 'completed', dtAgo(1000))]).status).toBe('outdated');
    expect(item('bone-density', [serviceRequest(cpt('77080'), 'revoked', dtAgo(3))]).status).toBe('missing');
  });
});

describe('pregnancy-test', () => {
  it('pregnancy-test: required only when the patient could be pregnant', () => {
    expect(item('pregnancy-test', [], {}, { birthDate: birthDateForAge(40), gender: 'female' }).required).toBe(true);
    expect(item('pregnancy-test', [], {}, { birthDate: birthDateForAge(55), gender: 'female' }).required).toBe(false);
    expect(item('pregnancy-test', [], {}, { birthDate: birthDateForAge(40), gender: 'male' }).required).toBe(false);
  });

  it('pregnancy-test: an hCG 7 days old done, 8 days outdated', () => {
    const woman = { birthDate: birthDateForAge(40), gender: 'female' };
    expect(item('pregnancy-test', [hcg(NEGATIVE, 7)], {}, woman).status).toBe('done');
    expect(item('pregnancy-test', [hcg(NEGATIVE, 8)], {}, woman).status).toBe('outdated');
  });

  it('pregnancy-test: a pregnancy status 82810-3 counts', () => {
    const woman = { birthDate: birthDateForAge(40), gender: 'female' };
    expect(item('pregnancy-test', [observation('82810-3', loinc('LA26683-5', 'Not pregnant'), undefined, dtAgo(1))], {}, woman).status).toBe('done');
  });
});

describe('workupComplete', () => {
  const full = (): Resource[] => [
    heartRate(2), bpPanel(2), pain(6, 2), platelets(250, 2), inr(1.0, 2), creatinine(2),
    imagingStudy({ modality: 'DX', bodySite: LUMBAR, started: dtAgo(10) }),
    imagingStudy({ modality: 'MR', bodySite: LUMBAR, started: dtAgo(9) }),
    observation('38267-1', -2.8, '{T-score}', dtAgo(300)),
    // v2: osteoporosis-treatment is required on the osteoporotic pathway.
    medication('Alendronate 70 MG Oral Tablet', { date: dtAgo(60) }),
  ];

  it('workupComplete: true when every required item is done (bone-scan, spine-ct, pregnancy-test not required for a man)', () => {
    const a = run({ resources: full() });
    expect(a.workup.filter((w) => w.required && w.status !== 'done')).toEqual([]);
    expect(a.workupComplete).toBe(true);
  });

  it('workupComplete: false when one required item is not done (pain score 15 days old)', () => {
    const resources = full().filter((r) => (r.code as { coding: Array<{ code: string }> } | undefined)?.coding[0]?.code !== '72514-3');
    const a = run({ resources: [...resources, pain(6, 15)] });
    expect(workupItem(a, 'pain-score').status).toBe('outdated');
    expect(a.workupComplete).toBe(false);
  });

  it('workupComplete: false for a woman of 40 without a pregnancy test, true with one', () => {
    const woman = { birthDate: birthDateForAge(40), gender: 'female' };
    expect(run({ patient: woman, resources: full() }).workupComplete).toBe(false);
    expect(run({ patient: woman, resources: [...full(), hcg(NEGATIVE, 1)] }).workupComplete).toBe(true);
  });

  it('workupComplete: with mriContraindicated the MRI is not needed but a bone scan is', () => {
    const noMri = full().filter((r) => !(r.resourceType === 'ImagingStudy' && (r.modality as Array<{ code: string }>)[0]?.code === 'MR'));
    expect(run({ resources: noMri, answers: { mriContraindicated: true } }).workupComplete).toBe(false);
    const withScan = [...noMri, imagingStudy({ modality: 'NM', description: 'Bone scan', started: dtAgo(5) })];
    expect(run({ resources: withScan, answers: { mriContraindicated: true } }).workupComplete).toBe(true);
  });

  it('workupComplete: does not change a candidate verdict', () => {
    const a = run({ resources: full(), answers: CANDIDATE_ANSWERS });
    expect(a.verdict).toBe('candidate');
    expect(a.workupComplete).toBe(true);
  });
});
