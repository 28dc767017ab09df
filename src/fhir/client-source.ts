// A fhirclient Client as a FhirSource: fhirclient adds the bearer token and refreshes it; we keep paging
// and error handling in the loader so the app and the command line behave the same.
import type Client from 'fhirclient/lib/Client';
import { FhirRequestError, describeStatus, operationOutcomeText, parseRetryAfter, type FhirSource } from './source';

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

/** fhirclient renews the token inside request(): a refusal from the token endpoint means the session is over. */
function refreshRefused(error: unknown, tokenUri: string | undefined): boolean {
  const url = (error as { response?: { url?: string } } | undefined)?.response?.url;
  return !!tokenUri && !!url && url.split('?')[0] === tokenUri;
}

export function clientSource(client: Client): FhirSource {
  const baseUrl = client.state.serverUrl.replace(/\/+$/, '');
  return {
    baseUrl,
    async get(url, signal) {
      try {
        // pageLimit 1: one page per call; the loader follows `next` itself (bounded, same origin only).
        const body: unknown = await client.request({ url, signal, redirect: 'manual', headers: { accept: 'application/fhir+json' } }, { pageLimit: 1 });
        if (typeof body === 'string' || body === undefined || body === null) {
          throw new FhirRequestError('invalid-body', 'the server sent a body that is not JSON');
        }
        return body;
      } catch (error) {
        if (refreshRefused(error, client.state.tokenUri)) {
          throw new FhirRequestError('http', 'not authorized (session expired?)', 401, 'the EHR refused to renew access');
        }
        throw toRequestError(error, signal);
      }
    },
  };
}
