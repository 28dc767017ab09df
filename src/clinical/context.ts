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
}
