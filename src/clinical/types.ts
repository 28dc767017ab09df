// The assessment contract of ../shared/spec/assessment.md. Ids and status words are the spec's.

export type CriterionStatus = 'met' | 'not-met' | 'unknown';
export type ContraindicationStatus = 'present' | 'absent' | 'unknown';
/** v3: `unknown` when nothing is within the window and the record could not be read completely (§5). */
export type WorkupStatus = 'done' | 'outdated' | 'missing' | 'unknown';
export type Pathway = 'osteoporotic' | 'malignant';
export type Etiology = 'osteoporotic' | 'traumatic' | 'malignant';
export type Verdict = 'candidate' | 'not-candidate' | 'needs-information';

export interface Evidence {
  /** FHIR type, or 'ClinicianInput' for an answer. */
  resourceType: string;
  id?: string;
  /** Human readable, e.g. "Pain severity 0-10: 7 /10". */
  display: string;
  /** YYYY-MM-DD or a FHIR dateTime. */
  date?: string;
  /** v3: an imaging report's conclusion, plain text, at most 300 characters. */
  conclusion?: string;
}

export interface AssessedPatient {
  id: string;
  name?: string;
  birthDate?: string;
  age?: number;
  ageApproximate?: boolean;
  sex?: string;
  deceased?: boolean;
}

export interface CriterionResult {
  id: string;
  label: string;
  required: boolean;
  status: CriterionStatus;
  evidence: Evidence[];
  note?: string;
}

export interface ContraindicationResult {
  id: string;
  label: string;
  kind: 'absolute' | 'relative';
  status: ContraindicationStatus;
  evidence: Evidence[];
  note?: string;
}

export interface WorkupResult {
  id: string;
  label: string;
  required: boolean;
  status: WorkupStatus;
  window: string;
  evidence: Evidence[];
  note?: string;
}

export interface ReportLevel {
  level: string;
  reportId: string;
  date?: string;
}

export interface Assessment {
  /** YYYY-MM-DD */
  asOf: string;
  patient: AssessedPatient;
  pathway: Pathway;
  hospitalized: boolean;
  etiology: Etiology[];
  verdict: Verdict;
  reasons: string[];
  criteria: CriterionResult[];
  contraindications: ContraindicationResult[];
  workup: WorkupResult[];
  workupComplete: boolean;
  /** clinical-rules §6, in its order; each starts with its fixed words ("Cancer history: ..."). */
  redFlags: string[];
  /** Fracture levels the record documents (§0 Record levels), top to bottom: ["T7-T8", "L1"]. */
  recordLevels: string[];
  /**
   * v3 §0 Report levels: levels T1-T12, L1-L5 named in the conclusions of spine imaging reports dated within 84 days,
   * top to bottom, each with the newest report naming it. Proposals only: never counted by a rule.
   */
  reportLevels: ReportLevel[];
  /** The app's package version. */
  engineVersion: string;
  /** The rule set's version: a short hash of ../shared/spec, fixed at build time. */
  specVersion: string;
  /** What could not be read, e.g. "Observation: access denied (403)". */
  dataGaps: string[];
}

/** The clinician's form. Every field optional: absent means "not answered". */
export interface Answers {
  vcf?: boolean;
  etiology?: Etiology;
  /** YYYY-MM-DD, symptom onset. */
  onsetDate?: string;
  hospitalized?: boolean;
  /** 0-10, recorded now. */
  painScore?: number;
  imagingConfirmsAcute?: boolean;
  painAttributable?: boolean;
  conservativeCareTried?: boolean;
  painWorsening?: boolean;
  heightLossOver25?: boolean;
  kyphoticDeformity?: boolean;
  progressiveHeightLoss?: boolean;
  /** Roland-Morris Disability Questionnaire, 0-24. */
  rdqScore?: number;
  limitedMobility?: boolean;
  /** e.g. ["T12", "L1"] */
  levels?: string[];
  mriContraindicated?: boolean;
  pregnant?: boolean;
  activeInfection?: boolean;
  cementAllergy?: boolean;
  neurologicDeficit?: boolean;
  /** Unstable fracture or acute cord / cauda equina injury (true), or ruled out (false). */
  unstableFracture?: boolean;
  /** Nonunion, pseudarthrosis or intravertebral cleft (Kümmell) on imaging. */
  nonunionOrCleft?: boolean;
}
