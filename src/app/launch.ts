// The launch page's logic: with `iss` (and `launch` for an EHR launch) pick the configuration entry and call
// authorize(); without `iss`, the page shows a server picker that comes back here with one.
import type { fhirclient } from 'fhirclient/lib/types';
import { ConfigError, matchConfig, placeholderProblem, scopeFor, type EhrConfig } from './config';
import { firstLine, type Problem } from './problems';

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
  authorize(params: fhirclient.AuthorizeParams): Promise<string | void>;
  /** Tests: return the authorization URL instead of navigating. */
  noRedirect?: boolean;
}

export type LaunchOutcome =
  | { kind: 'redirecting'; entry: EhrConfig; authorizeUrl?: string }
  | { kind: 'failed'; problem: Problem };

export async function startLaunch(request: LaunchRequest, deps: LaunchDeps): Promise<LaunchOutcome> {
  let configs: EhrConfig[];
  try {
    configs = await deps.config();
  } catch (error) {
    return { kind: 'failed', problem: { kind: 'config', message: error instanceof ConfigError ? error.message : firstLine(error) } };
  }
  const entry = matchConfig(configs, request.iss);
  if (!entry) return { kind: 'failed', problem: { kind: 'no-config-match', iss: request.iss } };
  const placeholder = placeholderProblem(entry);
  if (placeholder) return { kind: 'failed', problem: { kind: 'config', message: placeholder } };
  try {
    const params = authorizeParams(entry, request);
    const url = await deps.authorize(deps.noRedirect ? { ...params, noRedirect: true } : params);
    return typeof url === 'string' ? { kind: 'redirecting', entry, authorizeUrl: url } : { kind: 'redirecting', entry };
  } catch (error) {
    return { kind: 'failed', problem: { kind: 'launch-failed', iss: request.iss, message: firstLine(error) } };
  }
}

/** Servers the picker offers for a standalone launch. */
export interface KnownServer {
  name: string;
  iss: string;
  note: string;
}

export const KNOWN_SERVERS: readonly KnownServer[] = [
  { name: 'Local sandbox', iss: 'http://localhost:4013/fhir', note: 'Started by npm start. For an EHR launch, use its launcher at http://localhost:4013/.' },
  { name: 'SMART Health IT launcher (public)', iss: 'https://launch.smarthealthit.org/v/r4/fhir', note: 'Synthetic patients; any client id works. For an EHR launch, set its App Launch URL to this page.' },
  { name: 'Epic sandbox', iss: 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4', note: 'Needs the app registered at fhir.epic.com and its client id in smart-config.json.' },
  { name: 'Oracle Health (Cerner) sandbox', iss: 'https://fhir-myrecord.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d', note: 'Needs the app registered in the Oracle Health Code Console and its client id in smart-config.json.' },
];

export const LOCAL_LAUNCHER = 'http://localhost:4013/';
