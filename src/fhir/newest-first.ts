// Plan v2's runtime check (issue 12): a search for the newest result of a list asks for `_sort=-date&_count=2`.
// Its first page is enough only when it proves the newest usable result is on it, read the engine's way.
// Servers differ: some ignore `_sort` and answer oldest first, some ignore `_count` or `status`, some sort a
// partial date by its end. Whenever the page cannot prove it, the whole list is read instead. Order is judged by the
// engine's own rule (src/clinical/dates.ts compareDates), the one every plan and the rules use.
import { conceptMatches } from '../clinical/codes';
import { compareDates, dayRange, isAfter } from '../clinical/dates';
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

/** A readable date (a partial date by its first day); ordering is the engine's own (`compareDates`). */
function first(date: string | undefined): { day?: string } {
  const day = dayRange(date)?.first;
  return day ? { day } : {};
}

export interface NewestPage {
  verdict: NewestPageVerdict;
  /** What the page shows of the server's sort: `false` when a later entry is newer (needs two dated entries). */
  sorted?: boolean;
}

export function judgeNewestPage(entries: readonly unknown[], read: NewestRead, asOf: string, hasNextPage: boolean): NewestPage {
  const resources = entries.filter(isObject).filter((r) => r.resourceType === read.resourceType);
  const results = resources.map((r) => dated(r, read));
  const dates = results.flatMap((r) => (r.day ? [r.date] : []));
  // Newest first by the engine's one ordering rule (clinical-rules §0 Dates, v3: instants in UTC, a day without a
  // time against other days only): a later entry strictly newer than an earlier one means the sort was not honoured.
  const sorted = dates.length < 2 ? undefined : !dates.some((date, i) => i > 0 && compareDates(date, dates[i - 1]) > 0);
  const page = (verdict: NewestPageVerdict): NewestPage => ({ verdict, ...(sorted === undefined ? {} : { sorted }) });
  if (!hasNextPage) return page('enough');
  if (resources.length > read.count) return page('read-on');
  if (sorted === false) return page('read-all');
  // The newest usable result not after today must be on the page: else it may be on a later one.
  return page(results.some((r) => r.counts && r.day && !isAfter(r.date, asOf)) ? 'enough' : 'read-all');
}

/**
 * Whether this server sorts, as the pages of the plan's sort canaries show it (the lists most often long: vital
 * signs, pain scores, asked two at a time). A one-result page cannot show its own order: its search waits for the
 * canaries, which answer in the same round, and reads its whole list when one of them was out of order.
 */
export class SortCheck {
  private readonly pending: Set<string>;
  private disorder = false;
  private readonly settled: Promise<void>;
  private resolve!: () => void;

  constructor(canaries: readonly string[]) {
    this.pending = new Set(canaries);
    this.settled = new Promise((resolve) => (this.resolve = resolve));
    if (this.pending.size === 0) this.resolve();
  }

  /** A canary's first page (or its end, when it failed before one): `sorted` undefined when it shows nothing. */
  report(canary: string, sorted: boolean | undefined): void {
    if (!this.pending.delete(canary)) return;
    if (sorted === false) this.disorder = true;
    if (this.pending.size === 0) this.resolve();
  }

  /** False when a canary showed the server does not sort newest first. */
  async honoured(): Promise<boolean> {
    await this.settled;
    return !this.disorder;
  }
}
