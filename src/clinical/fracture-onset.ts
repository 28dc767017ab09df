// The onset of the fracture being treated: the newest dated vertebral fracture on or before the assessment date
// (the form's prefill, ./prefill.ts, proposes the same day). Apart from the prefill because the card's summary line
// needs only this day and the card's first frame should not carry the whole prefill (the browser budget, issue 22).
import { CONDITIONS } from './codes';
import { compareDates, isValidDay } from './dates';
import { activeConditionsIn } from './facts';
import { conditionOnset, recordAsOf } from './reading';
import type { ConditionFact, PatientRecord } from './record';

/** The newest of these conditions with a valid onset day on or before `asOf`, with that day. */
export function newestOnset(conditions: ConditionFact[], birthDate: string | undefined, asOf: string) {
  const dated = conditions
    .map((condition) => ({ condition, onset: conditionOnset(condition, birthDate) }))
    .filter((c): c is { condition: ConditionFact; onset: string } => !!c.onset && isValidDay(c.onset) && c.onset <= asOf);
  return dated.sort((a, b) => compareDates(b.onset, a.onset))[0];
}

/** The record's onset day for the fracture being treated, or undefined when no active vertebral fracture has one. */
export function recordFractureOnset(fullRecord: PatientRecord, asOf: string): string | undefined {
  const record = recordAsOf(fullRecord, asOf);
  return newestOnset(activeConditionsIn(record, CONDITIONS.vertebralFracture), record.patient.birthDate, asOf)?.onset;
}
