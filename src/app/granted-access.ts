// What the token says about the launch, turned into loader options: the scopes the EHR actually granted
// (a type not granted, or granted only for some categories, cannot prove "none documented"), the Encounter
// in context, and the EHR entry's per-category Condition reads. Pure, so it is tested without fhirclient.
import { accessGaps } from '../fhir/granted-scope';
import type { LoadOptions } from '../fhir/loader';
import { READ_RESOURCE_TYPES } from '../fhir/read-types';
import type { EhrConfig } from './config';

/** The parts of fhirclient's ClientState read here. */
export interface GrantState {
  /** The scope the app asked for. */
  scope?: string;
  tokenResponse?: { scope?: string; encounter?: string };
}

export function grantedLoadOptions(state: GrantState, ehr: EhrConfig | undefined): Pick<LoadOptions, 'accessGaps' | 'contextEncounterId' | 'conditionCategories'> {
  const encounter = state.tokenResponse?.encounter;
  const granted = typeof state.tokenResponse?.scope === 'string' && state.tokenResponse.scope.trim() ? state.tokenResponse.scope : undefined;
  const requested = state.scope?.trim() ?? '';
  return {
    // Neither side known (a client built without a launch): nothing to compare, so nothing is claimed.
    ...(granted || requested ? { accessGaps: accessGaps(requested, granted, READ_RESOURCE_TYPES) } : {}),
    ...(typeof encounter === 'string' && encounter.trim() ? { contextEncounterId: encounter.trim() } : {}),
    ...(ehr?.conditionCategories?.length ? { conditionCategories: ehr.conditionCategories } : {}),
  };
}
