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
  // Spec v3 (§0 Reading through a server): with no per-EHR setting, panel components are read through the
  // vital-signs and survey categories (whole: no date in a template), each its own key ("observation-vital-signs").
  for (const query of searchPlan(patientId, {}, { observationPlan: 'full' })) urls[prefetchKey(query, urls)] = searchUrl(query);
  return urls;
}

/** The type in lower case; a further search of the same type adds what tells it apart (its category, else its label). */
function prefetchKey(query: ReturnType<typeof searchPlan>[number], taken: Record<string, string>): string {
  const key = query.resourceType.toLowerCase();
  if (!(key in taken)) return key;
  const tail = (query.params.category ?? query.label ?? String(Object.keys(taken).length)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `${key}-${tail}`;
}

/** Discovery's `prefetch`: the same URLs with the patient id left as `{{context.patientId}}`. */
export function prefetchTemplates(): Record<string, string> {
  return Object.fromEntries(Object.entries(plannedUrls(SENTINEL)).map(([key, url]) => [key, url.split(SENTINEL).join(PATIENT_ID_TOKEN)]));
}
