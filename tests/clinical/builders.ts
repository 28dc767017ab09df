// Small FHIR R4 builders for the rule tests. Records go through the real path: Bundle -> recordFromBundle -> assess.
// Dates are given relative to AS_OF (daysAgo), computed here without the engine's date helpers.
import { appendFileSync } from 'node:fs';
import { SYSTEM } from '../../src/clinical/codes';
import { assess } from '../../src/clinical/assess';
import type { PatientRecord } from '../../src/clinical/record';
import type { Answers, Assessment, ContraindicationResult, CriterionResult, WorkupResult } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';

export const AS_OF = '2026-11-24';

export type Resource = { resourceType: string; id?: string; [key: string]: unknown };
export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export const SYS = {
  ...SYSTEM,
  hcpcs: 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
} as const;

export const icd10 = (code: string, display?: string): Coding => ({ system: SYS.icd10cm, code, ...(display ? { display } : {}) });
export const snomed = (code: string, display?: string): Coding => ({ system: SYS.snomed, code, ...(display ? { display } : {}) });
export const loinc = (code: string, display?: string): Coding => ({ system: SYS.loinc, code, ...(display ? { display } : {}) });
export const cpt = (code: string, display?: string): Coding => ({ system: SYS.cpt, code, ...(display ? { display } : {}) });
export const hcpcs = (code: string, display?: string): Coding => ({ system: SYS.hcpcs, code, ...(display ? { display } : {}) });

// ---- dates ----

const DAY_MS = 86_400_000;

/** YYYY-MM-DD, `n` days before `from` (negative n: after). */
export function daysAgo(n: number, from: string = AS_OF): string {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - n * DAY_MS).toISOString().slice(0, 10);
}

/** A FHIR dateTime on the day `n` days before AS_OF (mid-day, UTC). */
export function dtAgo(n: number): string {
  return `${daysAgo(n)}T12:00:00Z`;
}

/** The birth date that makes the patient exactly `years` old on AS_OF (birthday today). */
export function birthDateForAge(years: number, from: string = AS_OF): string {
  const [y, m, d] = from.split('-') as [string, string, string];
  return `${String(Number(y) - years).padStart(4, '0')}-${m}-${d}`;
}

// ---- resources ----

let counter = 0;
const nextId = (prefix: string) => `${prefix}-${++counter}`;

export const PATIENT_ID = 'p1';

export function patient(opts: { id?: string; birthDate?: string; gender?: string; deceasedBoolean?: boolean; deceasedDateTime?: string; name?: string } = {}): Resource {
  const { id = PATIENT_ID, name = 'Test Patient', ...rest } = opts;
  const [given, family] = name.split(' ');
  return { resourceType: 'Patient', id, name: [{ use: 'official', given: [given], family }], ...rest };
}

export interface ConditionOpts {
  onset?: string;
  onsetPeriodStart?: string;
  onsetAge?: number;
  recordedDate?: string;
  clinicalStatus?: string;
  verificationStatus?: string;
  text?: string;
  id?: string;
}

/** A Condition; `code` is a coding (or several), or null for a text-only condition. */
export function condition(code: Coding | Coding[] | null, opts: ConditionOpts = {}): Resource {
  const codings = code === null ? [] : Array.isArray(code) ? code : [code];
  return {
    resourceType: 'Condition',
    id: opts.id ?? nextId('cond'),
    ...(opts.clinicalStatus !== undefined
      ? { clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: opts.clinicalStatus }] } }
      : {}),
    ...(opts.verificationStatus !== undefined
      ? { verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: opts.verificationStatus }] } }
      : {}),
    code: { coding: codings, ...(opts.text ? { text: opts.text } : {}) },
    ...(opts.onset ? { onsetDateTime: opts.onset } : {}),
    ...(opts.onsetPeriodStart ? { onsetPeriod: { start: opts.onsetPeriodStart } } : {}),
    ...(opts.onsetAge !== undefined ? { onsetAge: { value: opts.onsetAge, unit: 'a', system: 'http://unitsofmeasure.org', code: 'a' } } : {}),
    ...(opts.recordedDate ? { recordedDate: opts.recordedDate } : {}),
  };
}

export type ObsValue = number | Coding | string | undefined;

export interface ObservationOpts {
  status?: string;
  id?: string;
  lastUpdated?: string;
  /** Put the date in effectivePeriod / effectiveInstant / issued instead of effectiveDateTime. */
  dateAs?: 'effectiveDateTime' | 'periodEnd' | 'periodStart' | 'effectiveInstant' | 'issued';
  components?: Array<{ code: Coding; value?: number; unit?: string }>;
  interpretation?: string;
  display?: string;
}

