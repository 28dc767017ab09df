// A FHIR server into a patient record: the Patient read and every search in one parallel round,
// paging bounded, each failure kept as a data gap. Only an unreadable Patient is fatal.
import { localCalendarDay } from '../clinical/dates';
import { indexRecord } from '../clinical/facts';
import { emptyRecord, type PatientRecord, type ReadLimit } from '../clinical/record';
import { isObject, objects, rawString, str, type Json } from './narrow';
import { addResource, containedResource, patientFacts } from './normalize';
import type { AccessGaps } from './granted-scope';
import { PatientUnreadableError } from './load-errors';
import { judgeNewestPage, SortCheck } from './newest-first';
import { searchPlan, searchUrl, type ExtraSearchParams, type ObservationPlan, type SearchQuery } from './queries';
import { omissionGaps } from './search-outcomes';
import { DEFAULT_SEARCH_SUPPORT, type ComponentSearch, type SearchSupport } from './search-support';
import { readCapability, sessionCapability, type ServerCapability } from './capability';
import { refersToPatient, subjectReference } from './references';
import { SearchPatientFilter, patientMismatch } from './patient-integrity';
import { FhirRequestError, operationOutcomeText, type FhirSource } from './source';
import { BatchUnusable, batchFirstPages } from './batch';

export interface LoadOptions {
  patientId: string;
  /** Per-EHR search additions from the runtime configuration. */
  extraParams?: ExtraSearchParams;
  /** Pages followed per search, the first included. Default 50. */
  maxPages?: number;
  /** Resources kept per search; more are reported as a gap. Default 10,000. */
  maxResources?: number;
  /** Each request is aborted after this many milliseconds. Default 20,000. */
  timeoutMs?: number;
  /** Retries of a 429 or 503 answer, honouring Retry-After up to maxRetryWaitMs. Default 2. */
  maxRetries?: number;
  maxRetryWaitMs?: number;
  /** Called as each resource type starts, finishes or fails. */
  onProgress?: (progress: LoadProgress) => void;
  /** Cancels everything (the page was closed, the patient changed). */
  signal?: AbortSignal;
  /** One Condition search per category (runtime configuration), merged and de-duplicated by id. */
  conditionCategories?: readonly string[];
  /** Types the granted scope does not fully cover (src/fhir/granted-scope.ts), known before any search. */
  accessGaps?: AccessGaps;
  /** The Encounter of the launch context (token response `encounter`), read in the same round. */
  contextEncounterId?: string;
  /** How Observations and lab reports are read (src/fhir/queries.ts). Default `latest`. */
  observationPlan?: ObservationPlan;
  /** Today's calendar day, where the plan's windows end. Default: today on this machine's clock. */
  asOf?: string;
  /**
   * What the server's searches can do (per-EHR configuration, src/fhir/search-support.ts). When given, the
   * CapabilityStatement is read in the same round and checked: a parameter it does not list is a named gap and a
   * re-read with the safe fallback. Without it: the default (category reads), unchecked (CDS Hooks prefetch).
   */
  searchSupport?: SearchSupport;
  /**
   * The searches' first pages in one FHIR `batch` (src/fhir/batch.ts), for an EHR whose entry says it answers batch;
   * later pages, fallbacks and anything the batch did not answer usably are read with GETs. Default off.
   */
  batch?: boolean;
  /**
   * The session the CapabilityStatement is shared in (the app's fhirclient Client): read once per session, by this
   * load, and kept for the write-back (src/fhir/capability.ts). Without it the statement is read for this load only.
   */
  session?: object;
  /**
   * Called once when every search has its first page and some still have more: the record so far, with the
   * searches still paging named in `stillReading` and counted as incomplete (their rules read unknown, never a
   * guess from part of the results). The promise still resolves with the whole record.
   */
  onFirstRound?: (record: PatientRecord) => void;
}

