// The query plan: the Patient read, then every search in one parallel round, filtered on the server.
// Plan v2 (issue 12) reads from each Observation list only what the rules read (src/clinical/observation-reads.ts):
// the newest usable result, the results within a window, or all of them; lab panel reports the same way.
import { BONE_SCAN_WITH_CONTEXT, DXA, IMAGING_KINDS, OBSERVATION_QUERY_CODES } from '../clinical/codes';
import { addDays } from '../clinical/dates';
import { FRACTURE_WINDOW_DAYS } from '../clinical/findings';
import { LAB_REPORT_READS, OBSERVATION_READS, type ObservationRead } from '../clinical/observation-reads';
import type { ObservationPlan } from './observation-plan';
import { DEFAULT_SEARCH_SUPPORT, EVERY_CLINICAL_STATUS, type ComponentSearch, type SearchSupport } from './search-support';

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
  /**
   * The search parameter this search depends on the server supporting (from the per-EHR configuration): checked
   * against the CapabilityStatement read in the same round; when it is not listed, the loader re-reads with the
   * plan of the safe fallback and names the gap (src/fhir/search-support.ts).
   */
  needs?: { type: string; param: string };
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
  /** What the server's searches can do (per-EHR configuration; default: category reads, every Condition status). */
  searchSupport?: SearchSupport;
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
  /** How panel components are searched (§0 Reading through a server (1)). */
  components: ComponentSearch;
}

/** The categories read within the pain window where components cannot be searched by code (§0, v3). */
const PANEL_CATEGORIES = ['vital-signs', 'survey'] as const;

/**
 * The imaging codes of codes.md (*Imaging and procedures*: every CPT code of an imaging kind, bone-scan and SPECT
 * codes, DXA): a DiagnosticReport carrying one is an imaging record whatever its category (v3), so the `latest`
 * plan also reads them without the category restriction.
 */
export const IMAGING_REPORT_CODES: readonly string[] = [
  ...new Set([...IMAGING_KINDS.flatMap((k) => k.cpt), ...BONE_SCAN_WITH_CONTEXT.cpt, ...(DXA.cpt ?? []), ...(DXA.snomed ?? [])]),
];

/**
 * Bare codes (`code=72514-3`, any system): the rules read LOINC under its other names too (the OID
 * urn:oid:2.16.840.1.113883.6.1, clinical-rules.md §0), which `http://loinc.org|72514-3` would not find on the server
 * (the equivalence test found a rule-test record plan v1 missed this way). A same-code result of another system is
 * read and ignored by the rules; a newest-result page that shows none reads the whole list. Shorter URLs too: a
 * server echoes every search URL in its links.
 */
const loincParam = (codes: readonly string[]) => [...new Set(codes)].join(',');

/**
 * Epic authorises Condition per category: one search each, merged by the loader (same parallel round). Where the
 * server returns only active Conditions unless `clinical-status` is sent (v3, §0 Reading through a server (3)),
 * each search has a twin asking for every clinical status; the plain one stays, for Conditions with no status.
 */
function conditionSearches(base: Base, categories: readonly string[] = [], activeByDefault = false): SearchQuery[] {
  const distinct = [...new Set(categories)];
  // The category of each search wins over an extraParams category: otherwise every search would be the same.
  const plain = distinct.length === 0 ? [base('Condition')] : distinct.map((category) => {
    const query = base('Condition');
    return { ...query, params: { ...query.params, category }, label: `Condition (${category})` };
  });
  if (!activeByDefault) return plain;
  const everyStatus = plain.map((query): SearchQuery => ({
    ...query,
    params: { ...query.params, 'clinical-status': EVERY_CLINICAL_STATUS },
    label: `Condition (${query.params.category ? `${query.params.category}, ` : ''}every clinical status)`,
    progressName: 'Condition',
    needs: { type: 'Condition', param: 'clinical-status' },
    fallback: query,
  }));
  return [...plain.map((q) => ({ ...q, progressName: 'Condition' })), ...everyStatus];
}

/** The code parameter of a list: `combo-code` (code or component code) for lists that panels carry, where the server has it. */
function codeParam(ctx: Ctx, type: string, read: { components?: true } | undefined, codes: readonly string[]): { params: Record<string, string>; needs?: SearchQuery['needs'] } {
  if (type === 'Observation' && read?.components && ctx.components === 'combo-code') {
    return { params: { 'combo-code': ctx.code(codes) }, needs: { type: 'Observation', param: 'combo-code' } };
  }
  return { params: { code: ctx.code(codes) } };
}

