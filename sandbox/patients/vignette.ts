// The shape every hand-built sample patient exports. `expected` is worked out by hand from
// ../shared/spec/clinical-rules.md (rule ids in §2-§5) so the engine's tests can check it.
import type { Resource } from 'fhir/r4';

export type ExpectedVerdict = 'candidate' | 'not-candidate' | 'needs-information';

export interface VignetteExpectation {
  pathway: 'osteoporotic' | 'malignant';
  hospitalized: boolean;
  /** The verdict from the record alone, with no clinician answers. */
  verdictFromRecord: ExpectedVerdict;
  /** Answers (assessment.md `Answers`) that settle what only the physician can confirm. */
  confirmAnswers?: Record<string, unknown>;
  verdictAfterConfirm?: ExpectedVerdict;
  /** Workup ids whose status is `missing` from the record alone, required or not, in spec order. */
  missingWorkup: string[];
  /** Workup ids whose status is `outdated` (evidence only older than the window). */
  outdatedWorkup: string[];
  /** Contraindication ids (absolute and relative) expected `present` from the record alone. */
  contraindicationsPresent: string[];
}

export interface Vignette {
  id: string;
  /** Display name, as in Patient.name. */
  name: string;
  /** One line for the launcher: the scenario. */
  summary: string;
  expected: VignetteExpectation;
  /** The record as of `today`: Patient first, then everything that references it. */
  build(today: Date): Resource[];
}

/** Workup ids in the order of clinical-rules.md §5. */
export const WORKUP_IDS = [
  'physical-exam', 'pain-score', 'cbc', 'coagulation', 'metabolic-panel', 'spine-xray',
  'spine-mri', 'bone-scan', 'spine-ct', 'bone-density', 'osteoporosis-treatment', 'pregnancy-test',
] as const;
