// The first page of every search in one FHIR `batch` (issue 22 item 3): one POST and one CORS preflight instead of
// thirty of each on HTTP/1.1, where the EHR answers batch (opt-in per EHR entry, `searchBatch`: on for the local sandbox). Each search still reads
// its later pages, its fallback and its checks exactly as alone (./loader.ts): the batch only replaces first GETs.
// Never a gap of its own: a batch the server refuses or answers in a shape that cannot be matched to the searches,
// and an entry it answers 401/429/503 or without a resource, are read again with their own GETs.
import { isObject, objects, rawString } from './narrow';
import { describeStatus, FhirRequestError, operationOutcomeText, type FhirSource } from './source';

/** This search's first page was not answered usably in the batch: read it with its own GET. */
export class BatchUnusable extends Error {
  override name = 'BatchUnusable';
}

/** What a GET answered with this status would have thrown (the entry's outcome, if any, as its text). */
function entryFailure(status: number, entry: Record<string, unknown>): FhirRequestError {
  const response = isObject(entry.response) ? entry.response : {};
  const outcome = operationOutcomeText(response.outcome) ?? operationOutcomeText(entry.resource);
  return new FhirRequestError('http', describeStatus(status), status, outcome);
}

/**
 * One promise per URL, in order: the entry's resource (what the GET would have returned), a FhirRequestError (what the
 * GET would have thrown), or BatchUnusable (read it with a GET).
 */
export function batchFirstPages(source: FhirSource, urls: readonly string[], signal: AbortSignal): Array<Promise<unknown>> {
  const post = source.post;
  if (!post || urls.length === 0) return urls.map(() => Promise.reject(new BatchUnusable('no batch')));
  const bundle = { resourceType: 'Bundle', type: 'batch', entry: urls.map((url) => ({ request: { method: 'GET', url } })) };
  const answered = post.call(source, '', bundle, signal).then((answer) => {
    if (!isObject(answer) || answer.resourceType !== 'Bundle' || answer.type !== 'batch-response') throw new BatchUnusable('not a batch-response');
    const entries = objects(answer.entry);
    // Entries answer requests by position (FHIR batch); a count that differs cannot be matched safely.
    if (entries.length !== urls.length || (Array.isArray(answer.entry) && answer.entry.length !== urls.length)) throw new BatchUnusable('entries do not match');
    return entries;
  }, () => {
    throw new BatchUnusable('batch refused');
  });
  const pages = urls.map((_, i) => answered.then((entries) => {
    const entry = entries[i]!;
    const status = Number(/^\s*(\d{3})/.exec(rawString(isObject(entry.response) ? entry.response.status : undefined) ?? '')?.[1]);
    // Throttled, unavailable, or a token that expired meanwhile: its own GET retries and renews as every read does.
    if (!Number.isFinite(status) || status === 401 || status === 429 || status === 503) throw new BatchUnusable('entry to be read again');
    if (status < 200 || status > 299) throw entryFailure(status, entry);
    if (!isObject(entry.resource)) throw new BatchUnusable('entry without a resource');
    return entry.resource;
  }));
  // Each page is awaited by its search; one left unread must not surface as an unhandled rejection.
  for (const page of pages) page.catch(() => {});
  return pages;
}