function withCodes(ctx: Ctx, type: string, read: { components?: true } | undefined, codes: readonly string[], params: Record<string, string> = {}): SearchQuery {
  const { params: code, needs } = codeParam(ctx, type, read, codes);
  const query = ctx.base(type, { ...code, ...params });
  return needs ? { ...query, needs } : query;
}

function every(ctx: Ctx, type: string, name: string, codes: readonly string[], read?: { components?: true }): SearchQuery {
  return { ...withCodes(ctx, type, read, codes), label: `${type} (${name})`, progressName: type };
}

function newestOfList(ctx: Ctx, type: NewestRead['resourceType'], name: string, list: readonly string[], asked: readonly string[], read?: { components?: true }): SearchQuery {
  const canary = SORT_CANARIES.has(name);
  // No date bound: a result dated after today (not read by the rules) on the page makes the loader read the list.
  const params: Record<string, string> = { _sort: '-date', _count: canary ? '2' : '1' };
  if (type === 'Observation') params.status = USABLE_OBSERVATION_STATUSES;
  return {
    ...withCodes(ctx, type, read, asked, params),
    label: `${type} (${name}, newest)`,
    progressName: type,
    newest: { resourceType: type, loinc: list, count: canary ? 2 : 1, ...(canary ? { canary: true } : {}) },
    fallback: every(ctx, type, name, asked, read),
  };
}

function withinWindow(ctx: Ctx, read: ObservationRead & { windowDays: number }, asked: readonly string[]): SearchQuery {
  const params: Record<string, string> = { date: `ge${addDays(ctx.asOf, -read.windowDays - MARGIN_DAYS)}`, status: USABLE_OBSERVATION_STATUSES };
  return {
    ...withCodes(ctx, 'Observation', read, asked, params),
    label: `Observation (${read.name}, ${read.windowDays} days)`,
    progressName: 'Observation',
    fallback: every(ctx, 'Observation', read.name, asked, read),
  };
}

/**
 * Results with no effective date (only `issued`, or none): a date search never returns them and a date sort puts
 * them last, but the engine dates them by `issued` and reads an undated result when nothing is dated.
 */
function withoutDate(ctx: Ctx, type: NewestRead['resourceType'], codes: readonly string[]): SearchQuery {
  // combo-code where the server has it: an undated flowsheet panel too.
  const read = type === 'Observation' ? { components: true as const } : undefined;
  return {
    ...withCodes(ctx, type, read, codes, { 'date:missing': 'true' }),
    label: `${type} (no effective date)`,
    progressName: type,
    fallback: every(ctx, type, 'every listed code', codes, read),
  };
}

/**
 * §0 Reading through a server (1), where `combo-code` is not offered: `component-code` searches beside the `code`
 * ones of the lists panels carry (pain, heart rate, blood pressure), or the categories `vital-signs` and `survey`
 * within the pain window (84 days; the vital-sign window of 30 days lies inside it), or whole in plan `full`
 * (a prefetch template cannot compute a date).
 */
function componentSearches(ctx: Ctx, plan: ObservationPlan): SearchQuery[] {
  const carried = OBSERVATION_READS.filter((read) => read.components);
  if (ctx.components === 'component-code') {
    const needs = { type: 'Observation', param: 'component-code' };
    const components = (codes: readonly string[], params: Record<string, string>, label: string): SearchQuery =>
      ({ ...ctx.base('Observation', { 'component-code': ctx.code(codes), ...params }), label: `Observation (${label})`, progressName: 'Observation', needs });
    const codes = carried.flatMap((read) => read.loinc);
    // Plans `window` and `full` read every panel carrying a listed code, as they read every result of a list.
    if (plan !== 'latest') return [components(codes, {}, 'panel components')];
    // Plan `latest`: the panels of the pain window (84 days; the vital-sign window of 30 lies inside), and the newest
    // panel of each list beyond it (the workup's "outdated" reads it).
    return [
      components(codes, { date: `ge${addDays(ctx.asOf, -FRACTURE_WINDOW_DAYS - MARGIN_DAYS)}`, status: USABLE_OBSERVATION_STATUSES }, `panel components, ${FRACTURE_WINDOW_DAYS} days`),
      ...carried.map((read) => ({
        ...components(read.loinc, { _sort: '-date', _count: '1', status: USABLE_OBSERVATION_STATUSES }, `${read.name} in panels, newest`),
        newest: { resourceType: 'Observation' as const, loinc: read.loinc, count: 1 },
        fallback: components(read.loinc, {}, `${read.name} in panels`),
      })),
    ];
  }
  if (ctx.components === 'category') {
    const params: Record<string, string> = plan === 'full' ? {} : { date: `ge${addDays(ctx.asOf, -FRACTURE_WINDOW_DAYS - MARGIN_DAYS)}` };
    return PANEL_CATEGORIES.map((category) => ({
      ...ctx.base('Observation', { category, ...params }),
      label: `Observation (${category}${plan === 'full' ? '' : `, ${FRACTURE_WINDOW_DAYS} days`})`,
      progressName: 'Observation',
      needs: { type: 'Observation', param: 'category' },
    }));
  }
  return [];
}