/** An Observation with a LOINC code (or any coding). `date` undefined: no date at all. */
export function observation(code: string | Coding, value: ObsValue, unit: string | undefined, date: string | undefined, opts: ObservationOpts = {}): Resource {
  const coding = typeof code === 'string' ? loinc(code, opts.display) : code;
  const valueField =
    typeof value === 'number'
      ? { valueQuantity: { value, ...(unit ? { unit, system: 'http://unitsofmeasure.org', code: unit } : {}) } }
      : typeof value === 'string'
        ? { valueString: value }
        : value
          ? { valueCodeableConcept: { coding: [value], ...(value.display ? { text: value.display } : {}) } }
          : {};
  const dateField = (() => {
    if (!date) return {};
    switch (opts.dateAs ?? 'effectiveDateTime') {
      case 'effectiveDateTime': return { effectiveDateTime: date };
      case 'periodEnd': return { effectivePeriod: { start: '1900-01-01', end: date } };
      case 'periodStart': return { effectivePeriod: { start: date } };
      case 'effectiveInstant': return { effectiveInstant: date };
      case 'issued': return { issued: date };
    }
  })();
  return {
    resourceType: 'Observation',
    id: opts.id ?? nextId('obs'),
    ...(opts.lastUpdated ? { meta: { lastUpdated: opts.lastUpdated } } : {}),
    status: opts.status ?? 'final',
    code: { coding: [coding] },
    ...dateField,
    ...valueField,
    ...(opts.components
      ? {
          component: opts.components.map((c) => ({
            code: { coding: [c.code] },
            ...(c.value !== undefined ? { valueQuantity: { value: c.value, ...(c.unit ? { unit: c.unit, code: c.unit } : {}) } } : {}),
          })),
        }
      : {}),
    ...(opts.interpretation
      ? { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: opts.interpretation }] }] }
      : {}),
  };
}

/** NRS pain score (LOINC 72514-3) `n` days before AS_OF. */
export const pain = (score: number, ago: number, opts: ObservationOpts = {}) => observation('72514-3', score, '{score}', dtAgo(ago), opts);
export const heartRate = (ago: number) => observation('8867-4', 72, '/min', dtAgo(ago));
export const bpPanel = (ago: number) =>
  observation('85354-9', undefined, undefined, dtAgo(ago), {
    components: [
      { code: loinc('8480-6'), value: 120, unit: 'mm[Hg]' },
      { code: loinc('8462-4'), value: 80, unit: 'mm[Hg]' },
    ],
  });
export const inr = (value: number, ago: number) => observation('6301-6', value, '{INR}', dtAgo(ago));
export const platelets = (value: number, ago: number, unit = '10*3/uL') => observation('777-3', value, unit, dtAgo(ago));
export const creatinine = (ago: number) => observation('2160-0', 0.9, 'mg/dL', dtAgo(ago));
export const dxaTScore = (value: number, date: string | undefined) => observation('38267-1', value, '{T-score}', date);
export const POSITIVE = snomed('10828004', 'Positive');
export const NEGATIVE = snomed('260385009', 'Negative');
export const hcg = (result: Coding, ago: number) => observation('2106-3', result, undefined, dtAgo(ago));

export interface StudyOpts {
  status?: string;
  id?: string;
  bodySite?: Coding;
  description?: string;
}

export function imagingStudy(opts: { modality?: string; procedureCode?: Coding; started?: string; seriesDescription?: string } & StudyOpts): Resource {
  return {
    resourceType: 'ImagingStudy',
    id: opts.id ?? nextId('img'),
    status: opts.status ?? 'available',
    ...(opts.modality ? { modality: [{ system: SYS.dicom, code: opts.modality }] } : {}),
    ...(opts.procedureCode ? { procedureCode: [{ coding: [opts.procedureCode] }] } : {}),
    ...(opts.started ? { started: opts.started } : {}),
    ...(opts.description ? { description: opts.description } : {}),
    series: [
      {
        uid: '1.2.3',
        ...(opts.modality ? { modality: { system: SYS.dicom, code: opts.modality } } : {}),
        ...(opts.bodySite ? { bodySite: opts.bodySite } : {}),
        ...(opts.seriesDescription ? { description: opts.seriesDescription } : {}),
      },
    ],
  };
}

/** A DiagnosticReport coded `code` (or text only), dated `date`. */
export function diagnosticReport(code: Coding | { text: string }, date: string | undefined, opts: StudyOpts = {}): Resource {
  return {
    resourceType: 'DiagnosticReport',
    id: opts.id ?? nextId('dr'),
    status: opts.status ?? 'final',
    code: 'system' in code ? { coding: [code] } : { text: code.text },
    ...(date ? { effectiveDateTime: date } : {}),
    ...(opts.bodySite ? { bodySite: [{ coding: [opts.bodySite] }] } : {}),
  };
}

