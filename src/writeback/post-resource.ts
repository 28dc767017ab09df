// One create, as the preview showed it: POST with the access token in the header only, If-None-Exist on the
// resource's client-generated identifier (a retry after a lost answer finds the first write instead of doubling
// it), a deadline, and every failure turned into the server's own words.
import type { Bundle, Identifier, OperationOutcome, Resource } from 'fhir/r4';
import { ifNoneExist } from './identifier';

export type WriteOutcome =
  | { ok: true; id: string; status: number; lastUpdated?: string }
  | { ok: false; status?: number; message: string };

export interface PostTarget {
  /** FHIR base URL, no trailing slash needed. */
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const STATUS_WORDS: Record<number, string> = {
  401: 'the session has ended: relaunch the app from the chart',
  403: 'the EHR does not allow this write',
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

async function failure(res: Response): Promise<WriteOutcome> {
  const body: unknown = await res.json().catch(() => undefined);
  const server = outcomeText(body);
  const words = STATUS_WORDS[res.status] ?? (res.status >= 500 ? 'the EHR failed' : 'the EHR refused the write');
  return { ok: false, status: res.status, message: `HTTP ${res.status}: ${words}${server ? `. The EHR says: ${server}` : ''}` };
}

export async function postResource(target: PostTarget, resource: Resource, identifier: Identifier): Promise<WriteOutcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  try {
    const res = await (target.fetch ?? fetch)(`${target.baseUrl.replace(/\/+$/, '')}/${resource.resourceType}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${target.accessToken}`,
        'Content-Type': 'application/fhir+json',
        Accept: 'application/fhir+json',
        'If-None-Exist': ifNoneExist(identifier),
      },
      body: JSON.stringify(resource),
      signal: controller.signal,
      credentials: 'omit',
    });
    if (!res.ok) return await failure(res);
    const stored = (await res.json().catch(() => undefined)) as Resource | undefined;
    const id = stored?.id ?? /\/([^/]+)\/_history\//.exec(res.headers.get('Location') ?? '')?.[1] ?? /\/([^/]+)$/.exec(res.headers.get('Location') ?? '')?.[1];
    if (!id) return { ok: false, status: res.status, message: `HTTP ${res.status}: the EHR accepted the write but did not say where it is` };
    return { ok: true, id, status: res.status, ...(stored?.meta?.lastUpdated ? { lastUpdated: stored.meta.lastUpdated } : {}) };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, message: `No answer from the EHR within ${Math.round(target.timeoutMs / 1000)} s: it may or may not have saved. Retry is safe (it cannot create a second copy).` };
    return { ok: false, message: `The EHR could not be reached (${error instanceof Error ? error.message : 'network error'})` };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One search (GET), for resuming: the Bundle, or undefined on any failure (resuming is an offer, not a need), with the
 * HTTP status when the server answered (a 401 lets the caller renew the token and ask once more).
 */
export async function searchBundle(target: PostTarget, pathAndQuery: string): Promise<{ bundle?: Bundle; status?: number }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), target.timeoutMs);
  try {
    const res = await (target.fetch ?? fetch)(`${target.baseUrl.replace(/\/+$/, '')}/${pathAndQuery}`, {
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