function observationSearches(ctx: Ctx, plan: Exclude<ObservationPlan, 'full'>): SearchQuery[] {
  const dated = OBSERVATION_READS.filter((read) => !read.all).flatMap((read) => [...read.loinc, ...(read.carriedBy ?? [])]);
  const undated = plan === 'latest' ? [withoutDate(ctx, 'Observation', dated)] : [];
  return [...undated, ...OBSERVATION_READS.flatMap((read) => {
    const asked = [...read.loinc, ...(read.carriedBy ?? [])];
    if (read.all) return [every(ctx, 'Observation', read.name, asked, read)];
    const newest = plan === 'latest' ? newestOfList(ctx, 'Observation', read.name, read.loinc, asked, read) : every(ctx, 'Observation', read.name, asked, read);
    const window = read.windowDays !== undefined && plan === 'latest' ? [withinWindow(ctx, { ...read, windowDays: read.windowDays }, asked)] : [];
    return [newest, ...window];
  }), ...componentSearches(ctx, plan)];
}

/**
 * Reports other than lab reports (imaging, pathology, notes; a report with no category too), reports with an
 * imaging code in any category (v3: radiology filed under LAB), and the newest CBC and metabolic panel reports: lab
 * panels the rules never read are not downloaded.
 */
function reportSearches(ctx: Ctx): SearchQuery[] {
  const nonLab: SearchQuery = { ...ctx.base('DiagnosticReport', { 'category:not': LAB_CATEGORY }), label: 'DiagnosticReport (other than lab)', progressName: 'DiagnosticReport', fallback: ctx.base('DiagnosticReport') };
  const imaging: SearchQuery = { ...ctx.base('DiagnosticReport', { code: ctx.code(IMAGING_REPORT_CODES) }), label: 'DiagnosticReport (imaging codes, any category)', progressName: 'DiagnosticReport', fallback: ctx.base('DiagnosticReport') };
  const panels = LAB_REPORT_READS.flatMap((read) => read.loinc);
  return [nonLab, imaging, withoutDate(ctx, 'DiagnosticReport', panels), ...LAB_REPORT_READS.map((read) => newestOfList(ctx, 'DiagnosticReport', read.name, read.loinc, read.loinc))];
}

/** Plan v1: every result of every listed code in one Observation search (combo-code where offered), every report in one. */
function fullSearches(ctx: Ctx): SearchQuery[] {
  return [withCodes(ctx, 'Observation', { components: true }, OBSERVATION_QUERY_CODES), ...componentSearches(ctx, 'full'), ctx.base('DiagnosticReport')];
}

export function searchPlan(patientId: string, extra: ExtraSearchParams = {}, options: PlanOptions = {}): SearchQuery[] {
  const base: Base = (resourceType, params = {}) => ({
    resourceType,
    params: { patient: patientId, _count: String(PAGE_SIZE), ...params, ...extra[resourceType] },
  });
  const plan = options.observationPlan ?? 'latest';
  if (plan !== 'full' && !options.asOf) throw new Error(`the ${plan} query plan needs asOf (today's date)`);
  const support = { ...DEFAULT_SEARCH_SUPPORT, ...options.searchSupport };
  const ctx: Ctx = { base, code: loincParam, asOf: options.asOf ?? '', components: support.componentSearch };
  const observationsAndReports =
    plan === 'full' ? fullSearches(ctx)
    : plan === 'window' ? [...observationSearches(ctx, plan), base('DiagnosticReport')]
    : [...observationSearches(ctx, plan), ...reportSearches(ctx)];
  return [
    ...conditionSearches(base, options.conditionCategories, support.conditionStatusDefault === 'active'),
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