export function procedure(code: Coding | { text: string }, date: string | undefined, opts: StudyOpts = {}): Resource {
  return {
    resourceType: 'Procedure',
    id: opts.id ?? nextId('proc'),
    status: opts.status ?? 'completed',
    code: 'system' in code ? { coding: [code] } : { text: code.text },
    ...(date ? { performedDateTime: date } : {}),
    ...(opts.bodySite ? { bodySite: [{ coding: [opts.bodySite] }] } : {}),
  };
}

/** A MedicationRequest (or MedicationStatement) naming the drug in medicationCodeableConcept. */
export function medication(
  name: string,
  opts: { status?: string; date?: string; resourceType?: 'MedicationRequest' | 'MedicationStatement'; dosageText?: string } = {},
): Resource {
  const resourceType = opts.resourceType ?? 'MedicationRequest';
  const date = opts.date ?? dtAgo(10);
  return {
    resourceType,
    id: nextId('med'),
    status: opts.status ?? 'active',
    ...(resourceType === 'MedicationRequest' ? { intent: 'order', authoredOn: date } : { effectiveDateTime: date }),
    medicationCodeableConcept: { coding: [{ system: SYS.rxnorm, code: '000', display: name }], text: name },
    ...(opts.dosageText ? { [resourceType === 'MedicationRequest' ? 'dosageInstruction' : 'dosage']: [{ text: opts.dosageText }] } : {}),
  };
}

export function encounter(classCode: string, status: string, start: string = dtAgo(2)): Resource {
  return {
    resourceType: 'Encounter',
    id: nextId('enc'),
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: classCode },
    period: { start },
  };
}

export function allergy(text: string, opts: { clinicalStatus?: string; verificationStatus?: string } = {}): Resource {
  return {
    resourceType: 'AllergyIntolerance',
    id: nextId('alg'),
    ...(opts.clinicalStatus ? { clinicalStatus: { coding: [{ code: opts.clinicalStatus }] } } : {}),
    ...(opts.verificationStatus ? { verificationStatus: { coding: [{ code: opts.verificationStatus }] } } : {}),
    code: { text },
  };
}

export function serviceRequest(code: Coding, status: string, date?: string): Resource {
  return { resourceType: 'ServiceRequest', id: nextId('sr'), status, intent: 'order', code: { coding: [code] }, ...(date ? { authoredOn: date } : {}) };
}

export function deviceRequest(code: Coding, status: string, date?: string): Resource {
  return { resourceType: 'DeviceRequest', id: nextId('devr'), status, intent: 'order', codeCodeableConcept: { coding: [code] }, ...(date ? { authoredOn: date } : {}) };
}

// ---- bundles and assessment ----

const PATIENT_FIELD = new Set(['AllergyIntolerance', 'Device']);

/** A collection Bundle; every non-Patient resource references the patient, with urn:uuid fullUrls. */
/**
 * With RULE_TEST_BUNDLES set to a file, every bundle the rule tests build is appended to it, one JSON per line:
 * the plan v2 equivalence test reads each through the sandbox (tests/fhir/plan-equivalence.test.ts).
 */
function captureRuleTestBundle(made: Resource): void {
  const file = process.env.RULE_TEST_BUNDLES;
  if (file) appendFileSync(file, `${JSON.stringify(made)}\n`);
}

export function bundle(pat: Resource, ...resources: Resource[]): Resource {
  const made = buildBundle(pat, resources);
  captureRuleTestBundle(made);
  return made;
}

function buildBundle(pat: Resource, resources: Resource[]): Resource {
  const patientRef = { reference: `urn:uuid:${pat.id}` };
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: `urn:uuid:${pat.id}`, resource: pat },
      ...resources.map((r) => ({
        fullUrl: `urn:uuid:${r.id ?? nextId('x')}`,
        resource: { ...r, [PATIENT_FIELD.has(r.resourceType) ? 'patient' : 'subject']: patientRef },
      })),
    ],
  };
}

export function recordOf(pat: Resource, ...resources: Resource[]): PatientRecord {
  return recordFromBundle(bundle(pat, ...resources));
}

/** Default patient: a man of 76 (cannot be pregnant), so pregnancy stays out of the way. */
export const MAN_76 = { birthDate: '1950-03-10', gender: 'male' } as const;

export function run(opts: { patient?: Parameters<typeof patient>[0]; resources?: Resource[]; answers?: Answers; asOf?: string } = {}): Assessment {
  const record = recordOf(patient(opts.patient ?? MAN_76), ...(opts.resources ?? []));
  return assess(record, opts.answers ?? {}, opts.asOf ?? AS_OF);
}

/** Answers that meet every criterion required on the osteoporotic outpatient pathway. */
export const CANDIDATE_ANSWERS: Answers = {
  vcf: true,
  onsetDate: daysAgo(20),
  imagingConfirmsAcute: true,
  painScore: 7,
  conservativeCareTried: true,
  painWorsening: true,
  painAttributable: true,
};

