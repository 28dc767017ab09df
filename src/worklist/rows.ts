// A worklist row: what a reviewer needs to pick the next chart, drawn from the assessment (decision support wording:
// "meets the documented criteria", never "recommended").
import { missingWorkup, verdictWords } from '../clinical/summary';
import type { Assessment } from '../clinical/types';
import type { CohortEntry } from './cohort';

export interface WorklistRow {
  id: string;
  name?: string;
  age?: number;
  sex?: string;
  levels: string[];
  /** The fracture date that brought the patient in (stage 1). */
  onset?: string;
  cohortReason: CohortEntry['why'];
  verdict: Assessment['verdict'];
  verdictText: string;
  /** The verdict's reasons, cautions excluded. */
  reasons: string[];
  cautions: string[];
  /** Contraindications the record could not settle (status unknown): a caution may be hidden in what was not read. */
  notRuledOut: string[];
  redFlags: string[];
  missingWorkup: string[];
  gaps: string[];
  ruleVersion: string;
  appVersion: string;
  asOf: string;
}

const CAUTION = /^Caution: /;

export function worklistRow(entry: CohortEntry, assessment: Assessment): WorklistRow {
  const p = assessment.patient;
  return {
    id: entry.id,
    ...(p.name ? { name: p.name } : {}),
    ...(p.age !== undefined ? { age: p.age } : {}),
    ...(p.sex ? { sex: p.sex } : {}),
    levels: assessment.recordLevels,
    ...(entry.onset ? { onset: entry.onset } : {}),
    cohortReason: entry.why,
    verdict: assessment.verdict,
    verdictText: verdictWords(assessment),
    reasons: assessment.reasons.filter((r) => !CAUTION.test(r)),
    cautions: assessment.reasons.filter((r) => CAUTION.test(r)).map((r) => r.replace(CAUTION, '')),
    notRuledOut: assessment.contraindications.filter((c) => c.status === 'unknown').map((c) => c.label),
    redFlags: assessment.redFlags,
    missingWorkup: missingWorkup(assessment).map((w) => `${w.label} (${w.status})`),
    gaps: assessment.dataGaps,
    ruleVersion: assessment.specVersion,
    appVersion: assessment.engineVersion,
    asOf: assessment.asOf,
  };
}