export interface LoadProgress {
  resourceType: string;
  state: 'loading' | 'done' | 'failed';
  /** Resources read so far. */
  count: number;
  /** The data gap, when failed or capped. */
  gap?: string;
}

export { PatientUnreadableError };

const DEFAULTS = { maxPages: 50, maxResources: 10_000, timeoutMs: 20_000, maxRetries: 2, maxRetryWaitMs: 5_000 };

type Settings = typeof DEFAULTS & { signal?: AbortSignal; asOf: string; sortCheck: SortCheck };

/** A search's results so far, after its first page: `more` when it has pages still to read. */
type FirstPage = (sofar: SearchResult, more: boolean) => void;

/** Servers answer these to a search parameter they do not support: the search's fallback is read instead. */
const REFUSED_SEARCH = new Set([400, 422, 501]);


function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/** One GET with a deadline, retrying 429/503 a bounded number of times. */
async function getJson(source: FhirSource, url: string, settings: Settings): Promise<unknown> {
  for (let attempt = 0; ; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
    const forward = () => controller.abort();
    settings.signal?.addEventListener('abort', forward, { once: true });
    try {
      return await source.get(url, controller.signal);
    } catch (error) {
      const failure = asRequestError(error, controller.signal.aborted && !settings.signal?.aborted);
      const retryable = failure.kind === 'http' && (failure.status === 429 || failure.status === 503);
      if (!retryable || attempt >= settings.maxRetries || settings.signal?.aborted) throw failure;
      await sleep(Math.min((failure.retryAfter ?? 1) * 1000, settings.maxRetryWaitMs), settings.signal);
    } finally {
      clearTimeout(timer);
      settings.signal?.removeEventListener('abort', forward);
    }
  }
}

function asRequestError(error: unknown, timedOut: boolean): FhirRequestError {
  if (timedOut) return new FhirRequestError('timeout', 'no answer in time');
  if (error instanceof FhirRequestError) return error;
  return new FhirRequestError('network', error instanceof Error ? error.message.split('\n')[0]! : 'request failed');
}

/** "Observation: access denied (403): <OperationOutcome text>" */
export function describeFailure(resourceType: string, error: FhirRequestError): string {
  const status = error.status !== undefined ? ` (${error.status})` : '';
  const outcome = error.outcome && error.outcome !== error.message ? `: ${error.outcome}` : '';
  return `${resourceType}: ${error.message}${status}${outcome}`;
}

/** A `next` link is followed only on the server's own origin, and never twice. */
function nextLink(bundle: Json, base: string, seen: Set<string>): string | undefined {
  const next = rawString(objects(bundle.link).find((l) => l.relation === 'next')?.url);
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(next, base + '/');
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(base).origin || seen.has(url.href)) return undefined;
  return url.href;
}

interface SearchResult {
  resourceType: string;
  resources: Json[];
  gaps: string[];
  /** Resources left out because they are not the launch patient's: reported, but the search is complete. */
  ignored: string[];
}

/** The first page's answer: from the batch when it carried this search (else, or when unusable, its own GET). */
async function firstAnswer(source: FhirSource, url: string, settings: Settings, batched: Promise<unknown> | undefined): Promise<unknown> {
  if (!batched) return getJson(source, url, settings);
  try {
    return await batched;
  } catch (error) {
    // Not usably answered in the batch (./batch.ts): read with the search's own GET.
    if (error instanceof BatchUnusable) return getJson(source, url, settings);
    throw error;
  }
}

