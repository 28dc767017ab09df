// Reading a sandbox patient through the real loader with a given query plan, and the assessment as a physician
// reads it: shared by the plan v2 tests (plan-equivalence, sort-ignored).
import type { Assessment } from '../../src/clinical/types';
import { loadRecord } from '../../src/fhir/loader';
import type { ObservationPlan } from '../../src/fhir/queries';
import { fetchSource } from '../../src/fhir/source';
import type { SearchSupport } from '../../src/fhir/search-support';
import type { RunningSandbox } from '../../sandbox/server';

export const AS_OF = '2026-11-24';
/** The sandbox's "today": its sample patients are dated up to the day before AS_OF. */
export const TODAY = new Date('2026-11-24T12:00:00Z');

/**
 * The record read with `plan` (and its searches' first pages in one FHIR batch with `batch`); every request URL
 * (relative to the FHIR base) is pushed to `urls`, a batch as `POST batch` followed by the URLs it carried.
 */
export function readWithPlan(sandbox: RunningSandbox, patientId: string, token: string, observationPlan: ObservationPlan, urls: string[] = [], searchSupport?: SearchSupport, batch = false) {
  const source = fetchSource(sandbox.fhirBaseUrl, { headers: { Authorization: `Bearer ${token}` } });
  const logged = {
    ...source,
    get: (url: string, signal: AbortSignal) => (urls.push(url), source.get(url, signal)),
    post: (url: string, body: unknown, signal: AbortSignal) => {
      urls.push('POST batch', ...((body as { entry?: Array<{ request: { url: string } }> }).entry ?? []).map((e) => e.request.url));
      return source.post!(url, body, signal);
    },
  };
  return loadRecord(logged, { patientId, observationPlan, asOf: AS_OF, ...(searchSupport ? { searchSupport } : {}), ...(batch ? { batch } : {}) });
}

/** What a physician reads: everything but the ids of the records cited. */
export function comparable(assessment: Assessment): unknown {
  return JSON.parse(JSON.stringify(assessment, (key, value) => (key === 'id' || key === 'reference' ? undefined : value)));
}
