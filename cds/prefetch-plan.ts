// The prefetch templates are the app's own query plan, so an EHR that honours them sends exactly
// what the loader would have read, and the loader can be answered from them URL for URL.
import { searchPlan, searchUrl } from '../src/fhir/queries';

export const PATIENT_ID_TOKEN = '{{context.patientId}}';
// Survives URL encoding unchanged, unlike the braces of the token.
const SENTINEL = 'CDSPATIENTIDSENTINEL';

/** Prefetch key -> the URL the loader requests for this patient: `patient` and one key per search, lower case. */
export function plannedUrls(patientId: string): Record<string, string> {
  const urls: Record<string, string> = { patient: `Patient/${encodeURIComponent(patientId)}` };
  // Plan v1: one search per type with no dates, so the templates need no date arithmetic (plan v2's windows would).
  for (const query of searchPlan(patientId, {}, { observationPlan: 'full' })) urls[query.resourceType.toLowerCase()] = searchUrl(query);
  return urls;
}

/** Discovery's `prefetch`: the same URLs with the patient id left as `{{context.patientId}}`. */
export function prefetchTemplates(): Record<string, string> {
  return Object.fromEntries(Object.entries(plannedUrls(SENTINEL)).map(([key, url]) => [key, url.split(SENTINEL).join(PATIENT_ID_TOKEN)]));
}
