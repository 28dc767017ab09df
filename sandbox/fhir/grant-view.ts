// What one token may see of a resource type beyond "which type, which patient": SMART v2 query-restricted
// scopes (patient/Condition.rs?category=...) filter every search and read, and the category-split
// simulations file each Condition under the category an EHR would give it. Medplum cannot answer a search
// over categories it never stored, so those search parameters are answered here, on the presented resources.
import { matchesSearchRequest, parseSearchRequest } from '@medplum/core';
import type { Condition, Resource } from 'fhir/r4';
import type { AccessToken } from '../auth/grants';
import { parseScopes, type Permission } from '../auth/scopes';
import { CATEGORY_SPLIT_SIMULATIONS } from '../auth/simulation';

const CATEGORY_SYSTEM = 'http://terminology.hl7.org/CodeSystem/condition-category';
/** Under the category split, a Condition diagnosed this recently is an encounter diagnosis (an ED or clinic visit's). */
export const ENCOUNTER_DIAGNOSIS_DAYS = 60;
const DAY_MS = 86_400_000;

export interface GrantView {
  /** The resource as this token sees it. */
  present(resource: Resource): Resource;
  /** The search parameters Medplum can answer; the others are answered by `matches`. */
  storedParams(params: URLSearchParams): URLSearchParams;
  /** True when the (presented) resource is within the grant and the parameters `storedParams` took out. */
  matches(resource: Resource, params: URLSearchParams): boolean;
}

function splitCategory(condition: Condition, now: number): Condition {
  const dated = condition.onsetDateTime ?? condition.recordedDate;
  const recent = dated !== undefined && now - Date.parse(dated) <= ENCOUNTER_DIAGNOSIS_DAYS * DAY_MS;
  const code = recent ? 'encounter-diagnosis' : 'problem-list-item';
  const display = recent ? 'Encounter Diagnosis' : 'Problem List Item';
  return { ...condition, category: [{ coding: [{ system: CATEGORY_SYSTEM, code, display }] }] };
}

/** The restrictions of the scopes that give `permission` on the type; none when one scope gives it unrestricted. */
function scopeRestrictions(token: AccessToken, resourceType: string, permission: Permission): string[] {
  const scopes = parseScopes(token.scope).resourceScopes.filter(
    (s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.permissions.has(permission),
  );
  if (scopes.length === 0 || scopes.some((s) => !s.query)) return [];
  return scopes.map((s) => s.query!);
}

const matchesQuery = (resource: Resource, query: URLSearchParams) => {
  const fields: Record<string, string[]> = {};
  for (const [key, value] of query) (fields[key] ??= []).push(value);
  // Medplum's own resource types are structurally the R4 ones; its matcher is the one its repository uses.
  return matchesSearchRequest(resource as never, parseSearchRequest(resource.resourceType, fields));
};

/** Undefined when the token sees the type as stored (no restriction, no simulation): the ordinary path. */
export function grantView(token: AccessToken, resourceType: string, permission: Permission, now = Date.now()): GrantView | undefined {
  const restrictions = scopeRestrictions(token, resourceType, permission).map((q) => new URLSearchParams(q));
  const split = resourceType === 'Condition' && CATEGORY_SPLIT_SIMULATIONS.includes(token.simulation);
  if (restrictions.length === 0 && !split) return undefined;
  const takenOut = (params: URLSearchParams) => new URLSearchParams([...params].filter(([key]) => split && key.split(':')[0] === 'category'));
  return {
    present: (resource) => (split && resource.resourceType === 'Condition' ? splitCategory(resource as Condition, now) : resource),
    storedParams: (params) => new URLSearchParams([...params].filter(([key]) => !(split && key.split(':')[0] === 'category'))),
    matches(resource, params) {
      const asked = takenOut(params);
      if ([...asked.keys()].length > 0 && !matchesQuery(resource, asked)) return false;
      return restrictions.length === 0 || restrictions.some((r) => matchesQuery(resource, r));
    },
  };
}
