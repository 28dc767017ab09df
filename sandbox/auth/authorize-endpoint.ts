// GET /auth/authorize (SMART App Launch, authorization code with PKCE).
// Order matters: the client id and redirect URI are checked first and refused with an HTML page,
// because until both are verified the redirect URI cannot be trusted; every later error goes
// back to the app as ?error=&error_description=&state=.
import type { ServerResponse } from 'node:http';
import type { PatientDirectory } from '../patient-directory';
import type { RegisteredClient } from './client-registry';
import type { EhrEndpoints } from './endpoints';
import type { GrantContext, GrantStore } from './grants';
import type { LaunchContext, LaunchStore } from './launch-id';
import { OAuthError, redirectWithParams } from './oauth-errors';
import { isWellFormedChallenge } from './pkce';
import { narrowGrant } from './narrowed-grant';
import { grantedScope, parseScopes, unregisteredScopes } from './scopes';
import type { Simulation } from './simulation';

export interface AuthorizeDeps {
  endpoints: EhrEndpoints;
  client: RegisteredClient;
  grants: GrantStore;
  launches: LaunchStore;
  patients: PatientDirectory;
}

/** The browser's side of the request: its EHR session (cookie), and the launcher's one-shot standalone simulation. */
export interface AuthorizeBrowser {
  session?: string | undefined;
  standaloneSimulation?: Simulation;
}

export type AuthorizeOutcome =
  | { kind: 'error-page'; error: string; description: string }
  | { kind: 'redirect'; redirectUri: string; params: Record<string, string | undefined> }
  | { kind: 'picker'; requestId: string };

/**
 * Decides what authorize answers; apart from storing codes and pending requests and spending the launch id, pure.
 * The error simulation comes from the EHR launch id; for a standalone launch (no launch id), from
 * the FHIR base alias used as aud, else from the launcher's one-shot cookie (`standaloneSimulation`).
 */
export function authorize(deps: AuthorizeDeps, params: URLSearchParams, browser: AuthorizeBrowser = {}): AuthorizeOutcome {
  const get = (name: string) => params.get(name) ?? undefined;
  const launchId = get('launch');
  const launchSimulation = launchId ? deps.launches.simulationOf(launchId) : undefined;
  const audSimulation = deps.endpoints.simulationOfBase(get('aud') ?? '') ?? 'none';
  const standaloneSimulation = browser.standaloneSimulation ?? 'none';
  const simulation: Simulation =
    launchSimulation && launchSimulation !== 'none'
      ? launchSimulation
      : audSimulation !== 'none'
        ? audSimulation
        : launchId === undefined
          ? standaloneSimulation
          : 'none';

  if (get('client_id') !== deps.client.clientId || simulation === 'invalid_client') {
    const why = simulation === 'invalid_client' ? ' (simulated error)' : '';
    return { kind: 'error-page', error: 'invalid_client', description: `Unknown client_id "${get('client_id') ?? ''}"${why}. Registered: ${deps.client.clientId}.` };
  }
  const redirectUri = get('redirect_uri');
  if (!redirectUri || !deps.client.redirectUris.includes(redirectUri) || simulation === 'invalid_redirect_uri') {
    const why = simulation === 'invalid_redirect_uri' ? ' (simulated error)' : '';
    return {
      kind: 'error-page',
      error: 'invalid_request',
      description: `redirect_uri "${redirectUri ?? ''}" is not registered for ${deps.client.clientId}${why}. Registered: ${deps.client.redirectUris.join(', ')}.`,
    };
  }

  const state = get('state');
  try {
    const { context, launch } = validate(deps, params, simulation, launchId, browser.session);
    if (launch || !parseScopes(get('scope')).launchPatient) {
      const fromLaunch = launch
        ? {
            patient: launch.patient,
            ...(launch.ehrProfile ? { ehrProfile: launch.ehrProfile } : {}),
            ...encounterInContext(deps, launch.patient, params),
            ...(launch.appContext ? { appContext: launch.appContext } : {}),
            ...(launch.fhirContext ? { fhirContext: launch.fhirContext } : {}),
          }
        : {};
      const code = deps.grants.issueCode({ ...context, ...fromLaunch }, redirectUri, get('code_challenge') ?? '');
      return { kind: 'redirect', redirectUri, params: { code, state } };
    }
    const requestId = deps.grants.addPending({ ...context, redirectUri, codeChallenge: get('code_challenge') ?? '', state: state ?? '' });
    return { kind: 'picker', requestId };
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    return { kind: 'redirect', redirectUri, params: { error: error.error, error_description: error.description, state } };
  }
}

