// The Bulk Data async pattern, client side: kick-off (202 + Content-Location), polling that honours Retry-After,
// X-Progress and 429, the manifest, NDJSON downloads with the token when the manifest says so, and DELETE to cancel.
// Transient failures (429, a 5xx whose OperationOutcome says `transient`) are retried a bounded number of times;
// anything else stops with a WorklistError naming the server's own words.
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BackendToken } from './backend-auth';
import { WorklistError } from './errors';

export interface ManifestFile {
  type: string;
  url: string;
  count?: number;
}

export interface Manifest {
  transactionTime?: string;
  requiresAccessToken: boolean;
  output: ManifestFile[];
  error: ManifestFile[];
}

export interface KickOffRequest {
  /** Group/ID/$export or Patient/$export, relative to the FHIR base. */
  path: string;
  types: readonly string[];
  since?: string;
  typeFilters?: readonly string[];
  /** Patients for the `patient` parameter (POST); absent: the whole group or population (GET). */
  patients?: readonly string[];
}

export interface BulkClientOptions {
  fhirBase: string;
  token: BackendToken;
  signal: AbortSignal;
  progress: (line: string) => void;
  maxWaitMs: number;
}

const MAX_RETRIES = 8;
const DEFAULT_WAIT_S = 2;
const MAX_WAIT_S = 120;

/** Thrown when the server refuses the `patient` parameter, so the caller can export the group and filter locally. */
export class PatientParameterRefused extends Error {}

/** A file that could not be downloaded: a gap for its type, not the end of the run. */
export class DownloadFailed extends Error {
  constructor(readonly file: ManifestFile, readonly reason: string) {
    super(reason);
  }
}

/** Seconds to wait from Retry-After (seconds or an HTTP date), bounded; the default when absent. */
export function retryAfterSeconds(header: string | null, fallback = DEFAULT_WAIT_S): number {
  if (header === null || header.trim() === '') return fallback;
  const seconds = Number(header);
  const wait = Number.isFinite(seconds) ? seconds : (Date.parse(header) - Date.now()) / 1000;
  if (!Number.isFinite(wait)) return fallback;
  return Math.min(MAX_WAIT_S, Math.max(0, wait));
}

async function outcomeText(response: Response): Promise<{ text: string; transient: boolean }> {
  const body = await response.text().catch(() => '');
  try {
    const json = JSON.parse(body) as { resourceType?: string; issue?: Array<{ code?: string; diagnostics?: string; details?: { text?: string } }> };
    if (json.resourceType === 'OperationOutcome') {
      const issues = json.issue ?? [];
      const text = issues.map((i) => i.diagnostics ?? i.details?.text ?? i.code).filter(Boolean).join('; ');
      return { text: text || `HTTP ${response.status}`, transient: issues.some((i) => i.code === 'transient') };
    }
  } catch {
    // not JSON: the status says it
  }
  return { text: `HTTP ${response.status}${body ? `: ${body.slice(0, 200).replace(/\s+/g, ' ')}` : ''}`, transient: false };
}

export class BulkClient {
  constructor(private readonly options: BulkClientOptions) {}

  private async request(url: string, init: RequestInit & { accept?: string; authorize?: boolean } = {}): Promise<Response> {
    const send = async (renew: boolean) => {
      const headers = new Headers(init.headers);
      headers.set('Accept', init.accept ?? 'application/fhir+json');
      if (init.authorize !== false) headers.set('Authorization', `Bearer ${await this.options.token.get(renew)}`);
      try {
        return await fetch(url, { ...init, headers, signal: this.options.signal });
      } catch (error) {
        if (this.options.signal.aborted) throw error;
        throw new WorklistError(`cannot reach ${new URL(url).origin}: ${(error as Error).message}`);
      }
    };
    const first = await send(false);
    // An expired token: one new token, one more try.
    if (first.status === 401 && init.authorize !== false) {
      await first.body?.cancel();
      return send(true);
    }
    return first;
  }

  /** Kicks off an export; returns the status URL. */
  async kickOff(kick: KickOffRequest): Promise<string> {
    const url = new URL(`${this.options.fhirBase}/${kick.path}`);
    let init: RequestInit;
    if (kick.patients) {
      const parameter: Array<Record<string, unknown>> = [
        { name: '_outputFormat', valueString: 'application/fhir+ndjson' },
        { name: '_type', valueString: kick.types.join(',') },
        ...(kick.since ? [{ name: '_since', valueInstant: kick.since }] : []),
        ...(kick.typeFilters ?? []).map((f) => ({ name: '_typeFilter', valueString: f })),
        ...kick.patients.map((id) => ({ name: 'patient', valueReference: { reference: `Patient/${id}` } })),
      ];
      init = { method: 'POST', headers: { Prefer: 'respond-async', 'Content-Type': 'application/fhir+json' }, body: JSON.stringify({ resourceType: 'Parameters', parameter }) };
    } else {
      url.searchParams.set('_outputFormat', 'application/fhir+ndjson');
      url.searchParams.set('_type', kick.types.join(','));
      if (kick.since) url.searchParams.set('_since', kick.since);
      for (const f of kick.typeFilters ?? []) url.searchParams.append('_typeFilter', f);
      init = { method: 'GET', headers: { Prefer: 'respond-async' } };
    }
    for (let attempt = 0; ; attempt++) {
      const response = await this.request(url.toString(), init);
      if (response.status === 202) {
        await response.body?.cancel();
        const location = response.headers.get('content-location');
        if (!location) throw new WorklistError(`the server accepted the export (${kick.path}) but sent no Content-Location to poll`);
        return new URL(location, url).toString();
      }
      const { text, transient } = await outcomeText(response);
      if ((response.status === 429 || (response.status >= 500 && transient)) && attempt < MAX_RETRIES) {
        await this.wait(retryAfterSeconds(response.headers.get('retry-after')), `kick-off answered ${response.status}; waiting`);
        continue;
      }
      // A POST kick-off with `patient` that the server does not take (bad request, method or media type, not
      // implemented): the caller exports the whole group instead. 401, 403 and 404 are not about the parameter.
      if (kick.patients && [400, 405, 415, 422, 501].includes(response.status)) throw new PatientParameterRefused(`${response.status} ${text}`);
      throw new WorklistError(`the export kick-off (${kick.path}) was refused: ${response.status} ${text}`);
    }
  }

