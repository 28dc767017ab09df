// The launch page's logic: with `iss` (and `launch` for an EHR launch) pick the configuration entry and call
// authorize(); without `iss`, the page shows a server picker that comes back here with one.
import type { fhirclient } from 'fhirclient/lib/types';
import { ConfigError, matchConfig, placeholderProblem, scopeFor, type EhrConfig } from './config';
import { authOriginsFor } from './issuer-allow-list';
import { forgetLaunch, saveBinding, storedClientState, untrustedEndpoint, type BindingStorage, type Discovery } from './launch-binding';
import { firstLine } from './first-line';
import { keepConfig } from './kept-config';
import type { Problem } from './problems';

export interface LaunchRequest {
  iss: string;
  /** Present for an EHR launch; absent for a standalone launch. */
  launch?: string;
}

export function launchRequest(url: URL): LaunchRequest | undefined {
  const iss = url.searchParams.get('iss')?.trim();
  if (!iss) return undefined;
  const launch = url.searchParams.get('launch')?.trim();
  return launch ? { iss, launch } : { iss };
}

/**
 * fhirclient's authorize options for one entry: redirect to index.html, PKCE as configured. Sign-in always
 * completes in the window the app runs in (a frame, a named popup or a tab): the app never hands it to an opener.
 */
export function authorizeParams(entry: EhrConfig, request: LaunchRequest): fhirclient.AuthorizeParams {
  return {
    iss: request.iss,
    ...(request.launch ? { launch: request.launch } : {}),
    clientId: entry.clientId,
    scope: scopeFor(entry, request.launch ? 'ehr' : 'standalone'),
    redirectUri: entry.redirectUri ?? 'index.html',
    pkceMode: entry.pkceMode,
    completeInTarget: entry.completeInTarget ?? true,
  };
}

export interface LaunchDeps {
  config(): Promise<EhrConfig[]>;
  /** fhirclient's authorize(); always called with noRedirect, so the app checks the URL before leaving. */
  authorize(params: fhirclient.AuthorizeParams): Promise<string | void>;
  /** The server's .well-known/smart-configuration (undefined when it has none). */
  discover(iss: string): Promise<Discovery | undefined>;
  /** Where fhirclient keeps its state (sessionStorage) and the app its launch binding. */
  storage: BindingStorage;
  /** Leaves the app for the authorization server. */
  navigate(url: string): void;
  /** Tests: return the authorization URL instead of navigating. */
  noRedirect?: boolean;
}

export type LaunchOutcome =
  | { kind: 'redirecting'; entry: EhrConfig; authorizeUrl?: string }
  | { kind: 'failed'; problem: Problem };

const failed = (problem: Problem): LaunchOutcome => ({ kind: 'failed', problem });

/**
 * Config entry -> the server's discovery -> fhirclient's authorize URL -> checks -> navigation. Nothing is fetched
 * from a server no entry lists, and the browser goes to an authorize endpoint only when it, the token endpoint
 * and the advertised issuer all lie on the entry's authOrigins (default: the iss origin).
 */
export async function startLaunch(request: LaunchRequest, deps: LaunchDeps): Promise<LaunchOutcome> {
  let configs: EhrConfig[];
  try {
    configs = await deps.config();
  } catch (error) {
    return failed({ kind: 'config', message: error instanceof ConfigError ? error.message : firstLine(error) });
  }
  const entry = matchConfig(configs, request.iss);
  if (!entry) return failed({ kind: 'no-config-match', iss: request.iss });
  const placeholder = placeholderProblem(entry);
  if (placeholder) return failed({ kind: 'config', message: placeholder });
  const allowed = authOriginsFor(entry, request.iss);

  const discovery = await deps.discover(request.iss);
  const advertised = discovery && untrustedEndpoint(request.iss, allowed, { authorize: discovery.authorizationEndpoint, token: discovery.tokenEndpoint, issuer: discovery.issuer });
  if (advertised) return failed(advertised);

  let url: string | void;
  try {
    url = await deps.authorize({ ...authorizeParams(entry, request), noRedirect: true });
  } catch (error) {
    return failed({ kind: 'launch-failed', iss: request.iss, message: firstLine(error) });
  }
  // fhirclient discovered the endpoints again on its own: check the ones it will actually use.
  const state = typeof url === 'string' ? new URL(url, 'http://invalid/').searchParams.get('state') : null;
  const client = state ? storedClientState(deps.storage, state) : undefined;
  if (typeof url !== 'string' || !state || !client?.authorizeUri) {
    if (state) forgetLaunch(deps.storage, state);
    return failed({ kind: 'launch-failed', iss: request.iss, message: 'The server names no authorization endpoint (neither in .well-known/smart-configuration nor in its CapabilityStatement).' });
  }
  const used = untrustedEndpoint(request.iss, allowed, { authorize: url, token: client.tokenUri ?? '' });
  if (used) {
    forgetLaunch(deps.storage, state);
    return failed(used);
  }
  // Validated: the app page reads it from here rather than fetching and checking it again (./kept-config.ts).
  keepConfig(deps.storage, configs);
  saveBinding(deps.storage, state, {
    iss: request.iss,
    authOrigins: allowed,
    issuer: discovery?.issuer ?? request.iss,
    issParameterRequired: discovery?.issParameterSupported ?? false,
  });
  if (!deps.noRedirect) deps.navigate(url);
  return { kind: 'redirecting', entry, authorizeUrl: url };
}

export { KNOWN_SERVERS, LOCAL_LAUNCHER, type KnownServer } from './known-servers';
