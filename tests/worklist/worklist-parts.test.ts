// The worklist's parts without a server: the cohort test of stage 1, export gaps on the record (never "none
// documented"), the error-file reading, the bucket grouping and the files' escaping.
import { describe, expect, it } from 'vitest';
import { AS_OF, MYELOMA, PATIENT_ID, VCF_ICD, condition, daysAgo, icd10, medication, patient, type Resource } from '../clinical/builders';
import { PatientBuckets } from '../../src/worklist/buckets';
import { CohortBuilder, conditionQualifies } from '../../src/worklist/cohort';
import { assessPatient } from '../../src/worklist/evaluate';
import { missingTypeGaps, outcomeGap } from '../../src/worklist/gaps';
import { csvLine, escapeHtml, htmlText } from '../../src/worklist/output';
import type { WorklistRow } from '../../src/worklist/rows';
import type { Json } from '../../src/fhir/narrow';

const ours = (r: Resource): Json => ({ ...r, subject: { reference: `Patient/${PATIENT_ID}` } }) as Json;
const qualifies = (c: Resource) => conditionQualifies(ours(c), { id: PATIENT_ID, birthDate: '1948-01-01' }, AS_OF);

describe('stage 1 cohort: an active vertebral fracture in the fracture window (fracture-age, 84 days), undated, or a nonunion', () => {
  it('fracture-age: onset 10 days ago is in; 200 days ago is out', () => {
    expect(qualifies(condition(VCF_ICD, { onset: daysAgo(10) }))).toEqual({ id: PATIENT_ID, onset: daysAgo(10), why: 'fracture-window' });
    expect(qualifies(condition(VCF_ICD, { onset: daysAgo(200) }))).toBeUndefined();
  });

  it('an old onset recorded within the window is kept (inclusive: the rules, not the cohort, call it chronic)', () => {
    expect(qualifies(condition(VCF_ICD, { onset: daysAgo(200), recordedDate: daysAgo(5) }))?.why).toBe('fracture-window');
  });

  it('a fracture with no date at all is kept as undated (fracture-age cannot rule it out)', () => {
    expect(qualifies(condition(VCF_ICD))?.why).toBe('undated-fracture');
  });

  it('fracture-age nonunion: a 7th character K code long ago is kept', () => {
    expect(qualifies(condition(icd10('M80.08XK', 'nonunion'), { onset: daysAgo(300) }))?.why).toBe('nonunion');
  });

  it('§1 malignant pathway: an older vertebral fracture is kept with an active malignancy (fracture-age is not required there)', () => {
    const cohort = new CohortBuilder(AS_OF, new Map());
    cohort.add(ours(condition(VCF_ICD, { onset: daysAgo(300) })), PATIENT_ID);
    cohort.add(ours(condition(VCF_ICD, { onset: daysAgo(300) })), 'p2');
    expect(cohort.list()).toEqual([]);
    cohort.add(ours(condition(MYELOMA, { onset: daysAgo(900), clinicalStatus: 'remission' })), PATIENT_ID);
    expect(cohort.list()).toEqual([{ id: PATIENT_ID, onset: daysAgo(300), why: 'malignant-pathway' }]);
  });

  it('§1 malignant pathway: a neoplastic fracture code (M84.58*) alone keeps an older fracture', () => {
    const cohort = new CohortBuilder(AS_OF, new Map());
    cohort.add(ours(condition(icd10('M84.58XA', 'Pathological fracture in neoplastic disease, vertebrae'), { onset: daysAgo(300) })), PATIENT_ID);
    expect(cohort.list().map((e) => e.why)).toEqual(['malignant-pathway']);
  });

  it('vcf strict match: refuted, resolved or non-vertebral fractures are not a cohort reason', () => {
    expect(qualifies(condition(VCF_ICD, { onset: daysAgo(10), verificationStatus: 'refuted' }))).toBeUndefined();
    expect(qualifies(condition(VCF_ICD, { onset: daysAgo(10), clinicalStatus: 'resolved' }))).toBeUndefined();
    expect(qualifies(condition(icd10('S72.001A', 'Fracture of femoral neck'), { onset: daysAgo(10) }))).toBeUndefined();
  });
});

