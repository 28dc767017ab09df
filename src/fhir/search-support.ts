// What a FHIR server's searches can do that the query plan depends on (clinical-rules §0 *Reading through a server*,
// v3), known before the searches from the per-EHR configuration (smart-config.json `componentSearch`,
// `conditionStatusDefault`) and checked against the server's CapabilityStatement (`/metadata`, ./capability.ts), read
// in the same parallel round. No imports: the launch page validates the configuration with it and must not carry the plan.

/**
 * How results carried as a `component` of a panel under a local code (flowsheet pain scores, vital-signs panels)
 * are found, since `code=` never matches a component:
 * - `combo-code`: the server lists `combo-code` for Observation (HAPI): the lists are searched with it instead of `code`;
 * - `component-code`: it lists `component-code`: those lists are also searched with it;
 * - `category` (default): the categories `vital-signs` and `survey` are read within the pain window (84 days);
 * - `none`: none of these: rules that would read "none" from those lists are unknown (readLimits `panel-components`).
 */
export const COMPONENT_SEARCHES = ['combo-code', 'component-code', 'category', 'none'] as const;
export type ComponentSearch = (typeof COMPONENT_SEARCHES)[number];

/**
 * What a Condition search without `clinical-status` returns: `all` (FHIR's rule, the default) or `active` (Epic: only
 * active conditions unless `clinical-status` is sent; the plan then also asks for every clinical status).
 */
export const CONDITION_STATUS_DEFAULTS = ['all', 'active'] as const;
export type ConditionStatusDefault = (typeof CONDITION_STATUS_DEFAULTS)[number];

export interface SearchSupport {
  componentSearch?: ComponentSearch;
  conditionStatusDefault?: ConditionStatusDefault;
}

export const DEFAULT_SEARCH_SUPPORT: Required<SearchSupport> = { componentSearch: 'category', conditionStatusDefault: 'all' };

/** Every clinical status (clinical-rules §0 Status), sent where a server returns only active Conditions by default. */
export const EVERY_CLINICAL_STATUS = 'active,recurrence,relapse,inactive,remission,resolved';

/** The configuration fields' problems, named as the config check names them. */
export function searchSupportProblems(raw: { componentSearch?: unknown; conditionStatusDefault?: unknown }): string[] {
  const problems: string[] = [];
  if (raw.componentSearch !== undefined && !(COMPONENT_SEARCHES as readonly unknown[]).includes(raw.componentSearch)) {
    problems.push(`componentSearch: must be one of ${COMPONENT_SEARCHES.join(', ')}`);
  }
  if (raw.conditionStatusDefault !== undefined && !(CONDITION_STATUS_DEFAULTS as readonly unknown[]).includes(raw.conditionStatusDefault)) {
    problems.push(`conditionStatusDefault: must be one of ${CONDITION_STATUS_DEFAULTS.join(', ')}`);
  }
  return problems;
}

/** The parameter a component search mode sends on Observation (undefined: none). */
export function componentParameter(mode: ComponentSearch): string | undefined {
  return mode === 'none' ? undefined : mode;
}