async function search(source: FhirSource, query: SearchQuery, patientId: string, settings: Settings, report: (p: LoadProgress) => void, firstPage: FirstPage, batched?: Promise<unknown>): Promise<SearchResult> {
  const { resourceType } = query;
  let ours = new SearchPatientFilter(resourceType, query.params, patientId);
  // Plan v2: the query still to be judged (newest-first), and the one to read when the server does not honour it.
  let newest = query.newest;
  let fallback = query.fallback;
  const resources: Json[] = [];
  const gaps: string[] = [];
  const seen = new Set<string>();
  // A server that shifts results between pages may send a resource twice; it is one record.
  const ids = new Set<string>();
  let url: string | undefined = searchUrl(query);
  let pages = 0;
  report({ resourceType, state: 'loading', count: 0 });
  while (url) {
    let bundle: unknown;
    try {
      // Only the search's own first URL can come from the batch; a fallback or a later page is a GET.
      const fromBatch = pages === 0 && url === searchUrl(query) ? batched : undefined;
      batched = undefined;
      bundle = await firstAnswer(source, url, settings, fromBatch);
    } catch (error) {
      const failure = asRequestError(error, false);
      if (fallback && pages === 0 && failure.status !== undefined && REFUSED_SEARCH.has(failure.status)) {
        ({ url, ours, newest, fallback } = readInstead(fallback, patientId));
        continue;
      }
      gaps.push(pages === 0 ? describeFailure(resourceType, failure) : `${describeFailure(resourceType, failure)}; later pages skipped`);
      break;
    }
    pages++;
    seen.add(new URL(url, source.baseUrl + '/').href);
    if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
      const outcomeText = operationOutcomeText(bundle);
      const outcome = isObject(bundle) && bundle.resourceType === 'OperationOutcome' ? ` (an OperationOutcome${outcomeText ? `: ${outcomeText}` : ''})` : '';
      gaps.push(`${resourceType}: the server did not return a search Bundle${outcome}`);
      break;
    }
    const entries = objects(bundle.entry);
    for (const entry of entries) {
      const resource = entry.resource;
      if (!isObject(resource)) continue;
      const key = rawString(resource.id) ? `${String(resource.resourceType)}/${String(resource.id)}` : undefined;
      if (key && ids.has(key)) continue;
      if (key) ids.add(key);
      // Only the launch patient's resources of the type searched for, plus what _include asked for.
      if (!ours.admits(resource)) continue;
      if (resources.length < settings.maxResources) resources.push(resource);
    }
    for (const gap of omissionGaps(bundle, resourceType)) if (!gaps.includes(gap)) gaps.push(gap);
    if (resources.length >= settings.maxResources) {
      gaps.push(`${resourceType}: only the first ${settings.maxResources.toLocaleString('en-US')} results were read`);
      break;
    }
    const next = nextLink(bundle, source.baseUrl, seen);
    const rawNext = objects(bundle.link).some((l) => l.relation === 'next');
    if (newest && pages === 1) {
      const read = newest;
      newest = undefined;
      const page = judgeNewestPage(entries.map((e) => e.resource), read, settings.asOf, rawNext);
      if (read.canary) settings.sortCheck.report(searchUrl(query), page.sorted);
      let verdict = page.verdict;
      // A one-result page trusts the server's sort only once the canaries (same round) have shown it sorts.
      if (verdict === 'enough' && rawNext && !read.canary && !(await settings.sortCheck.honoured())) verdict = 'read-all';
      if (verdict === 'enough') break;
      if (verdict === 'read-all' && fallback) {
        ({ url, ours, newest, fallback } = readInstead(fallback, patientId));
        continue;
      }
    }
    if (rawNext && !next) gaps.push(`${resourceType}: a next-page link was not followed (loop or another server)`);
    if (next && pages >= settings.maxPages) {
      gaps.push(`${resourceType}: pages after ${settings.maxPages} skipped`);
      break;
    }
    url = next;
    if (pages === 1 && url) firstPage({ resourceType, resources: [...resources], gaps: [...gaps], ignored: ours.gaps() }, true);
  }
  const gap = gaps.length ? gaps.join('; ') : undefined;
  report({ resourceType, state: gap && resources.length === 0 ? 'failed' : 'done', count: resources.length, ...(gap ? { gap } : {}) });
  // A canary that failed or was refused before its first page releases the searches waiting for it.
  if (query.newest?.canary) settings.sortCheck.report(searchUrl(query), undefined);
  const result = { resourceType, resources, gaps, ignored: ours.gaps() };
  firstPage(result, false);
  return result;
}

