// The one thing the loader needs from a FHIR server: GET a URL, get JSON back. Two implementations:
// a fhirclient Client in the app (auth, refresh) and plain fetch for the command line.
import { bounded, isObject, objects, plainText, str } from './narrow';
import { withoutTrailingSlashes } from './base-url';

export interface FhirSource {
  /** The FHIR base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** GET a URL relative to the base (or absolute, for `next` links) and parse the JSON body. Throws FhirRequestError. */
  get(url: string, signal: AbortSignal): Promise<unknown>;
  /**
   * POST a FHIR resource (a `batch` Bundle) to a URL relative to the base (`''`: the base itself) and parse the JSON
   * answer. Throws FhirRequestError. Optional: a source without it is read with GETs only.
   */
  post?(url: string, body: unknown, signal: AbortSignal): Promise<unknown>;
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

export interface FetchSourceOptions {
  headers?: Record<string, string>;
  /** A response body larger than this fails its request, unread. Default 200 MB. */
  maxResponseBytes?: number;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 200 * 1024 * 1024;
/** Same-origin redirects followed per request; a redirect to another origin is never followed. */
const MAX_REDIRECTS = 5;

export function formatSize(bytes: number): string {
  const mb = 1024 * 1024;
  return bytes >= mb ? `${Math.round(bytes / mb).toLocaleString('en-US')} MB` : `${bytes.toLocaleString('en-US')} bytes`;
}

/** "text/html; charset=utf-8, starting "<!doctype html><html><he…"": what a body that is not JSON was. */
export function describeNonJson(contentType: string | null, body: string): string {
  const type = contentType ? plainText(contentType).slice(0, 80) : 'no content type';
  const start = body.trim() ? `, starting "${bounded(plainText(body.trimStart()), 40)}"` : ', empty';
  return `the server sent a body that is not JSON (${type}${start})`;
}

/** The body as text, refusing one larger than `max` bytes without reading the rest. */
async function boundedBody(response: Response, max: number, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () => new FhirRequestError('invalid-body', `the server sent more than ${formatSize(max)} in one answer`);
  if (Number.isFinite(declared) && declared > max) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      if (signal.aborted) throw new FhirRequestError('timeout', 'no answer in time');
      throw new FhirRequestError('network', `the answer was cut off (${(error as Error).message.split('\n')[0]})`);
    }
    if (chunk.done) break;
    received += chunk.value.byteLength;
    if (received > max) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    parts.push(decoder.decode(chunk.value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}

/** fetch-based source for open servers (command line, benchmarks). Redirects are followed only within the server's origin. */
export function fetchSource(baseUrl: string, init: FetchSourceOptions = {}): FhirSource {
  const base = withoutTrailingSlashes(baseUrl);
  const origin = new URL(base).origin;
  const maxBytes = init.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  async function send(url: string, signal: AbortSignal, body?: string): Promise<Response> {
    try {
      return await fetch(url, {
        headers: { accept: 'application/fhir+json', ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}), ...init.headers },
        signal,
        redirect: 'manual',
        ...(body !== undefined ? { method: 'POST', body } : {}),
      });
    } catch (error) {
      if (signal.aborted) throw new FhirRequestError('timeout', 'no answer in time');
      throw new FhirRequestError('network', `cannot reach ${new URL(url).origin} (${(error as Error).cause ? String((error as { cause: { code?: string } }).cause.code ?? 'network error') : 'network error'})`);
    }
  }

  return {
    baseUrl: base,
    async get(url, signal) {
      let absolute = /^https?:\/\//i.test(url) ? url : `${base}/${url.replace(/^\//, '')}`;
      let response = await send(absolute, signal);
      for (let hops = 0; response.status >= 300 && response.status < 400 && response.headers.has('location'); hops++) {
        void response.body?.cancel().catch(() => {});
        let target: URL;
        try {
          target = new URL(response.headers.get('location')!, absolute);
        } catch {
          throw new FhirRequestError('http', 'the server redirected to an address that is not a URL', response.status);
        }
        if (target.origin !== origin) {
          throw new FhirRequestError('http', `the server redirected to another server (${plainText(target.origin).slice(0, 100)}), not followed`, response.status);
        }
        if (hops >= MAX_REDIRECTS) throw new FhirRequestError('http', 'the server redirected too many times', response.status);
        absolute = target.href;
        response = await send(absolute, signal);
      }
      return answer(response, signal);
    },
    async post(url, resource, signal) {
      const absolute = url ? `${base}/${url.replace(/^\//, '')}` : base;
      const response = await send(absolute, signal, JSON.stringify(resource));
      if (response.status >= 300 && response.status < 400) {
        void response.body?.cancel().catch(() => {});
        throw new FhirRequestError('http', 'the server answered with a redirect, not followed', response.status);
      }
      return answer(response, signal);
    },
  };

  /** The JSON of an answer, or the FhirRequestError it is. */
  async function answer(response: Response, signal: AbortSignal): Promise<unknown> {
    const body = response.ok ? await boundedBody(response, maxBytes, signal) : await boundedBody(response, 1024 * 1024, signal).catch(() => '');
    let json: unknown;
    try {
      json = body ? JSON.parse(body.replace(/^\uFEFF/, '')) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const outcome = operationOutcomeText(json);
      throw new FhirRequestError('http', describeStatus(response.status), response.status, outcome, parseRetryAfter(response.headers.get('retry-after')));
    }
    if (json === undefined) throw new FhirRequestError('invalid-body', describeNonJson(response.headers.get('content-type'), body));
    return json;
  }
}
