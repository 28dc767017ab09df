// The query plan: the Patient read, then every search in one parallel round, filtered on the server.
// Plan v2 (issue 12) reads from each Observation list only what the rules read (src/clinical/observation-reads.ts):
// the newest usable result, the results within a window, or all of them; lab panel reports the same way.
import { OBSERVATION_QUERY_CODES } from '../clinical/codes';
import { addDays } from '../clinical/dates';
import { LAB_REPORT_READS, OBSERVATION_READS, type ObservationRead } from '../clinical/observation-reads';
import type { ObservationPlan } from './observation-plan';

/** A newest-first search that stops after the first page once it proves the list's newest usable result is on it. */
export interface NewestRead {
  resourceType: 'Observation' | 'DiagnosticReport';
  /** The list: an entry counts when its code or a component code is one of these. */
  loinc: readonly string[];
  /** The page size asked for: 2 for a sort canary (a second entry shows whether the server sorted), else 1. */
  count: number;
  /** This search's first page tells the loader whether the server sorts (src/fhir/newest-first.ts SortCheck). */
  canary?: boolean;
}

export interface SearchQuery {
  /** The resource type searched, and the name used in progress and data gaps. */
  resourceType: string;
  params: Record<string, string>;
  /** Names this search in data gaps when a type is read by several searches ("Condition (problem-list-item)"). */
  label?: string;
  /** The progress line this search counts towards (default: its label, else its type). */
  progressName?: string;
  /** Plan v2: read only until the newest usable result of a list is in hand. */
  newest?: NewestRead;
  /** Read instead when the server refuses this search (400, 422, 501) or does not honour its sort. */
  fallback?: SearchQuery;
}

/** Per-EHR additions from the runtime configuration, e.g. `{ Condition: { category: 'problem-list-item' } }`. */
export type ExtraSearchParams = Record<string, Record<string, string>>;

export const PAGE_SIZE = 200;

/**
 * How Observations and lab reports are read (per EHR, `observationPlan` in smart-config.json):
 * - `latest` (default): the newest usable result per list (`_sort=-date`, `status`), the windows the rules read and
 *   every DXA result; the loader checks that the server sorted and reads the whole list when it did not.
 * - `window`: for servers without `_sort` or `status` search (Oracle Health) or that filter status after the search
 *   (Epic): every result of each list, one search per list in the same round, and every report.
 * - `full`: every matching result in one search per type (plan v1; CDS Hooks prefetch templates use it).
 */
export type { ObservationPlan };

export interface PlanOptions {
  /** One Condition search per category instead of one without (EHRs that authorise Condition per category). */
  conditionCategories?: readonly string[];
  observationPlan?: ObservationPlan;
  /** Today's calendar day (YYYY-MM-DD): where the windows end. Required by `latest` and `window`. */
  asOf?: string;
}

/** Statuses the rules read (clinical-rules.md §0: final, amended, corrected, preliminary). */
const USABLE_OBSERVATION_STATUSES = 'final,amended,corrected,preliminary';
/** Results with a local time near midnight may fall on the next or previous day in UTC: windows are widened by this. */
const MARGIN_DAYS = 2;
/** Lists most often long (vital signs and pain scores at every visit): their pages show whether the server sorts. */
const SORT_CANARIES = new Set(['pain score', 'heart rate', 'blood pressure']);
const LAB_CATEGORY = 'http://terminology.hl7.org/CodeSystem/v2-0074|LAB';

type Base = (type: string, params?: Record<string, string>) => SearchQuery;

interface Ctx {
  base: Base;
  /** The `code` parameter for a LOINC list. */
  code: (codes: readonly string[]) => string;
  asOf: string;
}

/**
 * Bare codes (`code=72514-3`, any system): the rules read LOINC under its other names too (the OID
 * urn:oid:2.16.840.1.113883.6.1, clinical-rules.md §0), which `http://loinc.org|72514-3` would not find on the server
 * (the equivalence test found a rule-test record plan v1 missed this way). A same-code result of another system is
 * read and ignored by the rules; a newest-result page that shows none reads the whole list. Shorter URLs too: a
 * server echoes every search URL in its links.
 */
const loincParam = (codes: readonly string[]) => [...new Set(codes)].join(',');

/** Epic authorises Condition per category: one search each, merged by the loader (same parallel round). */
function conditionSearches(base: Base, categories: readonly string[] = []): SearchQuery[] {
  const distinct = [...new Set(categories)];
  if (distinct.length === 0) return [base('Condition')];
  // The category of each search wins over an extraParams category: otherwise every search would be the same.
  return distinct.map((category) => {
    const query = base('Condition');
    return { ...query, params: { ...query.params, category }, label: `Condition (${category})` };
  });
}

function every({ base, code }: Ctx, type: string, name: string, codes: readonly string[]): SearchQuery {
  return { ...base(type, { code: code(codes) }), label: `${type} (${name})`, progressName: type };
}