/** The search to read instead of one the server refused or did not sort: its own patient filter, no further fallback. */
function readInstead(query: SearchQuery, patientId: string) {
  return { url: searchUrl(query) as string | undefined, ours: new SearchPatientFilter(query.resourceType, query.params, patientId), newest: query.newest, fallback: query.fallback };
}

/**
 * A search that is one of several for its type (Condition per category) is named by its label in progress and
 * gaps ("Condition (encounter-diagnosis): access denied (403)"); its result still counts for the type. Searches
 * that share a line (`progressName`: Observation per list) are named by it: one refusal is one gap, not fourteen.
 */
function namedSearch(source: FhirSource, query: SearchQuery, patientId: string, settings: Settings, report: (p: LoadProgress) => void, firstPage: FirstPage, batched?: Promise<unknown>): Promise<SearchResult> {
  const { resourceType } = query;
  const label = query.progressName ?? query.label;
  if (!label || label === resourceType) return search(source, query, patientId, settings, report, firstPage, batched);
  const rename = (gap: string) => (gap.startsWith(`${resourceType}:`) ? `${label}${gap.slice(resourceType.length)}` : gap);
  const line = label;
  const relabel = (p: LoadProgress) => report({ ...p, resourceType: line, ...(p.gap ? { gap: p.gap.split('; ').map(rename).join('; ') } : {}) });
  const renamed = (result: SearchResult) => ({ ...result, gaps: result.gaps.map(rename) });
  return search(source, query, patientId, settings, relabel, (sofar, more) => firstPage(renamed(sofar), more), batched).then(renamed);
}

/**
 * Several searches on one progress line (Observation per list): loading until every one has finished, the
 * results summed, failed only when every one failed.
 */
function sharedProgressLines(report: (p: LoadProgress) => void): (search: number) => (p: LoadProgress) => void {
  const lines = new Map<string, Map<number, LoadProgress>>();
  return (search) => (p) => {
    const line = lines.get(p.resourceType) ?? new Map<number, LoadProgress>();
    lines.set(p.resourceType, line);
    line.set(search, p);
    const parts = [...line.values()];
    if (parts.length === 1) return report(p);
    const state = parts.some((q) => q.state === 'loading') ? 'loading' : parts.every((q) => q.state === 'failed') ? 'failed' : 'done';
    const gaps = [...new Set(parts.flatMap((q) => (q.gap ? q.gap.split('; ') : [])))];
    report({ resourceType: p.resourceType, state, count: parts.reduce((sum, q) => sum + q.count, 0), ...(gaps.length ? { gap: gaps.join('; ') } : {}) });
  };
}

async function readPatient(source: FhirSource, patientId: string, settings: Settings) {
  let resource: unknown;
  try {
    resource = await getJson(source, `Patient/${encodeURIComponent(patientId)}`, settings);
  } catch (error) {
    const failure = asRequestError(error, false);
    throw new PatientUnreadableError(describeFailure('Patient', failure), failure);
  }
  const facts = isObject(resource) ? patientFacts(resource) : undefined;
  if (!facts) throw new PatientUnreadableError('Patient: the server did not return a readable Patient resource');
  const mismatch = patientMismatch(resource as Json, patientId);
  if (mismatch) throw new PatientUnreadableError(mismatch);
  return facts;
}

const CONTEXT_ENCOUNTER = 'Encounter (launch context)';

