// Calendar arithmetic on FHIR dates, in whole days and UTC, with no clock: `asOf` is always given.

const DAY_MS = 86_400_000;
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function digitsAt(value: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * The calendar day of a FHIR date or dateTime (its own local date), or undefined when unreadable.
 * Hand-parsed rather than by regex or Date: it runs for every observation of every evaluation.
 */
export function dayOf(value: string | undefined): string | undefined {
  if (!value || value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return value.length === 10 ? value : value.slice(0, 10);
}

export function isValidDay(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && dayOf(value) === value;
}

/** Days since 1970-01-01 of a valid YYYY-MM-DD, by arithmetic (no Date objects: this runs per observation). */
function toEpochDay(day: string): number {
  const year = digitsAt(day, 0, 4);
  const month = digitsAt(day, 5, 2);
  const date = digitsAt(day, 8, 2);
  // Digit by digit for speed; any other text keeps Number's reading of it, as before.
  if (year < 0 || month < 0 || date < 0) return epochDayOf(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)));
  return epochDayOf(year, month, date);
}

function epochDayOf(calendarYear: number, month: number, date: number): number {
  const year = calendarYear - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Whole days from `from` to `to` (positive when `from` is earlier). Both YYYY-MM-DD. */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function addDays(day: string, days: number): string {
  return new Date((toEpochDay(day) + days) * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The calendar days a FHIR date may mean (clinical-rules §0 Dates): a day or dateTime is its own local date;
 * a partial date (`2027`, `2027-01`) is the range from its first to its last day.
 */
export function dayRange(value: string | undefined): { first: string; last: string } | undefined {
  const day = dayOf(value);
  if (day) return { first: day, last: day };
  if (!value || !/^\d{4}(-\d{2})?$/.test(value)) return undefined;
  const year = Number(value.slice(0, 4));
  const month = value.length === 7 ? Number(value.slice(5, 7)) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  const y = value.slice(0, 4);
  if (month === undefined) return { first: `${y}-01-01`, last: `${y}-12-31` };
  const mm = String(month).padStart(2, '0');
  return { first: `${y}-${mm}-01`, last: `${y}-${mm}-${String(daysInMonth(year, month)).padStart(2, '0')}` };
}

/** Where a record falls against a window: wholly inside, wholly outside, or neither (undated, or a partial date across an edge). */
export type WindowFit = 'inside' | 'outside' | 'undated';

/** The window `asOf - maxDays <= date <= asOf - minDays`, tested on the record's whole date range (§0 Dates). */
export function windowFit(value: string | undefined, asOf: string, maxDays: number, minDays = 0): WindowFit {
  // A whole day (nearly every record) by day arithmetic: this runs for every result of a list on each evaluation.
  const day = dayOf(value);
  if (day) {
    const age = daysBetween(day, asOf);
    if (age >= minDays && age <= maxDays) return 'inside';
    if (age > maxDays || age < minDays) return 'outside';
    return 'undated';
  }
  const range = dayRange(value);
  if (!range) return 'undated';
  const oldest = addDays(asOf, -maxDays);
  const newest = addDays(asOf, -minDays);
  // A record that is not after asOf happened by asOf: "2026-11" read on 2026-11-24 means Nov 1 to 24.
  const last = range.first <= asOf && range.last > asOf ? asOf : range.last;
  if (range.first >= oldest && last <= newest) return 'inside';
  if (last < oldest || range.first > newest) return 'outside';
  return 'undated';
}

/** spec: "within N days" means asOf - N days <= date <= asOf; a partial date only when all of it is. */
export function isWithinDays(value: string | undefined, asOf: string, days: number): boolean {
  const day = dayOf(value);
  if (day) {
    const age = daysBetween(day, asOf);
    return age >= 0 && age <= days;
  }
  return windowFit(value, asOf, days) === 'inside';
}

/** Sorts dates and dateTimes in time order as text: a date or partial date as the start of its first day. */
export function sortKey(value: string | undefined): string {
  if (dayOf(value)) return value!;
  return dayRange(value)?.first ?? '';
}

/** The first calendar day a FHIR date may mean: `2027` is 2027-01-01, `2027-03` is 2027-03-01. */
export function earliestDayOf(value: string | undefined): string | undefined {
  const day = dayOf(value);
  if (day) return day;
  const partial = parsePartialDate(value);
  if (!partial || (value && !/^\d{4}(-\d{2})?$/.test(value))) return undefined;
  return `${String(partial.year).padStart(4, '0')}-${String(partial.month ?? 1).padStart(2, '0')}-01`;
}

/** Records dated after asOf are ignored (clinical-rules.md, preamble); a partial date is after asOf when all of it is. */
export function isAfter(value: string | undefined, asOf: string): boolean {
  const day = earliestDayOf(value);
  return !!day && day > asOf;
}

/** A dateTime with a time and its offset (FHIR requires the offset with a time; without one it is read as a day). */
const TIMED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds (UTC) of a FHIR instant or dateTime with a time and an offset; NaN without a time. A time without
 * an offset is not an instant (its zone is unknown): it is ordered as its day, the safe reading (§0 Dates, v3).
 */
export function instantOf(value: string | undefined): number {
  if (!value || value.length <= 10 || !dayOf(value) || !TIMED.test(value)) return NaN;
  return Date.parse(value);
}

/**
 * Where a date stands for ordering (clinical-rules §0 Dates, v3): its own calendar day (a partial date: the first
 * day of its range) as days since 1970, and its instant in UTC when it has a time. Undefined when unreadable.
 */
export interface OrderPoint {
  day: number;
  instant?: number;
}

export function orderPoint(value: string | undefined): OrderPoint | undefined {
  const first = dayOf(value) ?? dayRange(value)?.first;
  if (!first) return undefined;
  const instant = instantOf(value);
  return Number.isNaN(instant) ? { day: toEpochDay(first) } : { day: toEpochDay(first), instant };
}

function comparePoints(a: OrderPoint, b: OrderPoint): number {
  if (a.instant !== undefined && b.instant !== undefined) return Math.sign(a.instant - b.instant);
  return Math.sign(a.day - b.day);
}

/**
 * The one ordering rule of clinical-rules §0 *Dates* (v3), shared by the engine, the loader's sort checks and every
 * query plan: two dateTimes with times compare as instants in UTC (as a server's `_sort=date` does); a date without
 * a time is the whole day and is ordered only against records of other days (by their own calendar dates); a
 * partial date sorts by the start of its range. Positive when `a` is newer, negative when older, 0 when they cannot
 * be ordered (the same instant, or the same own calendar day with at least one of them without a time). An
 * unreadable date sorts before every date.
 */
export function compareDates(a: string | undefined, b: string | undefined): number {
  const pa = orderPoint(a);
  const pb = orderPoint(b);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : 0;
  return comparePoints(pa, pb);
}

/**
 * §0 *Latest* (v3): the newest records of a list (or, with `oldest`, the earliest): every record nothing else is
 * newer than, with every record that cannot be ordered against one of them. Records without a readable date never
 * count. Linear: lists can hold thousands of results.
 *
 * The pairwise rule is not transitive across midnight in distant offsets (a date-only day between two timed
 * results whose own days and instants disagree); where no record is newest by it, every record within two days of
 * the newest own day is taken as not orderable (offsets span 26 hours), the safe reading: more results compared.
 */
export function extremeGroup<T>(facts: readonly T[], dateOf: (fact: T) => string | undefined, oldest = false): T[] {
  const sign = oldest ? -1 : 1;
  const points: Array<{ fact: T; day: number; instant?: number }> = [];
  let bestInstant = -Infinity;
  let bestUntimedDay = -Infinity;
  let bestDay = -Infinity;
  for (const fact of facts) {
    const point = orderPoint(dateOf(fact));
    if (!point) continue;
    const day = sign * point.day;
    const instant = point.instant === undefined ? undefined : sign * point.instant;
    points.push(instant === undefined ? { fact, day } : { fact, day, instant });
    if (day > bestDay) bestDay = day;
    if (instant === undefined) bestUntimedDay = Math.max(bestUntimedDay, day);
    else bestInstant = Math.max(bestInstant, instant);
  }
  if (points.length === 0) return [];
  // Newest: a timed record with the latest instant not on a day before an untimed record's; an untimed record on the newest day.
  const newest = points.filter((p) => (p.instant === undefined ? p.day === bestDay : p.instant === bestInstant && p.day >= bestUntimedDay));
  if (newest.length === 0) return points.filter((p) => p.day >= bestDay - 2).map((p) => p.fact);
  // Sets, not list searches: a list may hold thousands of results of one moment.
  const inNewest = new Set(newest);
  const timedNewest = newest.find((p) => p.instant !== undefined);
  const days = new Set(newest.map((p) => p.day));
  const untimedDays = new Set(newest.filter((p) => p.instant === undefined).map((p) => p.day));
  return points
    .filter((p) =>
      inNewest.has(p) ||
      // The same instant as a newest timed record; the own day of a newest record with one of the two untimed.
      (p.instant !== undefined && timedNewest !== undefined && p.instant === timedNewest.instant) ||
      (days.has(p.day) && (p.instant === undefined || untimedDays.has(p.day))))
    .map((p) => p.fact);
}

/** A stable total order for display (newest first): instants, a day without a time at its midday in UTC. */
export function displayKey(value: string | undefined): number {
  const point = orderPoint(value);
  if (!point) return -Infinity;
  return point.instant ?? point.day * DAY_MS + DAY_MS / 2;
}

export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

export function parsePartialDate(value: string | undefined): PartialDate | undefined {
  if (!value) return undefined;
  const match = FHIR_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : undefined;
  const day = match[3] ? Number(match[3]) : undefined;
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  return { year, ...(month !== undefined ? { month } : {}), ...(day !== undefined ? { day } : {}) };
}

/**
 * spec §0 Age: whole years from birthDate to asOf. A partial birth date gives the youngest possible
 * age (the latest possible birthday: Dec 31 of the year, or the last day of the month), flagged approximate.
 */
export function ageOn(birthDate: string | undefined, asOf: string): { age: number; approximate: boolean } | undefined {
  const birth = parsePartialDate(birthDate);
  if (!birth) return undefined;
  const approximate = birth.month === undefined || birth.day === undefined;
  const month = birth.month ?? 12;
  const day = birth.day ?? new Date(Date.UTC(birth.year, month, 0)).getUTCDate();
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  let age = ay - birth.year;
  if (am < month || (am === month && ad < day)) age -= 1;
  if (age < 0) return undefined;
  return { age, approximate };
}

/** The calendar day of an instant in the local time zone (the physician's "today"); the caller owns the clock. */
export function localCalendarDay(instant: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}
