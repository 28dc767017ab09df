// Reading the record: clinical-rules.md §0, and the evidence lines that cite what was read.
import { ageOn, compareDates, dayOf, dayRange, earliestDayOf, extremeGroup, isAfter, parsePartialDate } from './dates';
import { conceptMatches, type CodeList } from './codes';
import type { Evidence } from './types';
import type {
  ConditionFact,
  ObservationFact,
  ObservationValue,
  PatientFacts,
  PatientRecord,
  Source,
  StudyFact,
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

/**
 * §0 Latest (v3): the newest usable observations, by the one ordering rule (src/clinical/dates.ts `compareDates`):
 * the latest, and every other that cannot be ordered against it (the same instant, or the same own calendar day
 * with at least one of them without a time). Undated observations never count. With `oldest`, the earliest.
 */
export function latestObservations(observations: readonly ObservationFact[], oldest = false): ObservationFact[] {
  return extremeGroup(observations, (o) => o.date, oldest);
}

/**
 * The one observation cited as the latest: of the newest records, the one with the latest own day, then the later
 * instant, then the type and id (any may be cited when their values agree; callers check that with `disagree`). Not
 * meta.lastUpdated: a server stamps it where a bundle may not, and the same record must cite the same result.
 */
export function latestObservation(observations: readonly ObservationFact[], oldest = false): ObservationFact | undefined {
  return citedOf(latestObservations(observations, oldest));
}

export function citedOf<T extends { date?: string; id?: string; resourceType?: string }>(group: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const candidate of group) {
    if (!best) {
      best = candidate;
      continue;
    }
    const byDay = (dayOf(candidate.date) ?? dayRange(candidate.date)?.first ?? '').localeCompare(dayOf(best.date) ?? dayRange(best.date)?.first ?? '');
    const later = byDay || compareDates(candidate.date, best.date) || (candidate.resourceType ?? '').localeCompare(best.resourceType ?? '') || (candidate.id ?? '').localeCompare(best.id ?? '');
    if (later > 0) best = candidate;
  }
  return best;
}

/** The note of §0 Latest (v3) when the newest results cannot be ordered and would give the rule different statuses. */
export const SAME_DAY_DISAGREE = 'results of the same day disagree';

/** Whether the newest records, read by the rule (`statusOf`), would give it different statuses. */
export function disagree<T>(group: readonly T[], statusOf: (fact: T) => unknown): boolean {
  if (group.length < 2) return false;
  const first = statusOf(group[0]!);
  return group.some((fact) => statusOf(fact) !== first);
}

/**
 * §0 Observation value: a number from valueQuantity, valueInteger, or a valueString that is a decimal number
 * optionally followed by a unit starting with a letter, %, /, [ or { ("9", "8/10", "38 x10E3/uL"; not "<5",
 * "2-3", "severe"). The unit is the UCUM code, else the printed unit, else the text after the number.
 */