export function criterion(a: Assessment, id: string): CriterionResult {
  const found = a.criteria.find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id}`);
  return found;
}

/**
 * conservative-care v3: care documented is "tried", shown as unknown with the note "Conservative care since DATE
 * documented; failure not documented: confirm". 'tried' for that, 'not tried' for unknown without it, else the status.
 */
export function careReading(c: CriterionResult): 'tried' | 'not tried' | CriterionResult['status'] {
  if (c.status !== 'unknown') return c.status;
  return /^Conservative care since \S+ documented; failure not documented: confirm/.test(c.note ?? '') ? 'tried' : 'not tried';
}

export function contra(a: Assessment, id: string): ContraindicationResult {
  const found = a.contraindications.find((c) => c.id === id);
  if (!found) throw new Error(`no contraindication ${id}`);
  return found;
}

export function workupItem(a: Assessment, id: string): WorkupResult {
  const found = a.workup.find((w) => w.id === id);
  if (!found) throw new Error(`no workup item ${id}`);
  return found;
}

export const CRITERION_IDS = [
  'vcf', 'fracture-age', 'imaging-confirmation', 'severe-pain', 'conservative-care', 'pain-course',
  'pain-attributable', 'age-over-70', 'limited-mobility', 'osteoporosis',
] as const;
export const CONTRAINDICATION_IDS = [
  'pregnancy', 'spinal-infection', 'instability', 'under-18', 'coagulopathy', 'anticoagulant-use', 'cement-allergy',
  'neurologic-compromise', 'too-many-levels', 'alternative-pain-source', 'prior-augmentation',
] as const;
export const WORKUP_IDS = [
  'physical-exam', 'pain-score', 'cbc', 'coagulation', 'metabolic-panel', 'spine-xray', 'spine-mri',
  'bone-scan', 'spine-ct', 'bone-density', 'osteoporosis-treatment', 'pregnancy-test',
] as const;

/** Vertebral fracture codes for tests. */
export const VCF_ICD = icd10('M80.08XA', 'Age-related osteoporosis with current pathological fracture, vertebra(e)');
export const TRAUMATIC_VCF_ICD = icd10('S32.010A', 'Wedge compression fracture of first lumbar vertebra');
export const UNSITED_OSTEOPOROTIC_FRACTURE = snomed('443165006', 'Pathological fracture due to osteoporosis (disorder)');
export const MYELOMA = icd10('C90.00', 'Multiple myeloma not having achieved remission');

// ---- v2 shapes: EHR-local codings, raw encounters, coded medications ----

/** An EHR-local code system, as Epic and Oracle Health put before (or instead of) the HL7 coding. */
export const LOCAL_SYSTEM = 'urn:oid:1.2.840.114350.1.13.0.1.7.4.698084.10375';
export const HL7_STATUS = {
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  allergyClinical: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical',
  allergyVerification: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
} as const;
export const OID = {
  icd10cm: 'urn:oid:2.16.840.1.113883.6.90',
  snomed: 'urn:oid:2.16.840.1.113883.6.96',
  loinc: 'urn:oid:2.16.840.1.113883.6.1',
  cpt: 'urn:oid:2.16.840.1.113883.6.12',
  rxnorm: 'urn:oid:2.16.840.1.113883.6.88',
} as const;

/** A status CodeableConcept: a local coding first, then (optionally) the HL7 one. */
export function localFirstStatus(local: { code: string; display?: string }, hl7?: { system: string; code: string }, text?: string) {
  return {
    coding: [{ system: LOCAL_SYSTEM, code: local.code, ...(local.display ? { display: local.display } : {}) }, ...(hl7 ? [hl7] : [])],
    ...(text ? { text } : {}),
  };
}

/** Replaces or adds top-level fields of a built resource (e.g. a raw clinicalStatus or bodySite). */
export function withFields(resource: Resource, fields: Record<string, unknown>): Resource {
  return { ...resource, ...fields };
}

/** An Encounter with a full period (end undefined: still open). */
export function encounterPeriod(classCode: string, status: string, start: string, end?: string): Resource {
  return {
    resourceType: 'Encounter',
    id: nextId('enc'),
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: classCode },
    period: { start, ...(end ? { end } : {}) },
  };
}

/** A MedicationRequest whose medication is given by codings only (no text unless given). */
export function medicationCoded(codings: Coding[], opts: { status?: string; date?: string; text?: string } = {}): Resource {
  return {
    resourceType: 'MedicationRequest',
    id: nextId('med'),
    status: opts.status ?? 'active',
    intent: 'order',
    authoredOn: opts.date ?? dtAgo(10),
    medicationCodeableConcept: { coding: codings, ...(opts.text ? { text: opts.text } : {}) },
  };
}