function newestOfList(ctx: Ctx, type: NewestRead['resourceType'], name: string, list: readonly string[], asked: readonly string[]): SearchQuery {
  const canary = SORT_CANARIES.has(name);
  // No date bound: a result dated after today (not read by the rules) on the page makes the loader read the list.
  const params: Record<string, string> = { code: ctx.code(asked), _sort: '-date', _count: canary ? '2' : '1' };
  if (type === 'Observation') params.status = USABLE_OBSERVATION_STATUSES;
  return {
    ...ctx.base(type, params),
    label: `${type} (${name}, newest)`,
    progressName: type,
    newest: { resourceType: type, loinc: list, count: canary ? 2 : 1, ...(canary ? { canary: true } : {}) },
    fallback: every(ctx, type, name, asked),
  };
}

function withinWindow(ctx: Ctx, read: ObservationRead & { windowDays: number }): SearchQuery {
  const params: Record<string, string> = { code: ctx.code(read.loinc), date: `ge${addDays(ctx.asOf, -read.windowDays - MARGIN_DAYS)}`, status: USABLE_OBSERVATION_STATUSES };
  return {
    ...ctx.base('Observation', params),
    label: `Observation (${read.name}, ${read.windowDays} days)`,
    progressName: 'Observation',
    fallback: every(ctx, 'Observation', read.name, read.loinc),
  };
}

/**
 * Results with no effective date (only `issued`, or none): a date search never returns them and a date sort puts
 * them last, but the engine dates them by `issued` and reads an undated result when nothing is dated.
 */
function withoutDate(ctx: Ctx, type: NewestRead['resourceType'], codes: readonly string[]): SearchQuery {
  return {
    ...ctx.base(type, { code: ctx.code(codes), 'date:missing': 'true' }),
    label: `${type} (no effective date)`,
    progressName: type,
    fallback: every(ctx, type, 'every listed code', codes),
  };
}

function observationSearches(ctx: Ctx, plan: Exclude<ObservationPlan, 'full'>): SearchQuery[] {
  const dated = OBSERVATION_READS.filter((read) => !read.all).flatMap((read) => [...read.loinc, ...(read.carriedBy ?? [])]);
  const undated = plan === 'latest' ? [withoutDate(ctx, 'Observation', dated)] : [];
  return [...undated, ...OBSERVATION_READS.flatMap((read) => {
    const asked = [...read.loinc, ...(read.carriedBy ?? [])];
    if (read.all) return [every(ctx, 'Observation', read.name, asked)];
    const newest = plan === 'latest' ? newestOfList(ctx, 'Observation', read.name, read.loinc, asked) : every(ctx, 'Observation', read.name, asked);
    const window = read.windowDays !== undefined && plan === 'latest' ? [withinWindow(ctx, { ...read, windowDays: read.windowDays })] : [];
    return [newest, ...window];
  })];
}

/**
 * Reports other than lab reports (imaging, pathology, notes; a report with no category too), and the newest CBC and
 * metabolic panel reports: lab panels the rules never read are not downloaded.
 */
function reportSearches(ctx: Ctx): SearchQuery[] {
  const nonLab: SearchQuery = { ...ctx.base('DiagnosticReport', { 'category:not': LAB_CATEGORY }), label: 'DiagnosticReport (other than lab)', progressName: 'DiagnosticReport', fallback: ctx.base('DiagnosticReport') };
  const panels = LAB_REPORT_READS.flatMap((read) => read.loinc);
  return [nonLab, withoutDate(ctx, 'DiagnosticReport', panels), ...LAB_REPORT_READS.map((read) => newestOfList(ctx, 'DiagnosticReport', read.name, read.loinc, read.loinc))];
}

/** Plan v1: every result of every listed code in one Observation search, every report in one. */
function fullSearches(base: Base): SearchQuery[] {
  return [base('Observation', { code: loincParam(OBSERVATION_QUERY_CODES) }), base('DiagnosticReport')];
}

export function searchPlan(patientId: string, extra: ExtraSearchParams = {}, options: PlanOptions = {}): SearchQuery[] {
  const base: Base = (resourceType, params = {}) => ({
    resourceType,
    params: { patient: patientId, _count: String(PAGE_SIZE), ...params, ...extra[resourceType] },
  });
  const plan = options.observationPlan ?? 'latest';
  if (plan !== 'full' && !options.asOf) throw new Error(`the ${plan} query plan needs asOf (today's date)`);
  const ctx: Ctx = { base, code: loincParam, asOf: options.asOf ?? '' };
  const observationsAndReports =
    plan === 'full' ? fullSearches(base)
    : plan === 'window' ? [...observationSearches(ctx, plan), base('DiagnosticReport')]
    : [...observationSearches(ctx, plan), ...reportSearches(ctx)];
  return [
    ...conditionSearches(base, options.conditionCategories),
    // codes.md: Observation is always filtered on the server by the spec's codes, never fetched whole.
    ...observationsAndReports,
    base('ImagingStudy'),
    base('Procedure'),
    // Epic returns only active orders unless the statuses are listed.
    base('MedicationRequest', { status: 'active,on-hold,completed,stopped', _include: 'MedicationRequest:medication' }),
    base('MedicationStatement', { _include: 'MedicationStatement:medication' }),
    base('ServiceRequest'),
    base('AllergyIntolerance'),
    base('Encounter', { status: 'in-progress' }),
    base('CarePlan'),
    base('DeviceRequest'),
  ];
}

export function searchUrl(query: SearchQuery): string {
  return `${query.resourceType}?${new URLSearchParams(query.params).toString()}`;
}

export { READ_RESOURCE_TYPES } from './read-types';