  /** Polls until the manifest; honours Retry-After and X-Progress; retries 429 and transient errors a bounded number of times. */
  async poll(statusUrl: string, label: string): Promise<Manifest> {
    const started = Date.now();
    let retries = 0;
    for (;;) {
      if (Date.now() - started > this.options.maxWaitMs) {
        throw new WorklistError(`${label}: the export did not finish within ${Math.round(this.options.maxWaitMs / 60_000)} minutes (--max-wait-minutes); it was cancelled`);
      }
      const response = await this.request(statusUrl);
      if (response.status === 200) {
        const manifest = (await response.json().catch(() => undefined)) as Partial<Manifest> | undefined;
        if (!manifest || !Array.isArray(manifest.output)) throw new WorklistError(`${label}: the export's manifest is not readable JSON with an output list`);
        return {
          ...(manifest.transactionTime ? { transactionTime: manifest.transactionTime } : {}),
          requiresAccessToken: manifest.requiresAccessToken === true,
          output: manifest.output.filter((f) => typeof f?.type === 'string' && typeof f.url === 'string'),
          error: (Array.isArray(manifest.error) ? manifest.error : []).filter((f) => typeof f?.url === 'string'),
        };
      }
      if (response.status === 202) {
        retries = 0;
        await response.body?.cancel();
        const progress = response.headers.get('x-progress');
        await this.wait(retryAfterSeconds(response.headers.get('retry-after')), `${label}: export in progress${progress ? ` (${progress})` : ''}`);
        continue;
      }
      const { text, transient } = await outcomeText(response);
      if ((response.status === 429 || (response.status >= 500 && transient)) && retries < MAX_RETRIES) {
        retries++;
        const fallback = Math.min(MAX_WAIT_S, DEFAULT_WAIT_S * 2 ** retries);
        await this.wait(retryAfterSeconds(response.headers.get('retry-after'), fallback), `${label}: status answered ${response.status} (${text}); waiting`);
        continue;
      }
      throw new WorklistError(`${label}: the export failed: ${response.status} ${text}`);
    }
  }

  /** Streams the lines of one NDJSON file; DownloadFailed when it cannot be had (expired, gone, refused). */
  async *lines(file: ManifestFile, requiresAccessToken: boolean): AsyncGenerator<string> {
    // The token goes to the FHIR server's own origin only: a file elsewhere that wants it is a gap, not a leak.
    if (requiresAccessToken && new URL(file.url).origin !== new URL(this.options.fhirBase).origin) {
      throw new DownloadFailed(file, `the file is on ${new URL(file.url).origin}, another origin than the FHIR server, and asks for the access token, which is not sent there`);
    }
    let response: Response | undefined;
    for (let attempt = 0; ; attempt++) {
      response = await this.request(file.url, { accept: 'application/fhir+ndjson', authorize: requiresAccessToken });
      if (response.ok) break;
      const { text, transient } = await outcomeText(response);
      if ((response.status === 429 || (response.status >= 500 && transient)) && attempt < MAX_RETRIES) {
        await this.wait(retryAfterSeconds(response.headers.get('retry-after')), `download of a file of ${file.type} answered ${response.status}; waiting`);
        continue;
      }
      const expired = response.status === 410 || /expire/i.test(text);
      throw new DownloadFailed(file, `${response.status}${expired ? ' (the link expired)' : ''}: ${text}`);
    }
    if (!response.body) return;
    const input = Readable.fromWeb(response.body as never);
    const reader = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const line of reader) if (line.trim()) yield line;
    } finally {
      // A reader that stops early (an error, Ctrl-C) lets go of the connection now, not when the server closes it.
      reader.close();
      input.destroy();
    }
  }

  /** DELETE on the status URL: the server stops the export and drops its files. Best effort. */
  async cancel(statusUrl: string): Promise<void> {
    try {
      const headers = { Authorization: `Bearer ${await this.options.token.get()}`, Accept: 'application/fhir+json' };
      const response = await fetch(statusUrl, { method: 'DELETE', headers, signal: AbortSignal.timeout(10_000) });
      await response.body?.cancel();
    } catch {
      // the run is ending anyway
    }
  }

  private async wait(seconds: number, line: string): Promise<void> {
    this.options.progress(`${line}${seconds > 0 ? `; next poll in ${seconds} s` : ''}`);
    await sleep(seconds * 1000, undefined, { signal: this.options.signal });
  }
}