const NUMBER_IN_TEXT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([A-Za-z%/[{\u00b5\u03bc].*)?$/;

export function readNumber(value: ObservationValue | undefined): { value: number; unit?: string } | undefined {
  if (!value) return undefined;
  if (value.kind === 'quantity') {
    const unit = value.code ?? value.unit;
    return unit ? { value: value.value, unit } : { value: value.value };
  }
  if (value.kind !== 'string') return undefined;
  const match = NUMBER_IN_TEXT.exec(value.value);
  if (!match) return undefined;
  const number = Number(match[1]);
  if (!Number.isFinite(number)) return undefined;
  const unit = match[2]?.trim();
  return unit ? { value: number, unit } : { value: number };
}

/** §0 Age; for a deceased patient with a date of death, the age at death. */
export function patientAge(patient: PatientFacts, asOf: string): { age: number; approximate: boolean } | undefined {
  const death = dayRange(patient.deceasedDateTime)?.first;
  return ageOn(patient.birthDate, death && death <= asOf ? death : asOf);
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
  if (patient.sex?.toLowerCase() === 'male') return false;
  const age = patientAge(patient, asOf);
  return !age || (age.age >= 12 && age.age <= 54);
}

/** §0 Condition date (every window on a condition but fracture age): the onset, else recordedDate. */
export function conditionDate(condition: ConditionFact, birthDate: string | undefined): string | undefined {
  return conditionOnset(condition, birthDate) ?? (dayRange(condition.recordedDate) ? condition.recordedDate : undefined);
}

/** §0 Condition onset: onsetDateTime, else onsetPeriod.start, else onsetAge converted with the birth date. */
export function conditionOnset(condition: ConditionFact, birthDate: string | undefined): string | undefined {
  const onset = dayOf(condition.onsetDate);
  if (onset) return onset;
  // A partial onset ("2027-01") stays partial: the rules test its whole range (§0 Dates).
  if (dayRange(condition.onsetDate)) return condition.onsetDate;
  if (condition.onsetAgeYears === undefined) return undefined;
  const birth = parsePartialDate(birthDate);
  if (!birth || birth.month === undefined || birth.day === undefined) return undefined;
  // An onset age only places the onset within a year; its earliest day keeps a fracture from looking newer than it is.
  const year = birth.year + Math.floor(condition.onsetAgeYears);
  return `${String(year).padStart(4, '0')}-${String(birth.month).padStart(2, '0')}-${String(birth.day).padStart(2, '0')}`;
}

/**
 * The facts of one list kept for one asOf, remembered per list: the panel re-evaluates the same record on every
 * form change, and a list can hold tens of thousands of observations. A list whose length changed is read again.
 */
const keptAsOf = new WeakMap<readonly unknown[], { asOf: string; size: number; kept: unknown[] }>();

/** Keeps the same array when nothing is dropped, so indexes built on it survive re-evaluation. */
function keepEvery<T>(facts: T[], predicate: (fact: T) => boolean): T[] {
  const kept = facts.filter(predicate);
  return kept.length === facts.length ? facts : kept;
}

/** The latest first day of any dated fact in a list, noted when the record is built (indexRecord). */
const newestDays = new WeakMap<readonly unknown[], { size: number; day: string }>();

export function rememberNewestDays(record: PatientRecord): void {
  for (const facts of [record.observations, record.studies, record.medications, record.orders, record.encounters] as Array<Array<{ date?: string }>>) {
    let day = '';
    for (const fact of facts) {
      const first = earliestDayOf(fact.date);
      if (first && first > day) day = first;
    }
    newestDays.set(facts, { size: facts.length, day });
  }
}

function keep<T extends { date?: string }>(facts: T[], asOf: string, predicate: (fact: T) => boolean): T[] {
  const remembered = keptAsOf.get(facts);
  if (remembered && remembered.asOf === asOf && remembered.size === facts.length) return remembered.kept as T[];
  // Nothing in the list is after asOf (the usual case: asOf is today): nothing to drop.
  const newest = newestDays.get(facts);
  const kept = newest && newest.size === facts.length && newest.day <= asOf ? facts : keepEvery(facts, predicate);
  keptAsOf.set(facts, { asOf, size: facts.length, kept });
  return kept;
}

/** Records dated after asOf are ignored (clinical-rules.md preamble). */
export function recordAsOf(record: PatientRecord, asOf: string): PatientRecord {
  const notFuture = (fact: { date?: string }) => !isAfter(fact.date, asOf);
  return {
    ...record,
    // Conditions depend on the birth date too (onset ages): few, so filtered on every evaluation.
    conditions: keepEvery(record.conditions, (c) => !isAfter(conditionOnset(c, record.patient.birthDate) ?? c.onsetDate ?? c.recordedDate, asOf)),
    observations: keep(record.observations, asOf, notFuture),
    studies: keep(record.studies, asOf, notFuture),
    medications: keep(record.medications, asOf, notFuture),
    orders: keep(record.orders, asOf, notFuture),
    encounters: keep(record.encounters, asOf, notFuture),
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

/** assessment.md v3: `Evidence.conclusion` holds at most 300 characters. */
export const MAX_CONCLUSION = 300;

/** A report's conclusion for evidence: at most 300 characters, the last one a marker when cut; never splits a surrogate pair. */
export function shortConclusion(conclusion: string): string {
  if (conclusion.length <= MAX_CONCLUSION) return conclusion;
  let end = MAX_CONCLUSION - 1;
  const last = conclusion.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${conclusion.slice(0, end)}…`;
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

/** An imaging record as evidence, with its report's conclusion (v3) so the physician can confirm from it. */
export function imagingEvidence(study: StudyFact): Evidence {
  const evidence = evidenceOf(study);
  return study.conclusion ? { ...evidence, conclusion: shortConclusion(study.conclusion) } : evidence;
}

export function conditionEvidence(condition: ConditionFact, birthDate?: string): Evidence {
  const onset = conditionDate(condition, birthDate);
  const status = condition.clinicalStatus ? ` (${condition.clinicalStatus})` : '';
  return evidenceOf({ ...condition, display: `${condition.display}${status}` }, onset ? { date: onset } : {});
}

/** An observation as evidence; with a list, a value read from the panel component carrying the list's code. */
export function observationEvidence(observation: ObservationFact, list?: CodeList): Evidence {
  const component = list && !conceptMatches(observation.code, list) ? observation.components.find((c) => conceptMatches(c.code, list)) : undefined;
  if (component) {
    const label = component.code.text ?? component.code.codings.find((c) => c.display)?.display;
    const value = formatValue(component.value) ?? 'no value';
    return evidenceOf(observation, { detail: label ? `${label} ${value}` : value });
  }
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