/** The launch's Encounter, read by id beside the searches; a failure is a gap on Encounter, never fatal. */
async function readContextEncounter(source: FhirSource, encounterId: string, patientId: string, settings: Settings, report: (p: LoadProgress) => void): Promise<SearchResult> {
  report({ resourceType: CONTEXT_ENCOUNTER, state: 'loading', count: 0 });
  const failed = (gap: string): SearchResult => {
    report({ resourceType: CONTEXT_ENCOUNTER, state: 'failed', count: 0, gap });
    return { resourceType: 'Encounter', resources: [], gaps: [gap], ignored: [] };
  };
  let resource: unknown;
  try {
    resource = await getJson(source, `Encounter/${encodeURIComponent(encounterId)}`, settings);
  } catch (error) {
    return failed(describeFailure(CONTEXT_ENCOUNTER, asRequestError(error, false)));
  }
  if (!isObject(resource) || resource.resourceType !== 'Encounter' || str(resource.id) !== encounterId) {
    return failed(`${CONTEXT_ENCOUNTER}: the server did not return Encounter ${encounterId}`);
  }
  const subject = subjectReference(resource);
  if (subject && !refersToPatient(subject, patientId, new Set())) return failed(`${CONTEXT_ENCOUNTER}: Encounter ${encounterId} belongs to another patient`);
  report({ resourceType: CONTEXT_ENCOUNTER, state: 'done', count: 1 });
  return { resourceType: 'Encounter', resources: [resource], gaps: [], ignored: [] };
}

/**
 * The first pages from one batch, with its deadline (one request carrying them all) and the load's cancellation.
 * ./batch.ts is in the app page's script, not a chunk of its own: fetching it after the token would cost a round trip
 * before the batch could be sent.
 */
function batchRound(source: FhirSource, plan: SearchQuery[], settings: Settings): Array<Promise<unknown>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeoutMs);
  const forward = () => controller.abort();
  settings.signal?.addEventListener('abort', forward, { once: true });
  const pages = batchFirstPages(source, plan.map(searchUrl), controller.signal);
  void Promise.allSettled(pages).then(() => {
    clearTimeout(timer);
    settings.signal?.removeEventListener('abort', forward);
  });
  return pages;
}

