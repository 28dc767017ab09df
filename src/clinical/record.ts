// The patient record the rules read: FHIR resources parsed and narrowed once (src/fhir/normalize.ts),
// keeping only what ../shared/spec uses. No FHIR types leak past this model.

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

export interface Concept {
  codings: Coding[];
  text?: string;
}

/** Where a fact came from: enough to cite it as evidence. */
export interface Source {
  resourceType: string;
  id?: string;
  /** Human readable name of the record, e.g. "Osteoporosis (disorder)". */
  display: string;
}

export interface PatientFacts {
  id: string;
  name?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD as recorded. */
  birthDate?: string;
  /** administrative gender: male | female | other | unknown */
  sex?: string;
  deceasedBoolean?: boolean;
  deceasedDateTime?: string;
}

export interface ConditionFact extends Source {
  resourceType: 'Condition';
  code: Concept;
  /** bodySite: where record levels (T1-L5) may be named in text. */
  bodySites: Concept[];
  clinicalStatus?: string;
  verificationStatus?: string;
  /** spec §0 Condition onset: onsetDateTime, else onsetPeriod.start. */
  onsetDate?: string;
  /** onsetAge in years, converted with the birth date by the rules. */
  onsetAgeYears?: number;
  recordedDate?: string;
}

export type ObservationValue =
  | { kind: 'quantity'; value: number; unit?: string; code?: string }
  | { kind: 'concept'; concept: Concept }
  | { kind: 'string'; value: string }
  | { kind: 'boolean'; value: boolean };

export interface ObservationComponent {
  code: Concept;
  value?: ObservationValue;
}

export interface ObservationFact extends Source {
  resourceType: 'Observation';
  code: Concept;
  status?: string;
  /** spec §0: effectiveDateTime, else effectivePeriod.end/.start, else effectiveInstant, else issued. */
  date?: string;
  lastUpdated?: string;
  value?: ObservationValue;
  components: ObservationComponent[];
  interpretation: Coding[];
}

/** DiagnosticReport, ImagingStudy or Procedure: imaging, lab panels, and procedures. */
export interface StudyFact extends Source {
  resourceType: 'DiagnosticReport' | 'ImagingStudy' | 'Procedure';
  /** code, procedureCode (ImagingStudy). */
  codes: Concept[];
  /** bodySite and series.bodySite. */
  bodySites: Concept[];
  /** ImagingStudy.modality and series.modality codes (DICOM). */
  modalities: string[];
  /** description, series description, conclusion-free free text titles. */
  descriptions: string[];
  status?: string;
  date?: string;
  /** Procedure: performedDateTime or performedPeriod.start, when conservative care started. */
  startDate?: string;
  /**
   * DiagnosticReport.conclusion, plain text (v3: shown as `Evidence.conclusion` and read for `reportLevels`; never
   * read into a verdict, so it is kept apart from `descriptions`).
   */
  conclusion?: string;
  /** DiagnosticReport.conclusionCode: its displays may name levels too. */
  conclusionCodes?: Concept[];
}

export interface MedicationFact extends Source {
  resourceType: 'MedicationRequest' | 'MedicationStatement';
  status?: string;
  /** The medication's code, from medicationCodeableConcept or a contained/referenced Medication. */
  medication: Concept;
  /** authoredOn (request); effectiveDateTime, else effectivePeriod.start, else dateAsserted (statement). */
  date?: string;
  /** Every date the record carries (authoredOn, effective, effectivePeriod start and end, dateAsserted). */
  dates: string[];
  /** A MedicationStatement whose effectivePeriod has no end: in use on asOf. */
  openEnded?: boolean;
  /** The first dosage instruction's text ("5 mg once daily"): shown beside a caution, never read by a rule. */
  dosage?: string;
}

/** ServiceRequest, DeviceRequest, Device or a CarePlan activity: orders, referrals and devices. */
export interface OrderFact extends Source {
  resourceType: 'ServiceRequest' | 'DeviceRequest' | 'Device' | 'CarePlan';
  code: Concept;
  /** ServiceRequest.performerType (osteoporosis referrals name the service here). */
  performerType?: Concept;
  /** CarePlan activity: detail.status; the plan's own status is `planStatus`. */
  status?: string;
  planStatus?: string;
  date?: string;
}

export interface EncounterFact extends Source {
  resourceType: 'Encounter';
  status?: string;
  classCode?: string;
  date?: string;
  /** period.end: a stay that ended is not in progress, whatever its status says. */
  endDate?: string;
}

export interface AllergyFact extends Source {
  resourceType: 'AllergyIntolerance';
  code: Concept;
  clinicalStatus?: string;
  verificationStatus?: string;
}

export interface PatientRecord {
  patient: PatientFacts;
  conditions: ConditionFact[];
  observations: ObservationFact[];
  studies: StudyFact[];
  medications: MedicationFact[];
  orders: OrderFact[];
  encounters: EncounterFact[];
  allergies: AllergyFact[];
  /** What could not be read, in the words of assessment.md. */
  dataGaps: string[];
  /** Resource types that could not be read completely: "none documented" then proves nothing. */
  incompleteTypes: string[];
  /** The Encounter of the launch context (SMART `encounter`), when there is one; it is also in `encounters`. */
  contextEncounterId?: string;
  /** Types whose searches still have pages to read (a record shown from the first round); also in incompleteTypes. */
  stillReading?: string[];
  /**
   * Searches known to miss records on this server (clinical-rules §0 *Reading through a server*, v3): set by the
   * loader when the plan could not cover them; a rule that would read "none" from such a list is unknown instead.
   */
  readLimits?: ReadLimit[];
}

/**
 * - `panel-components`: pain and vital-sign results carried as components of panels under local codes could not be
 *   searched (no `combo-code`, no category read).
 * - `lab-filed-imaging`: imaging reports filed under the LAB category may not have been read.
 * - `inactive-conditions`: the server may have returned only active Conditions.
 */
export type ReadLimit = 'panel-components' | 'lab-filed-imaging' | 'inactive-conditions';

export function emptyRecord(patient: PatientFacts): PatientRecord {
  return {
    patient,
    conditions: [],
    observations: [],
    studies: [],
    medications: [],
    orders: [],
    encounters: [],
    allergies: [],
    dataGaps: [],
    incompleteTypes: [],
  };
}
