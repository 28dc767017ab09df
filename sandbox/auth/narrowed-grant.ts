// The `narrowed_condition_grant` simulation: the EHR grants Condition for the problem list only, as SMART 2.x
// and US Core let it (patient/Condition.rs?category=...). The FHIR API enforces it (../fhir/grant-view.ts).
import type { Simulation } from './simulation';
import { parseResourceScope } from './scopes';

export const PROBLEM_LIST_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item';

/**
 * Every scope naming Condition becomes its read/search part restricted to the problem list. A wildcard
 * (patient/*.rs) cannot say "all but Condition" in SMART's grammar, so a wildcard grant is left as it is.
 */
export function narrowGrant(scope: string, simulation: Simulation): string {
  if (simulation !== 'narrowed_condition_grant') return scope;
  return scope
    .split(' ')
    .map((item) => {
      const parsed = parseResourceScope(item);
      if (!parsed || parsed.resourceType !== 'Condition' || parsed.query) return item;
      const readable = ['r', 's'].filter((p) => parsed.permissions.has(p as 'r' | 's')).join('');
      return readable ? `${parsed.context}/Condition.${readable}?category=${PROBLEM_LIST_CATEGORY}` : item;
    })
    .join(' ');
}