/** A resource found by two searches (Condition per category, the context Encounter) is one record. */
function firstSighting(): (resource: Json) => boolean {
  const seen = new Set<string>();
  return (resource) => {
    const id = str(resource.id);
    if (!id) return true;
    const key = `${String(resource.resourceType)}/${id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };
}

/**
 * The session's CapabilityStatement for the write-back (src/fhir/capability.ts): the answer `loadRecord` read with
 * `session`, or, if that read found nothing, read now through `source` (with the session's token, bounded in time).
 */
export function sessionCapabilityOf(source: FhirSource, session: object, timeoutMs = DEFAULTS.timeoutMs): Promise<ServerCapability | undefined> {
  const settings: Settings = { ...DEFAULTS, timeoutMs, asOf: '', sortCheck: new SortCheck([]) };
  return sessionCapability(session, (path) => getJson(source, path, settings));
}

export async function loadRecord(source: FhirSource, options: LoadOptions): Promise<PatientRecord> {
  const settings: Settings = {
    maxPages: options.maxPages ?? DEFAULTS.maxPages,
    maxResources: options.maxResources ?? DEFAULTS.maxResources,
    timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
    maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
    maxRetryWaitMs: options.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs,
    ...(options.signal ? { signal: options.signal } : {}),
    asOf: options.asOf ?? localCalendarDay(new Date()),
    sortCheck: new SortCheck([]),
  };
  const report = options.onProgress ?? (() => {});
  // One round: the Patient read and every search start together; the id is known from the launch context.
  report({ resourceType: 'Patient', state: 'loading', count: 0 });
  const patientPromise = readPatient(source, options.patientId, settings).then((facts) => {
    // Shown as read at once: a slow search must not make the Patient line look pending.
    report({ resourceType: 'Patient', state: 'done', count: 1 });
    return facts;
  });
  const planOf = (searchSupport: SearchSupport | undefined) => searchPlan(options.patientId, options.extraParams, {
    ...(options.conditionCategories ? { conditionCategories: options.conditionCategories } : {}),
    observationPlan: options.observationPlan ?? 'latest',
    asOf: settings.asOf,
    ...(searchSupport ? { searchSupport } : {}),
  });
  const plan = planOf(options.searchSupport);
  // The CapabilityStatement, in the same round as the searches: what they depend on is checked, not asked first.
  const getCapability = (path: string) => getJson(source, path, settings);
  const capability = !options.searchSupport ? Promise.resolve(undefined)
    : options.session ? sessionCapability(options.session, getCapability) : readCapability(getCapability);
  settings.sortCheck = new SortCheck(plan.flatMap((q) => (q.newest?.canary ? [searchUrl(q)] : [])));
  const progressOf = sharedProgressLines(report);
  const firstPages = new Map<number, { sofar: SearchResult; more: boolean }>();
  let whole = false;
  const firstPageOf = (i: number): FirstPage => (sofar, more) => {
    if (firstPages.has(i)) return;
    firstPages.set(i, { sofar, more });
    if (firstPages.size < plan.length + (options.contextEncounterId ? 1 : 0) || !options.onFirstRound) return;
    const pages = [...firstPages.values()];
    if (!pages.some((p) => p.more)) return;
    // Shown only while the rest is read: a patient that cannot be read, or a whole record already in, shows nothing.
    void patientPromise.then((facts) => {
      if (whole) return;
      const stillReading = [...new Set(pages.filter((p) => p.more).map((p) => p.sofar.resourceType))];
      options.onFirstRound!(assemble(facts, pages.map((p) => p.sofar), options, stillReading));
    }, () => {});
  };
  const batched = options.batch ? batchRound(source, plan, settings) : [];
  const searches = plan.map((q, i) => namedSearch(source, q, options.patientId, settings, progressOf(i), firstPageOf(i), batched[i]));
  if (options.contextEncounterId) {
    const contextFirstPage = firstPageOf(plan.length);
    searches.push(readContextEncounter(source, options.contextEncounterId, options.patientId, settings, report).then((result) => (contextFirstPage(result, false), result)));
  }
  const [patientOutcome, ...results] = await Promise.allSettled([patientPromise, ...searches]);
  whole = true;
  if (patientOutcome!.status === 'rejected') {
    report({ resourceType: 'Patient', state: 'failed', count: 0, gap: (patientOutcome!.reason as Error).message });
    throw patientOutcome!.reason;
  }
  const all = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const checked = options.searchSupport ? checkSupport(options.searchSupport, plan, await capability) : { gaps: [], readLimits: [] };
  if (checked.fallback) {
    // A parameter the configuration promised and the server does not list: read again with the safe fallback
    // (a second round, only then); what the first searches returned is kept (de-duplicated by id).
    const asked = new Set(plan.map(searchUrl));
    const again = planOf({ ...options.searchSupport, componentSearch: checked.fallback }).filter((q) => !asked.has(searchUrl(q)));
    const reread = await Promise.allSettled(again.map((q, i) => namedSearch(source, q, options.patientId, settings, progressOf(plan.length + 1 + i), () => {})));
    all.push(...reread.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
  }
  const record = assemble(patientOutcome!.value, all, options, [], checked);
  return record;
}

interface SupportCheck {
  gaps: string[];
  readLimits: ReadLimit[];
  /** The component search to read again with, when the configured one is not offered. */
  fallback?: ComponentSearch;
}

/**
 * The configuration's promises against the CapabilityStatement (§0 Reading through a server, v3): a search
 * parameter it does not list (or a statement that cannot be read) is a named gap and the safe fallback, never a
 * silent miss. `category` is US Core's own Observation search and is trusted when the statement cannot be read.
 */
function checkSupport(support: SearchSupport, plan: SearchQuery[], capability: ServerCapability | undefined): SupportCheck {
  const { componentSearch, conditionStatusDefault } = { ...DEFAULT_SEARCH_SUPPORT, ...support };
  const gaps: string[] = [];
  const readLimits: ReadLimit[] = [];
  const observation = capability?.searchParams('Observation');
  const condition = capability?.searchParams('Condition');
  const unread = !capability;
  const why = (param: string) => (unread ? `the server's CapabilityStatement could not be read to confirm ${param}` : `the server's CapabilityStatement does not list ${param}, which smart-config.json says it supports`);
  let fallback: ComponentSearch | undefined;
  const used = new Set(plan.flatMap((q) => (q.needs ? [`${q.needs.type}.${q.needs.param}`] : [])));
  if (componentSearch === 'none') readLimits.push('panel-components');
  else if (used.has(`Observation.${componentSearch}`) && !observation?.has(componentSearch) && !(unread && componentSearch === 'category')) {
    fallback = observation?.has('combo-code') ? 'combo-code' : observation?.has('component-code') ? 'component-code' : unread || observation?.has('category') ? 'category' : 'none';
    if (fallback === componentSearch) fallback = undefined;
    const then = fallback && fallback !== 'none' ? `read again with ${fallback === 'category' ? 'the vital-signs and survey categories' : fallback}` : 'pain scores and vital signs recorded inside panels may not have been read';
    gaps.push(`Observation: ${why(componentSearch)}; ${then}`);
    if (!fallback || fallback === 'none') {
      readLimits.push('panel-components');
      fallback = undefined;
    }
  }
  if (conditionStatusDefault === 'active' && used.has('Condition.clinical-status') && !condition?.has('clinical-status')) {
    gaps.push(`Condition: ${why('clinical-status')}; Conditions that are not active may not have been read`);
    readLimits.push('inactive-conditions');
  }
  return { gaps, readLimits, ...(fallback ? { fallback } : {}) };
}

/** The record from the searches' results; types still being read count as incomplete (`stillReading`). */
function assemble(facts: NonNullable<ReturnType<typeof patientFacts>>, all: SearchResult[], options: LoadOptions, stillReading: string[], checked?: Pick<SupportCheck, 'gaps' | 'readLimits'>): PatientRecord {
  const record = emptyRecord(facts);
  if (checked) {
    record.dataGaps.push(...checked.gaps);
    if (checked.readLimits.length > 0) record.readLimits = [...new Set(checked.readLimits)];
  }
  // The plan's own limits, known before any answer: no way to search panel components at all.
  if ((options.searchSupport?.componentSearch ?? DEFAULT_SEARCH_SUPPORT.componentSearch) === 'none' && !record.readLimits?.includes('panel-components')) {
    record.readLimits = [...(record.readLimits ?? []), 'panel-components'];
  }
  const medications = new Map<string, Json>();
  for (const { resources } of all) {
    for (const resource of resources) {
      if (resource.resourceType === 'Medication' && rawString(resource.id)) medications.set(`Medication/${resource.id}`, resource);
    }
  }
  const resolve = (reference: string, container: Json) =>
    containedResource(reference, container) ?? medications.get(reference.replace(/^.*\/(Medication\/[^/]+)$/, '$1'));
  record.dataGaps.push(...(options.accessGaps?.dataGaps ?? []));
  record.incompleteTypes.push(...(options.accessGaps?.incompleteTypes ?? []), ...stillReading);
  if (stillReading.length > 0) record.stillReading = stillReading;
  const isNew = firstSighting();
  for (const { resourceType, resources, gaps, ignored } of all) {
    record.dataGaps.push(...gaps, ...ignored);
    if (gaps.length > 0) record.incompleteTypes.push(resourceType);
    for (const resource of resources) if (resource.resourceType !== 'Medication' && isNew(resource)) addResource(record, resource, resolve);
  }
  record.incompleteTypes = [...new Set(record.incompleteTypes)];
  record.dataGaps = [...new Set(record.dataGaps)];
  if (options.contextEncounterId && record.encounters.some((e) => e.id === options.contextEncounterId)) record.contextEncounterId = options.contextEncounterId;
  // Indexed while the panel waits for the data anyway: the first evaluation then reads the index.
  return indexRecord(record);
}

