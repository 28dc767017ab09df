// The patient record for a hook call, read by the app's own loader: each URL of the query plan is
// answered from the prefetch when the EHR sent it, else from fhirServer with fhirAuthorization.
import type { PatientRecord } from '../src/clinical/record';
import { loadRecord } from '../src/fhir/loader';
import { FhirRequestError, fetchSource, type FhirSource } from '../src/fhir/source';
import type { TrustedIssuer } from './config';
import type { OrderHookRequest } from './hook-request';
import { plannedUrls } from './prefetch-plan';

export class FhirServerRefusedError extends Error {
  override name = 'FhirServerRefusedError';
}

const NO_SERVER = 'https://prefetch.invalid';

function isResourceOfType(value: unknown, type: string): boolean {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type;
}

function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/** The token goes only where the trusted EHR may send us: its listed servers, else https (or this machine). */
export function checkFhirServer(fhirServer: string, issuer: TrustedIssuer): void {
  const url = new URL(fhirServer);
  const allowed = issuer.fhirServers
    ? issuer.fhirServers.some((prefix) => fhirServer.replace(/\/+$/, '').startsWith(prefix.replace(/\/+$/, '')))
    : url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url));
  if (!allowed) throw new FhirServerRefusedError(`fhirServer ${url.origin} is not one this issuer may ask the service to read`);
}

/** A FhirSource over the prefetch, falling back to the EHR's FHIR server for what is missing. */
export function prefetchSource(request: OrderHookRequest, fallback?: FhirSource): FhirSource {
  const answers = new Map<string, unknown>();
  const prefetch = request.prefetch ?? {};
  for (const [key, url] of Object.entries(plannedUrls(request.context.patientId))) {
    const value = prefetch[key];
    // An EHR that could not run a query sends null (or an OperationOutcome): read it ourselves when we can.
    const usable = key === 'patient' ? isResourceOfType(value, 'Patient') : isResourceOfType(value, 'Bundle');
    if (usable || (value !== undefined && value !== null && !fallback)) answers.set(url, value);
  }
  return {
    baseUrl: fallback?.baseUrl ?? NO_SERVER,
    async get(url, signal) {
      if (answers.has(url)) return answers.get(url);
      if (fallback) return fallback.get(url, signal);
      throw new FhirRequestError('http', 'not in the prefetch, and no fhirServer was given to read it from', 412);
    },
  };
}

/** Reads the record; PatientUnreadableError when neither the prefetch nor the server gives the Patient. */
export async function recordForHook(request: OrderHookRequest, issuer: TrustedIssuer): Promise<PatientRecord> {
  let fallback: FhirSource | undefined;
  if (request.fhirServer) {
    checkFhirServer(request.fhirServer, issuer);
    const token = request.fhirAuthorization?.access_token;
    fallback = fetchSource(request.fhirServer, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  }
  // An EHR waits for the card: a slow server gives a card with a data gap, not a hung order screen.
  return loadRecord(prefetchSource(request, fallback), { patientId: request.context.patientId, timeoutMs: 8_000, maxRetries: 0, maxPages: 20, observationPlan: 'full' });
}
