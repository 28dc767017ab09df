// Plan v2's runtime check (issue 12): a search for the newest result of a list asks for `_sort=-date&_count=2`.
// Its first page is enough only when it proves the newest usable result is on it, read the engine's way.
// Servers differ: some ignore `_sort` and answer oldest first, some ignore `_count` or `status`, some sort a
// partial date by its end. Whenever the page cannot prove it, the whole list is read instead.
import { conceptMatches } from '../clinical/codes';
import { dayRange, isAfter } from '../clinical/dates';
import { isIgnoredStatus } from '../clinical/facts';
import { isUsableObservation } from '../clinical/reading';
import { isObject, type Json } from './narrow';
import { observationFact, studyFact } from './normalize';
import type { NewestRead } from './queries';

/**
 * - `enough`: this page holds the newest usable result (or every match): stop here.
 * - `read-on`: the server ignored `_count` (a big page): follow its pages, they hold the whole list.
 * - `read-all`: the page does not prove it (not newest first, no usable result): read the whole list instead.
 */
export type NewestPageVerdict = 'enough' | 'read-on' | 'read-all';

interface Dated {
  day?: string;
  counts: boolean;
  date?: string;
}

function dated(resource: Json, read: NewestRead): Dated {
  const list = { loinc: read.loinc };
  if (read.resourceType === 'Observation') {
    const fact = observationFact(resource);
    const listed = conceptMatches(fact.code, list) || fact.components.some((c) => conceptMatches(c.code, list));
    return { ...(fact.date ? { date: fact.date } : {}), ...first(fact.date), counts: isUsableObservation(fact) && listed };
  }
  const fact = studyFact(resource, 'DiagnosticReport');
  return { ...(fact.date ? { date: fact.date } : {}), ...first(fact.date), counts: !isIgnoredStatus(fact.status) && fact.codes.some((c) => conceptMatches(c, list)) };
}

/** The engine orders results by calendar day, a partial date by its first day (src/clinical/reading.ts). */
function first(date: string | undefined): { day?: string } {
  const day = dayRange(date)?.first;
  return day ? { day } : {};
}

export function judgeNewestPage(entries: readonly unknown[], read: NewestRead, asOf: string, hasNextPage: boolean): NewestPageVerdict {
  if (!hasNextPage) return 'enough';
  const resources = entries.filter(isObject).filter((r) => r.resourceType === read.resourceType);
  if (resources.length > read.count) return 'read-on';
  const results = resources.map((r) => dated(r, read));
  const days = results.flatMap((r) => (r.day ? [r.day] : []));
  // Newest first by the engine's own day: a later entry newer than an earlier one means the sort was not honoured.
  if (days.some((day, i) => i > 0 && day > days[i - 1]!)) return 'read-all';
  // The newest usable result not after today must be on the page: else it may be on a later one.
  return results.some((r) => r.counts && r.day && !isAfter(r.date, asOf)) ? 'enough' : 'read-all';
}
