// The query plan: the Patient read, then every search in one parallel round, filtered on the server.
import { OBSERVATION_QUERY_CODES, SYSTEM } from '../clinical/codes';

export interface SearchQuery {
  /** The resource type searched, and the name used in progress and data gaps. */
  resourceType: string;
  params: Record<string, string>;
  /** Names this search in progress and data gaps when a type is read by several searches ("Condition (problem-list-item)"). */
  label?: string;
}

/** Per-EHR additions from the runtime configuration, e.g. `{ Condition: { category: 'problem-list-item' } }`. */
export type ExtraSearchParams = Record<string, Record<string, string>>;

export const PAGE_SIZE = 200;

export interface PlanOptions {
  /** One Condition search per category instead of one without (EHRs that authorise Condition per category). */
  conditionCategories?: readonly string[];
}

/** Epic authorises Condition per category: one search each, merged by the loader (same parallel round). */
function conditionSearches(base: (type: string, params?: Record<string, string>) => SearchQuery, categories: readonly string[] = []): SearchQuery[] {
  const distinct = [...new Set(categories)];
  if (distinct.length === 0) return [base('Condition')];
  // The category of each search wins over an extraParams category: otherwise every search would be the same.
  return distinct.map((category) => {
    const query = base('Condition');
    return { ...query, params: { ...query.params, category }, label: `Condition (${category})` };
  });
}

export function searchPlan(patientId: string, extra: ExtraSearchParams = {}, options: PlanOptions = {}): SearchQuery[] {
  const base = (resourceType: string, params: Record<string, string> = {}): SearchQuery => ({
    resourceType,
    params: { patient: patientId, _count: String(PAGE_SIZE), ...params, ...extra[resourceType] },
  });
  return [
    ...conditionSearches(base, options.conditionCategories),
    // codes.md: Observation is always filtered on the server by the spec's codes, never fetched whole.
    base('Observation', { code: OBSERVATION_QUERY_CODES.map((code) => `${SYSTEM.loinc}|${code}`).join(',') }),
    base('DiagnosticReport'),
    base('ImagingStudy'),
    base('Procedure'),
    // Epic returns only active orders unless the statuses are listed.
    base('MedicationRequest', { status: 'active,on-hold,completed,stopped', _include: 'MedicationRequest:medication' }),
    base('MedicationStatement', { _include: 'MedicationStatement:medication' }),
    base('ServiceRequest'),
    base('AllergyIntolerance'),
    base('Encounter', { status: 'in-progress' }),
    base('CarePlan'),
    base('DeviceRequest'),
  ];
}

export function searchUrl(query: SearchQuery): string {
  return `${query.resourceType}?${new URLSearchParams(query.params).toString()}`;
}

/** Every resource type the app reads: the scopes it asks for. */
export const READ_RESOURCE_TYPES: readonly string[] = ['Patient', ...searchPlan('x').map((q) => q.resourceType), 'Medication'];
