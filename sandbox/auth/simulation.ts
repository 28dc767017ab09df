// Error simulations, modelled on what the public SMART launcher can inject: each one is a case
// the app must survive with a readable message.
export const SIMULATIONS = [
  'none',
  'invalid_client',
  'invalid_redirect_uri',
  'invalid_scope',
  'narrow_scope',
  'token_error',
  'token_expired',
  'refresh_expired',
  'condition_categories',
  'narrowed_condition_grant',
  'write_denied',
  'write_invalid',
  'write_server_error',
  'ignores_sort',
] as const;

export type Simulation = (typeof SIMULATIONS)[number];

export const SIMULATION_LABELS: Record<Simulation, string> = {
  none: 'No error',
  invalid_client: 'Authorize refuses the client id',
  invalid_redirect_uri: 'Authorize refuses the redirect URI',
  invalid_scope: 'Authorize answers invalid_scope',
  narrow_scope: 'Authorize narrows unregistered scopes (patient read/search only) instead of refusing them',
  token_error: 'Token endpoint answers invalid_grant',
  token_expired: 'Access token expires after 1 s (refresh works)',
  refresh_expired: 'Access token expires after 1 s and refresh fails',
  condition_categories: 'Conditions split by category: diagnoses of the last 60 days are encounter diagnoses',
  narrowed_condition_grant: 'Condition granted for the problem list only (patient/Condition.rs?category=problem-list-item), with the category split',
  write_denied: 'Writes granted but refused by the EHR (403 on every create)',
  write_invalid: 'Every create rejected by profile validation (422 with an OperationOutcome)',
  write_server_error: 'The first create of each type is stored, then answered 500 (a retry must not duplicate)',
  ignores_sort: 'The FHIR server ignores _sort and answers every search oldest first (the app must notice and read the whole list)',
};

/** Simulations under which the FHIR API files each Condition under one category (../fhir/grant-view.ts). */
export const CATEGORY_SPLIT_SIMULATIONS: readonly Simulation[] = ['condition_categories', 'narrowed_condition_grant'];

export function parseSimulation(value: unknown): Simulation | undefined {
  return SIMULATIONS.find((s) => s === value);
}

/** Lifetime of access tokens under token_expired / refresh_expired. */
export const SHORT_TOKEN_SECONDS = 1;

/**
 * The launcher's standalone button sets this cookie (path /auth, 10 minutes) so the next
 * standalone authorize in that browser gets the simulation: a standalone launch has no launch id,
 * and the app only accepts the plain /fhir base as iss. Authorize clears it once read.
 */
export const STANDALONE_SIMULATION_COOKIE = 'kyphoplasty_sandbox_simulation';
