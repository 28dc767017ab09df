// Re-dates a Synthea bundle so its recent windows mean something today. Every date, dateTime and
// instant moves by the same whole number of days (birth and death included), so ages at each
// event and the intervals between events are unchanged. The shift puts the bundle's latest
// clinical date on yesterday: times of day on "today" could otherwise lie in the future.
import type { Bundle, Resource } from 'fhir/r4';

const DAY_MS = 86_400_000;
/** A FHIR date/dateTime/instant starting with a full calendar date. */
const FULL_DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
/** Partial dates (YYYY, YYYY-MM) look like codes ("1734"), so only under date-like keys. */
const PARTIAL_DATE = /^(\d{4})(-(\d{2}))?$/;
const DATE_KEY = /(date|Date|DateTime|Instant|start|end|issued|started|recorded|authoredOn|created)$/;

/**
 * Resource types whose dates are not clinical events: billing and administration, and plans
 * (a ServiceRequest's occurrence or a Goal's due date can lie weeks after the last real event).
 */
const NON_CLINICAL_TYPES = new Set([
  'Patient', 'Claim', 'ExplanationOfBenefit', 'Coverage', 'Device', 'Provenance', 'Organization', 'Practitioner',
  'PractitionerRole', 'Location', 'ServiceRequest', 'Goal', 'CarePlan', 'CareTeam',
]);
/** Keys that are not when something happened to the patient. */
const NON_EVENT_KEYS = new Set(['birthDate', 'deceasedDateTime', 'expirationDate', 'lastUpdated']);

function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / DAY_MS);
}

function isoFromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Shifts one date value by whole days, keeping its precision, time and offset. */
export function shiftDateValue(value: string, days: number, partialAllowed = false): string {
  const full = FULL_DATE.exec(value);
  if (full) {
    const shifted = isoFromDayNumber(dayNumber(Number(full[1]), Number(full[2]), Number(full[3])) + days);
    return shifted + (full[4] ?? '');
  }
  const partial = partialAllowed ? PARTIAL_DATE.exec(value) : null;
  if (partial) {
    const month = partial[3] ? Number(partial[3]) : 7; // mid-year keeps a bare year's rounding fair
    const shifted = isoFromDayNumber(dayNumber(Number(partial[1]), month, partial[3] ? 15 : 2) + days);
    return partial[3] ? shifted.slice(0, 7) : shifted.slice(0, 4);
  }
  return value;
}

function walk(value: unknown, visit: (key: string, text: string) => string | undefined, key = ''): unknown {
  if (typeof value === 'string') return visit(key, value) ?? value;
  if (Array.isArray(value)) return value.map((item) => walk(item, visit, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'div' ? v : walk(v, visit, k);
    return out;
  }
  return value;
}

/** The latest clinical event date (YYYY-MM-DD) in the bundle, ignoring anything after `today`. */
export function latestClinicalDate(bundle: Bundle, today: Date): string | undefined {
  const todayIso = today.toISOString().slice(0, 10);
  let latest: string | undefined;
  for (const entry of bundle.entry ?? []) {
    const resource = entry.resource;
    if (!resource || NON_CLINICAL_TYPES.has(resource.resourceType)) continue;
    walk(resource, (key, text) => {
      if (NON_EVENT_KEYS.has(key) || !FULL_DATE.test(text)) return undefined;
      const day = text.slice(0, 10);
      if (day <= todayIso && (!latest || day > latest)) latest = day;
      return undefined;
    });
  }
  return latest;
}

export interface RedatedBundle {
  bundle: Bundle;
  shiftDays: number;
  latestBefore?: string;
}

/** A re-dated copy of the bundle (the input is not modified). */
export function redateBundle(bundle: Bundle, today: Date): RedatedBundle {
  const latest = latestClinicalDate(bundle, today);
  if (!latest) return { bundle, shiftDays: 0 };
  const yesterday = dayNumber(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate()) - 1;
  const shiftDays = yesterday - dayNumber(Number(latest.slice(0, 4)), Number(latest.slice(5, 7)), Number(latest.slice(8, 10)));
  const shiftResource = (resource: Resource) =>
    walk(resource, (key, text) => shiftDateValue(text, shiftDays, DATE_KEY.test(key))) as Resource;
  return {
    bundle: { ...bundle, entry: (bundle.entry ?? []).map((e) => (e.resource ? { ...e, resource: shiftResource(e.resource) } : e)) },
    shiftDays,
    latestBefore: latest,
  };
}
