// The one thing the loader needs from a FHIR server: GET a URL, get JSON back. Two implementations:
// a fhirclient Client in the app (auth, refresh) and plain fetch for the command line.
import { isObject, objects, str } from './narrow';

export interface FhirSource {
  /** The FHIR base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** GET a URL relative to the base (or absolute, for `next` links) and parse the JSON body. Throws FhirRequestError. */
  get(url: string, signal: AbortSignal): Promise<unknown>;
}

export type FailureKind = 'http' | 'network' | 'timeout' | 'invalid-body';

/** A failed FHIR request, in words a clinician or an integrator can act on. */
export class FhirRequestError extends Error {
  override name = 'FhirRequestError';
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** OperationOutcome diagnostics or details, when the server sent one. */
    readonly outcome?: string,
    /** Seconds, from a Retry-After header. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** The readable text of an OperationOutcome: diagnostics or details.text of each issue. */
export function operationOutcomeText(body: unknown): string | undefined {
  if (!isObject(body) || body.resourceType !== 'OperationOutcome') return undefined;
  const texts = objects(body.issue)
    .map((issue) => str(issue.diagnostics) ?? str((issue.details as Record<string, unknown> | undefined)?.text) ?? str(issue.code))
    .filter((t): t is string => !!t);
  return texts.length ? texts.join('; ').slice(0, 300) : undefined;
}

export function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  return undefined;
}

const STATUS_WORDS: Record<number, string> = {
  400: 'bad request',
  401: 'not authorized (session expired?)',
  403: 'access denied',
  404: 'not found',
  410: 'gone',
  429: 'too many requests',
  500: 'server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

export function describeStatus(status: number): string {
  return STATUS_WORDS[status] ?? (status >= 500 ? 'server error' : 'request refused');
}

/** fetch-based source for open servers (command line, benchmarks). */
export function fetchSource(baseUrl: string, init: { headers?: Record<string, string> } = {}): FhirSource {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    baseUrl: base,
    async get(url, signal) {
      const absolute = /^https?:\/\//i.test(url) ? url : `${base}/${url.replace(/^\//, '')}`;
      let response: Response;
      try {
        response = await fetch(absolute, { headers: { accept: 'application/fhir+json', ...init.headers }, signal });
      } catch (error) {
        if (signal.aborted) throw new FhirRequestError('timeout', 'no answer in time');
        throw new FhirRequestError('network', `cannot reach ${new URL(absolute).origin} (${(error as Error).cause ? String((error as { cause: { code?: string } }).cause.code ?? 'network error') : 'network error'})`);
      }
      const body = await response.text().catch(() => '');
      let json: unknown;
      try {
        json = body ? JSON.parse(body) : undefined;
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        const outcome = operationOutcomeText(json);
        throw new FhirRequestError('http', describeStatus(response.status), response.status, outcome, parseRetryAfter(response.headers.get('retry-after')));
      }
      if (json === undefined) throw new FhirRequestError('invalid-body', 'the server sent a body that is not JSON');
      return json;
    },
  };
}
