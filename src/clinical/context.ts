// Everything a rule may read, computed once per evaluation.
import type { Answers, Pathway } from './types';
import type { PatientRecord } from './record';

export interface RuleContext {
  record: PatientRecord;
  answers: Answers;
  /** YYYY-MM-DD */
  asOf: string;
  age?: { age: number; approximate: boolean };
}

/** Context once the pathway and setting are known (they decide thresholds and `required`). */
export interface PathwayContext extends RuleContext {
  pathway: Pathway;
  hospitalized: boolean;
  /**
   * No answer and the Encounters could not be read: "else false" would lower the pain threshold on a guess,
   * so the rules take the stricter reading of each setting (a score of 5-7 settles nothing; outpatient
   * requirements apply too).
   */
  settingUnknown: boolean;
}
