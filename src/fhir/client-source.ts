// A fhirclient Client as a FhirSource: its bearer token, renewed once per expiry for the whole parallel round
// (./token-renewal.ts); paging and error handling stay in the loader so the app and the command line behave the same.
import type Client from 'fhirclient/lib/Client';
import { tokenRenewal } from './token-renewal';
import { FhirRequestError, describeStatus, operationOutcomeText, parseRetryAfter, type FhirSource } from './source';
import { withoutTrailingSlashes } from './base-url';

interface HttpErrorLike {
  status?: number;
  message?: string;
  name?: string;
  response?: { type?: string; headers?: { get(name: string): string | null } };
}

/**
 * fhirclient's HttpError has already read the body into its message: recover the OperationOutcome from it.
 * The JSON sits between the first "{" and the last "}" (on a 401 fhirclient appends a sentence after it).
 */
function outcomeFromMessage(message: string | undefined): string | undefined {
  if (!message) return undefined;
  const start = message.indexOf('{');
  const end = message.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    return operationOutcomeText(JSON.parse(message.slice(start, end + 1)));
  } catch {
    return undefined;
  }
}

export function isSessionExpired(error: unknown): boolean {
  return error instanceof FhirRequestError && error.status === 401;
}

export function toRequestError(error: unknown, signal: AbortSignal): FhirRequestError {
  if (error instanceof FhirRequestError) return error;
  const e = (error ?? {}) as HttpErrorLike;
  if (signal.aborted || e.name === 'AbortError') return new FhirRequestError('timeout', 'no answer in time');
  if (isRedirect(e)) return new FhirRequestError('http', 'the server answered with a redirect, not followed', e.status || undefined);
  if (typeof e.status === 'number' && e.status > 0) {
    return new FhirRequestError('http', describeStatus(e.status), e.status, outcomeFromMessage(e.message), parseRetryAfter(e.response?.headers?.get('retry-after')));
  }
  if (e.name === 'SyntaxError') return new FhirRequestError('invalid-body', 'the server sent a body that is not JSON');
  return new FhirRequestError('network', 'the FHIR server could not be reached');
}

/**
 * Requests are sent with `redirect: 'manual'`: a browser then hands back an opaque redirect (status 0), Node the 3xx
 * itself. Either way the redirect is not followed, so the token never goes to another origin, nor its data into the record.
 */
function isRedirect(e: HttpErrorLike): boolean {
  return e.response?.type === 'opaqueredirect' || (typeof e.status === 'number' && e.status >= 300 && e.status < 400);
}

/**
 * Renewals one read may wait for. One when tokens outlive the round (every real EHR); more only with tokens that
 * expire again while the server works through it (the sandbox's 1-second tokens), each one shared by the round.
 */
const MAX_RENEWALS_PER_READ = 10;

export function clientSource(client: Client): FhirSource {
  const baseUrl = withoutTrailingSlashes(client.state.serverUrl);
  const tokens = tokenRenewal(client);
  // fhirRequest (fhirclient's base class) sends exactly one request: no renewal of its own, no session wiped on a
  // 401, no paging (the loader follows `next` itself, bounded, same origin only). Renewal is ./token-renewal.ts.
  const send = (url: string, signal: AbortSignal, token: string | undefined, post?: string): Promise<unknown> =>
    client.fhirRequest(url, {
      signal,
      redirect: 'manual',
      headers: { accept: 'application/fhir+json', ...(post !== undefined ? { 'content-type': 'application/fhir+json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(post !== undefined ? { method: 'POST', body: post } : {}),
    });
  return {
    baseUrl,
    get: (url, signal) => renewing(url, signal),
    // A batch (src/fhir/batch.ts): POSTed to the base itself, renewed on a 401 as every read is.
    post: (url, body, signal) => renewing(url || baseUrl, signal, JSON.stringify(body)),
  };

  async function renewing(url: string, signal: AbortSignal, post?: string): Promise<unknown> {
    let token = tokens.current();
    for (let renewals = 0; ; renewals++) {
      let body: unknown;
      try {
        body = await send(url, signal, token, post);
      } catch (error) {
        const failure = toRequestError(error, signal);
        // A 401 (the token expired, or a rotation revoked it): one renewal shared by the round, then this read
        // again. Again after that only while the 401s are expiries (a token that outlived its life, or one
        // replaced meanwhile), bounded; the loader's deadline bounds the whole read too.
        if (failure.status !== 401 || signal.aborted || renewals >= MAX_RENEWALS_PER_READ || (renewals > 0 && !tokens.expired(token))) throw failure;
        const couldRenew = tokens.possible();
        const renewed = await tokens.renewAfter(token);
        if (!renewed) throw couldRenew ? new FhirRequestError('http', failure.message, 401, 'the EHR refused to renew access') : failure;
        token = renewed;
        continue;
      }
      if (typeof body === 'string' || body === undefined || body === null) {
        throw new FhirRequestError('invalid-body', 'the server sent a body that is not JSON');
      }
      return body;
    }
  }
}
