// The patient record for a hook call, read by the app's own loader: each URL of the query plan is
// answered from the prefetch when the EHR sent it, else from fhirServer with fhirAuthorization.
import { setMaxListeners } from 'node:events';
import type { PatientRecord } from '../src/clinical/record';
import { loadRecord } from '../src/fhir/loader';
import { FhirRequestError, fetchSource, type FhirSource } from '../src/fhir/source';
import type { TrustedIssuer } from './config';
import { checkFhirServer } from './fhir-server-allowed';
import type { OrderHookRequest } from './hook-request';
import { plannedUrls } from './prefetch-plan';
import { pathSegments } from '../http-kit/paths';

export { FhirServerRefusedError, checkFhirServer } from './fhir-server-allowed';

/** The reads from fhirServer took longer than the service's budget: the EHR gets a degraded card. */
export class ReadBudgetExceededError extends Error {
  override name = 'ReadBudgetExceededError';
  constructor(readonly request: OrderHookRequest, readonly budgetMs: number) {
    super(`the record was not read within ${budgetMs} ms`);
  }
}

const NO_SERVER = 'https://prefetch.invalid';

function isResourceOfType(value: unknown, type: string): boolean {
  return typeof value === 'object' && value !== null && (value as { resourceType?: unknown }).resourceType === type;
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

/** What EHRs expect of a CDS service: an answer within a few seconds. */
export const DEFAULT_READ_BUDGET_MS = 2000;

/**
 * Reads the record; PatientUnreadableError when neither the prefetch nor the server gives the Patient,
 * ReadBudgetExceededError when the server's answers do not all arrive within the budget.
 */
export async function recordForHook(request: OrderHookRequest, issuer: TrustedIssuer): Promise<PatientRecord> {
  const budgetMs = issuer.fhirReadBudgetMs ?? DEFAULT_READ_BUDGET_MS;
  let fallback: FhirSource | undefined;
  if (request.fhirServer) {
    const url = checkFhirServer(request.fhirServer, issuer);
    const token = request.fhirAuthorization?.access_token;
    // The base rebuilt from its parsed parts (no repeated or trailing slashes): what was checked is what is read.
    const base = `${url.origin}/${pathSegments(url.pathname).join('/')}`;
    fallback = fetchSource(base, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  }
  const source = prefetchSource(request, fallback);
  const options = { patientId: request.context.patientId, maxRetries: 0, maxPages: 20, observationPlan: 'full' as const };
  // Everything prefetched: no network, no budget to keep.
  if (!fallback) return loadRecord(source, { ...options, timeoutMs: budgetMs });
  // An EHR waits for the card (CDS Hooks clients give a service a few seconds): past the budget every
  // read is cancelled and the EHR gets a card saying so, not a hung order screen or a 412.
  const budget = new AbortController();
  // Every search of the plan listens on it: more than Node's default ten listeners is expected here.
  setMaxListeners(100, budget.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      budget.abort();
      reject(new ReadBudgetExceededError(request, budgetMs));
    }, budgetMs);
  });
  try {
    const record = await Promise.race([loadRecord(source, { ...options, timeoutMs: budgetMs, signal: budget.signal }), expired]);
    if (budget.signal.aborted) throw new ReadBudgetExceededError(request, budgetMs);
    return record;
  } catch (error) {
    if (budget.signal.aborted) throw new ReadBudgetExceededError(request, budgetMs);
    throw error;
  } finally {
    clearTimeout(timer);
    expired.catch(() => {});
  }
}
