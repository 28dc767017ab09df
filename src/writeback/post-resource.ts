// One create, as the preview showed it: POST with the access token in the header only, a deadline, and every failure
// turned into words that say what is true. A retry must not double a write whose answer was lost: the create is
// conditional (If-None-Exist on the resource's client-generated identifier) where the server's CapabilityStatement
// says it supports conditional create, else the caller searches for the identifier first (chart-access.ts).
import type { Bundle, Identifier, OperationOutcome, Resource } from 'fhir/r4';
import { ifNoneExist } from './identifier';
import { withoutTrailingSlashes } from '../fhir/base-url';

export type WriteOutcome =
  | { ok: true; id: string; status: number; lastUpdated?: string }
  /**
   * `mayHaveSaved`: the EHR failed (5xx) or did not answer in time, so the write may be in the chart; `retry`: whether
   * a Retry is offered (never after a refusal such as 403, where the same request would be refused again).
   */
  | { ok: false; status?: number; message: string; mayHaveSaved?: boolean; retry?: boolean };

export interface PostTarget {
  /** FHIR base URL, no trailing slash needed. */
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

export interface CreateOptions {
  /** Send If-None-Exist: only where the CapabilityStatement says the server supports conditional create. */
  conditional: boolean;
  /** A Retry cannot double the write (conditional create, or a search for the identifier before each create). */
  duplicateSafe: boolean;
}

const RETRY_WORDS = (safe: boolean) => (safe ? 'Retry will not duplicate it.' : 'Check the chart before a Retry: it could save a second copy.');

const STATUS_WORDS: Record<number, string> = {
  401: 'the session has ended: relaunch the app from the chart',
  403: 'the EHR does not allow this write. Nothing was saved; a Retry would be refused too: use Copy note and paste it in the EHR',
  409: 'conflict with what the chart holds',
  412: 'the EHR found more than one matching resource',
  422: 'the EHR rejected the content',
};

function outcomeText(body: unknown): string | undefined {
  const outcome = body as OperationOutcome | undefined;
  if (outcome?.resourceType !== 'OperationOutcome' || !Array.isArray(outcome.issue)) return undefined;
  const lines = outcome.issue.map((i) => i.details?.text ?? i.diagnostics ?? i.code).filter((t): t is string => typeof t === 'string' && t.length > 0);
  return lines.length ? [...new Set(lines)].slice(0, 5).join('; ').slice(0, 600) : undefined;
}

async function failure(res: Response, options: CreateOptions): Promise<WriteOutcome> {
  const body: unknown = await res.json().catch(() => undefined);
  const server = outcomeText(body);
  const serverSays = server ? ` The EHR says: ${server}` : '';
  if (res.status >= 500) {
    return { ok: false, status: res.status, mayHaveSaved: true, retry: true, message: `HTTP ${res.status}: the EHR failed while saving; it may have been saved. ${RETRY_WORDS(options.duplicateSafe)}${serverSays}` };
  }
  const words = STATUS_WORDS[res.status] ?? 'the EHR refused the write';
  const retry = res.status !== 403 && res.status !== 401;
  return { ok: false, status: res.status, retry, message: `HTTP ${res.status}: ${words}.${serverSays}` };
}

export async function postResource(target: PostTarget, resource: Resource, identifier: Identifier, options: CreateOptions = { conditional: true, duplicateSafe: true }): Promise<WriteOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  try {
    const res = await (target.fetch ?? fetch)(`${withoutTrailingSlashes(target.baseUrl)}/${resource.resourceType}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${target.accessToken}`,
        'Content-Type': 'application/fhir+json',
        Accept: 'application/fhir+json',
        ...(options.conditional ? { 'If-None-Exist': ifNoneExist(identifier) } : {}),
      },
      body: JSON.stringify(resource),
      signal: controller.signal,
      credentials: 'omit',
    });
    if (!res.ok) return await failure(res, options);
    const stored = (await res.json().catch(() => undefined)) as Resource | undefined;
    const id = stored?.id ?? /\/([^/]+)\/_history\//.exec(res.headers.get('Location') ?? '')?.[1] ?? /\/([^/]+)$/.exec(res.headers.get('Location') ?? '')?.[1];
    if (!id) return { ok: false, status: res.status, mayHaveSaved: true, retry: true, message: `HTTP ${res.status}: the EHR accepted the write but did not say where it is. ${RETRY_WORDS(options.duplicateSafe)}` };
    return { ok: true, id, status: res.status, ...(stored?.meta?.lastUpdated ? { lastUpdated: stored.meta.lastUpdated } : {}) };
  } catch (error) {
    if (controller.signal.aborted) {
      return { ok: false, mayHaveSaved: true, retry: true, message: `No answer from the EHR within ${Math.round(target.timeoutMs / 1000)} s: it may have been saved. ${RETRY_WORDS(options.duplicateSafe)}` };
    }
    return { ok: false, retry: true, message: `The EHR could not be reached (${error instanceof Error ? error.message : 'network error'}): nothing was saved.` };
  } finally {
    clearTimeout(timer);
  }
}

/** The id of a resource of this type already carrying the identifier (search-then-create), or undefined. */
export async function findByIdentifier(target: PostTarget, resourceType: string, identifier: Identifier): Promise<string | undefined | 'unknown'> {
  const { bundle } = await searchBundle(target, `${resourceType}?${ifNoneExist(identifier)}`);
  if (!bundle) return 'unknown';
  const match = (bundle.entry ?? []).map((e) => e.resource).find((r) => r?.resourceType === resourceType
    && ((r as { identifier?: Identifier | Identifier[] }).identifier !== undefined)
    && [((r as { identifier?: Identifier | Identifier[] }).identifier)].flat().some((i) => i?.system === identifier.system && i?.value === identifier.value));
  return match?.id;
}

/**
 * One search (GET), for resuming: the Bundle, or undefined on any failure (resuming is an offer, not a need), with the
 * HTTP status when the server answered (a 401 lets the caller renew the token and ask once more).
 */
export async function searchBundle(target: PostTarget, pathAndQuery: string): Promise<{ bundle?: Bundle; status?: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  try {
    const res = await (target.fetch ?? fetch)(`${withoutTrailingSlashes(target.baseUrl)}/${pathAndQuery}`, {
      headers: { Authorization: `Bearer ${target.accessToken}`, Accept: 'application/fhir+json' },
      signal: controller.signal,
      credentials: 'omit',
    });
    if (!res.ok) return { status: res.status };
    const body = (await res.json()) as Bundle;
    return body?.resourceType === 'Bundle' ? { bundle: body, status: res.status } : { status: res.status };
  } catch {
    return {};
  } finally {
    clearTimeout(timer);
  }
}
