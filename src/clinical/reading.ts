// Reading the record: clinical-rules.md §0, and the evidence lines that cite what was read.
import { ageOn, dayOf, earliestDayOf, instantOf, isAfter, parsePartialDate } from './dates';
import type { Evidence } from './types';
import type {
  ConditionFact,
  ObservationFact,
  ObservationValue,
  PatientFacts,
  PatientRecord,
  Source,
} from './record';

const ACTIVE_CLINICAL = ['active', 'recurrence', 'relapse'];
const EXCLUDED_VERIFICATION = ['refuted', 'entered-in-error'];
const USABLE_OBSERVATION = ['final', 'amended', 'corrected', 'preliminary'];

/** Not refuted and not entered in error: the record stands, whatever its clinical status. */
export function isNotRefuted(fact: { verificationStatus?: string }): boolean {
  return !fact.verificationStatus || !EXCLUDED_VERIFICATION.includes(fact.verificationStatus);
}

/** §0 Active condition; malignancy also counts in remission. */
export function isActiveCondition(condition: ConditionFact, options: { remissionCounts?: boolean } = {}): boolean {
  if (!isNotRefuted(condition)) return false;
  const status = condition.clinicalStatus;
  if (!status) return true;
  return ACTIVE_CLINICAL.includes(status) || (!!options.remissionCounts && status === 'remission');
}

/** §0 Usable observation. */
export function isUsableObservation(observation: ObservationFact): boolean {
  return !!observation.status && USABLE_OBSERVATION.includes(observation.status);
}

/** Orders two observations of the same day by their instants: a missing or timeless value sorts first. */
function compareInstants(a: string | undefined, b: string | undefined): number {
  const ta = instantOf(a);
  const tb = instantOf(b);
  if (Number.isNaN(ta) || Number.isNaN(tb)) return Number.isNaN(ta) === Number.isNaN(tb) ? 0 : Number.isNaN(ta) ? -1 : 1;
  return Math.sign(ta - tb);
}

/** §0 Latest: latest date; ties broken by meta.lastUpdated, then id. Undated observations never win. */
export function latestObservation(observations: ObservationFact[]): ObservationFact | undefined {
  let best: ObservationFact | undefined;
  let bestDay = '';
  for (const candidate of observations) {
    const day = dayOf(candidate.date);
    if (!day) continue;
    if (best && day < bestDay) continue;
    const later =
      !best ||
      day > bestDay ||
      (compareInstants(candidate.date, best.date) ||
        compareInstants(candidate.lastUpdated, best.lastUpdated) ||
        (candidate.id ?? '').localeCompare(best.id ?? '')) > 0;
    if (later) {
      best = candidate;
      bestDay = day;
    }
  }
  return best;
}

/** §0 Age. */
export function patientAge(patient: PatientFacts, asOf: string): { age: number; approximate: boolean } | undefined {
  return ageOn(patient.birthDate, asOf);
}

/** §0 Deceased: deceasedBoolean true, or deceasedDateTime on or before asOf. */
export function isDeceased(patient: PatientFacts, asOf: string): boolean {
  if (patient.deceasedBoolean === true) return true;
  // A partial date of death ("2019") counts once its first possible day has passed: the safe reading.
  const day = earliestDayOf(patient.deceasedDateTime);
  return !!day && day <= asOf;
}

/** §0 Could be pregnant: sex is not male and age is unknown or 12 to 54 inclusive. */
export function couldBePregnant(patient: PatientFacts, asOf: string): boolean {
  if (patient.sex === 'male') return false;
  const age = patientAge(patient, asOf);
  return !age || (age.age >= 12 && age.age <= 54);
}

/** §0 Condition onset: onsetDateTime, else onsetPeriod.start, else onsetAge converted with the birth date. */
export function conditionOnset(condition: ConditionFact, birthDate: string | undefined): string | undefined {
  const onset = dayOf(condition.onsetDate);
  if (onset) return onset;
  if (condition.onsetAgeYears === undefined) return undefined;
  const birth = parsePartialDate(birthDate);
  if (!birth || birth.month === undefined || birth.day === undefined) return undefined;
  // An onset age only places the onset within a year; its earliest day keeps a fracture from looking newer than it is.
  const year = birth.year + Math.floor(condition.onsetAgeYears);
  return `${String(year).padStart(4, '0')}-${String(birth.month).padStart(2, '0')}-${String(birth.day).padStart(2, '0')}`;
}

/** Keeps the same array when nothing is dropped, so indexes built on it survive re-evaluation. */
function keep<T>(facts: T[], predicate: (fact: T) => boolean): T[] {
  const kept = facts.filter(predicate);
  return kept.length === facts.length ? facts : kept;
}

/** Records dated after asOf are ignored (clinical-rules.md preamble). */
export function recordAsOf(record: PatientRecord, asOf: string): PatientRecord {
  const notFuture = (fact: { date?: string }) => !isAfter(fact.date, asOf);
  return {
    ...record,
    conditions: keep(record.conditions, (c) => !isAfter(conditionOnset(c, record.patient.birthDate) ?? c.onsetDate ?? c.recordedDate, asOf)),
    observations: keep(record.observations, notFuture),
    studies: keep(record.studies, notFuture),
    medications: keep(record.medications, notFuture),
    orders: keep(record.orders, notFuture),
    encounters: keep(record.encounters, notFuture),
  };
}

// ---- Evidence ----

export function formatValue(value: ObservationValue | undefined): string | undefined {
  if (!value) return undefined;
  switch (value.kind) {
    case 'quantity':
      return value.unit ? `${value.value} ${value.unit}` : String(value.value);
    case 'concept':
      return value.concept.text ?? value.concept.codings.find((c) => c.display)?.display ?? value.concept.codings[0]?.code;
    case 'string':
      return value.value;
    case 'boolean':
      return value.value ? 'yes' : 'no';
  }
}

/** An evidence line citing a record; its date is the record's own unless another is given. */
export function evidenceOf(source: Source & { date?: string }, options: { date?: string; detail?: string } = {}): Evidence {
  const display = options.detail ? `${source.display}: ${options.detail}` : source.display;
  const date = options.date ?? source.date;
  return {
    resourceType: source.resourceType,
    ...(source.id ? { id: source.id } : {}),
    display,
    ...(date ? { date } : {}),
  };
}

export function conditionEvidence(condition: ConditionFact, birthDate?: string): Evidence {
  const onset = conditionOnset(condition, birthDate) ?? dayOf(condition.recordedDate);
  const status = condition.clinicalStatus ? ` (${condition.clinicalStatus})` : '';
  return evidenceOf({ ...condition, display: `${condition.display}${status}` }, onset ? { date: onset } : {});
}

export function observationEvidence(observation: ObservationFact): Evidence {
  const value = formatValue(observation.value);
  return evidenceOf(observation, value ? { detail: value } : {});
}

export function answerEvidence(display: string): Evidence {
  return { resourceType: 'ClinicianInput', display };
}

/** "Label: yes" or "Label: value": the evidence line of one answer. */
export function answered(label: string, value: unknown): Evidence {
  return answerEvidence(`${label}: ${typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)}`);
}