/** An EHR launch from an open chart carries its encounter, when the app asked for launch/encounter. */
function encounterInContext(deps: AuthorizeDeps, patient: string, params: URLSearchParams): { encounter?: string } {
  const open = deps.patients.get(patient)?.openEncounterId;
  return open && parseScopes(params.get('scope')).launchEncounter ? { encounter: open } : {};
}

function validate(
  deps: AuthorizeDeps,
  params: URLSearchParams,
  simulation: Simulation,
  launchId: string | undefined,
  session: string | undefined,
): { context: Omit<GrantContext, 'patient'>; launch?: LaunchContext } {
  const get = (name: string) => params.get(name) ?? undefined;
  if (get('response_type') !== 'code') throw new OAuthError('unsupported_response_type', 'response_type must be "code"');
  if (!get('state')) throw new OAuthError('invalid_request', 'state is required');
  const aud = get('aud');
  if (!aud) throw new OAuthError('invalid_request', `aud is required: the FHIR base URL, ${deps.endpoints.fhirBaseUrl}`);
  if (!deps.endpoints.simulationOfBase(aud)) throw new OAuthError('invalid_request', `aud "${aud}" is not this server's FHIR base URL (${deps.endpoints.fhirBaseUrl})`);
  const challenge = get('code_challenge');
  if (!challenge) throw new OAuthError('invalid_request', 'PKCE is required: code_challenge is missing');
  if (get('code_challenge_method') !== 'S256') throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
  if (!isWellFormedChallenge(challenge)) throw new OAuthError('invalid_request', 'code_challenge must be 43 base64url characters (SHA-256)');

  const scopes = parseScopes(get('scope'));
  if (scopes.valid.length === 0 && scopes.invalid.length === 0) throw new OAuthError('invalid_scope', 'scope is required');
  if (scopes.invalid.length > 0) throw new OAuthError('invalid_scope', `Unknown scope syntax: ${scopes.invalid.join(' ')}`);
  if (simulation === 'invalid_scope') throw new OAuthError('invalid_scope', 'Simulated error: the requested scopes were refused');
  if (scopes.resourceScopes.length === 0) throw new OAuthError('invalid_scope', 'No resource scope requested (e.g. patient/*.rs)');
  const unregistered = unregisteredScopes(scopes);
  if (unregistered.length > 0 && simulation !== 'narrow_scope') {
    throw new OAuthError('invalid_scope', `${deps.client.clientId} is not registered for: ${unregistered.join(' ')} (registered: patient/ read and search, launch context, openid fhirUser, online_access offline_access)`);
  }

  let launch: LaunchContext | undefined;
  if (launchId !== undefined) {
    if (!scopes.launch) throw new OAuthError('invalid_scope', 'An EHR launch needs the "launch" scope');
    const redeemed = deps.launches.redeem(launchId, session);
    if (!redeemed.ok) throw new OAuthError('invalid_request', redeemed.reason);
    launch = redeemed.context;
    if (!deps.patients.get(launch.patient)) throw new OAuthError('invalid_request', `The launch names an unknown patient "${launch.patient}"`);
  }
  const context = {
    clientId: deps.client.clientId,
    scope: narrowGrant(grantedScope(scopes), simulation),
    needPatientBanner: !launch?.embedded,
    simulation,
    refreshable: scopes.refreshable,
  };
  return launch ? { context, launch } : { context };
}

/** POST /auth/pick: the picker's answer. */
export function pickPatient(deps: AuthorizeDeps, form: URLSearchParams): AuthorizeOutcome {
  const pending = deps.grants.takePending(form.get('request') ?? '');
  if (!pending) return { kind: 'error-page', error: 'invalid_request', description: 'This patient selection has expired or was already used. Launch the app again.' };
  const { redirectUri, codeChallenge, state, expiresAt: _expiresAt, ...context } = pending;
  if (form.get('deny')) return { kind: 'redirect', redirectUri, params: { error: 'access_denied', error_description: 'The user denied access', state } };
  const patient = form.get('patient') ?? '';
  if (!deps.patients.get(patient)) return { kind: 'error-page', error: 'invalid_request', description: `Unknown patient "${patient}"` };
  const code = deps.grants.issueCode({ ...context, patient }, redirectUri, codeChallenge);
  return { kind: 'redirect', redirectUri, params: { code, state } };
}

/** Every authorization response names this server (RFC 9207 `iss`), so the app can spot a mix-up. */
export function sendAuthorizeRedirect(res: ServerResponse, outcome: Extract<AuthorizeOutcome, { kind: 'redirect' }>, issuer: string): void {
  redirectWithParams(res, outcome.redirectUri, { ...outcome.params, iss: issuer });
}