describe('export gaps on the record: a type that was not delivered is never "none documented"', () => {
  const entry = { id: PATIENT_ID, why: 'fracture-window' as const };
  const pat = ours(patient({ birthDate: '1948-01-01', gender: 'female' }));
  const fracture = ours(condition(VCF_ICD, { onset: daysAgo(10) }));
  const warfarin = ours(medication('warfarin 5 mg tablet', { date: daysAgo(20) }));
  const anticoagulant = (a: ReturnType<typeof assessPatient>) => a.contraindications.find((c) => c.id === 'anticoagulant-use')!;
  const manifest = (types: string[]) => ({ requiresAccessToken: true, output: types.map((type) => ({ type, url: `http://x/${type}` })), error: [] });

  it('anticoagulant-use: present with the MedicationRequest, absent when the complete export has none', () => {
    expect(anticoagulant(assessPatient(entry, [pat, fracture, warfarin], new Map(), [], AS_OF)).status).toBe('present');
    expect(anticoagulant(assessPatient(entry, [pat, fracture], new Map(), [], AS_OF)).status).toBe('absent');
  });

  it('anticoagulant-use: unknown, with the gap named, when MedicationRequest is missing from the manifest', () => {
    const gaps = missingTypeGaps(manifest(['Patient', 'Condition', 'MedicationStatement']), ['Patient', 'Condition', 'MedicationRequest', 'MedicationStatement']);
    expect(gaps.map((g) => g.types)).toEqual([['MedicationRequest']]);
    const a = assessPatient(entry, [pat, fracture], new Map(), gaps, AS_OF);
    expect(anticoagulant(a).status).toBe('unknown');
    expect(a.dataGaps).toEqual(['MedicationRequest: requested but not in the bulk export manifest (the server left it out without saying why): not read']);
    expect(a.verdict).not.toBe('candidate');
  });

  it('a patient with no exported Patient resource is assessed with the gap that says so', () => {
    const a = assessPatient(entry, [fracture], new Map(), [], AS_OF);
    expect(a.dataGaps).toContain('Patient: the patient resource was not in the export: name, age and sex unknown');
    expect(a.patient.age).toBeUndefined();
  });

  it('a referenced Medication is given to each patient whose order names it', () => {
    const order = { ...warfarin, medicationCodeableConcept: undefined, medicationReference: { reference: 'Medication/m1' } } as Json;
    const meds = new Map<string, Json>([['Medication/m1', { resourceType: 'Medication', id: 'm1', code: { text: 'Warfarin sodium 5 MG' } }]]);
    expect(anticoagulant(assessPatient(entry, [pat, fracture, order], meds, [], AS_OF)).status).toBe('present');
  });
});

describe('error files and inline OperationOutcomes', () => {
  const requested = ['Patient', 'Condition', 'MedicationRequest'];
  const outcome = (diagnostics: string, severity = 'error', expression?: string[]) =>
    ({ resourceType: 'OperationOutcome', issue: [{ severity, code: 'exception', diagnostics, ...(expression ? { expression } : {}) }] }) as Json;

  it('names the patient and the type it concerns ("Patient/ID" is a patient, not the Patient type)', () => {
    expect(outcomeGap(outcome('MedicationRequest: 2 resources of Patient/p9 could not be exported'), requested)).toMatchObject({ patient: 'p9', types: ['MedicationRequest'] });
  });

  it('an outcome that names no type makes every requested type incomplete, for every patient', () => {
    const gap = outcomeGap(outcome('export worker crashed'), requested)!;
    expect(gap.types).toEqual(requested);
    expect(gap.patient).toBeUndefined();
    expect(gap.text).toBe('every type: the server left results out (in the export\'s error file): export worker crashed');
  });

  it('information-only outcomes are not gaps (the bundle path\'s rule)', () => {
    expect(outcomeGap(outcome('all good', 'information'), requested)).toBeUndefined();
  });

  it('an outcome inside a data file is a gap on that file\'s type', () => {
    expect(outcomeGap(outcome('some omitted', 'warning'), requested, 'Condition')).toMatchObject({ types: ['Condition'] });
  });
});

describe('bounded grouping by patient', () => {
  it('every patient comes back once with all its lines in export order, whatever the bucket count', () => {
    const buckets = new PatientBuckets(3);
    try {
      const ids = ['a', 'b', 'c', 'd', 'e'];
      for (let i = 0; i < 20; i++) buckets.add(ids[i % 5]!, JSON.stringify({ n: i }));
      const groups = new Map(buckets.patients());
      expect([...groups.keys()].sort()).toEqual(ids);
      expect(groups.get('c')).toEqual([2, 7, 12, 17].map((n) => JSON.stringify({ n })));
    } finally {
      buckets.remove();
    }
  });
});

describe('the worklist files treat record text as text', () => {
  const row: WorklistRow = {
    id: 'p1', name: '=HYPERLINK("http://evil","x")', age: 80, levels: ['L1'], onset: '2026-11-01', cohortReason: 'fracture-window',
    verdict: 'needs-information', verdictText: 'Needs more information', reasons: ['Still needed: <b>x</b>'], cautions: [], notRuledOut: [],
    redFlags: [], missingWorkup: [], gaps: [], ruleVersion: 'v', appVersion: 'a', asOf: AS_OF,
  };

  it('CSV: a formula is neutralised and quotes doubled', () => {
    expect(csvLine(row).split(',')[1]).toBe('"\'=HYPERLINK(""http://evil""');
  });

  it('HTML: markup is escaped and the launch link carries the encoded id only', () => {
    expect(escapeHtml('<a href="x">\'&')).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;');
    const html = htmlText([{ ...row, id: 'p1"><script>' }], { asOf: AS_OF, generated: 'now', source: 's', population: 1, cohort: 1, runGaps: [], ruleVersion: 'v', appVersion: 'a' }, 'http://ehr/launch?p={id}');
    expect(html).toContain('href="http://ehr/launch?p=p1%22%3E%3Cscript%3E"');
    expect(html).toContain('Still needed: &lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toMatch(/recommended/i);
  });
});
