// Binds a launch to the authorization server of its FHIR server (OAuth mix-up defence, SECURITY.md).
// The launch page checks the endpoints fhirclient discovered before the browser leaves the app and records what the
// authorization response must look like; the app page checks that response before the code goes to any token
// endpoint. The record lives in sessionStorage next to fhirclient's own state, keyed by the same `state`.
import { onAllowedOrigin } from './issuer-allow-list';
import type { Problem } from './problems';

export type BindingStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What the launch page learnt from the server's .well-known/smart-configuration. */
export interface Discovery {
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  issuer?: string;
  /** RFC 9207: the server puts `iss` on every authorization response. */
  issParameterSupported: boolean;
}

export interface LaunchBinding {
  iss: string;
  authOrigins: string[];
  /** The value an authorization response's `iss` must have. */
  issuer: string;
  /** The server promised `iss` on its responses: a response without it is refused. */
  issParameterRequired: boolean;
}

/** A launch refused for security reasons; carries the named state to show. */
export class LaunchSecurityError extends Error {
  override name = 'LaunchSecurityError';
  constructor(readonly problem: Problem) {
    super(problem.kind);
  }
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Reads a JSON document, rejecting when it cannot (HTTP error, not JSON). */
export type JsonGetter = (url: string) => Promise<unknown>;

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`${response.status}`);
  return response.json();
}

/** The discovery document's URL, spelt as fhirclient spells it (so that both share one cached answer). */
export function smartConfigurationUrl(iss: string): string {
  return `${iss.replace(/\/*$/, '/')}.well-known/smart-configuration`;
}

/**
 * The server's SMART configuration, or undefined when it has none we can read (fhirclient then tries metadata).
 * The launch page passes fhirclient's own cached getter: the document is fetched once (issue 22: it was fetched twice,
 * a round trip before the token), and the endpoints checked here are exactly the ones fhirclient then uses.
 */
export async function discover(iss: string, getJson: JsonGetter = fetchJson): Promise<Discovery | undefined> {
  try {
    const body = await getJson(smartConfigurationUrl(iss));
    if (!body || typeof body !== 'object') return undefined;
    const json = body as Record<string, unknown>;
    const discovery: Discovery = { issParameterSupported: json.authorization_response_iss_parameter_supported === true };
    const authorizationEndpoint = text(json.authorization_endpoint);
    const tokenEndpoint = text(json.token_endpoint);
    const issuer = text(json.issuer);
    return {
      ...discovery,
      ...(authorizationEndpoint ? { authorizationEndpoint } : {}),
      ...(tokenEndpoint ? { tokenEndpoint } : {}),
      ...(issuer ? { issuer } : {}),
    };
  } catch {
    return undefined;
  }
}

/** The first endpoint (or issuer) of the server that lies outside the allowed origins, as a named state. */
export function untrustedEndpoint(
  iss: string,
  allowed: string[],
  endpoints: Partial<Record<'authorize' | 'token' | 'issuer', string | undefined>>,
): Problem | undefined {
  for (const endpoint of ['authorize', 'token', 'issuer'] as const) {
    const url = endpoints[endpoint];
    if (url !== undefined && !onAllowedOrigin(url, allowed)) return { kind: 'untrusted-auth-server', iss, endpoint, url, allowed };
  }
  return undefined;
}

const bindingKey = (state: string) => `kyphoplasty-launch-binding:${state}`;

export function saveBinding(storage: BindingStorage, state: string, binding: LaunchBinding): void {
  storage.setItem(bindingKey(state), JSON.stringify(binding));
}

function readJson(storage: BindingStorage, key: string): Record<string, unknown> | undefined {
  try {
    const value = storage.getItem(key);
    const parsed: unknown = value ? JSON.parse(value) : undefined;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** fhirclient's stored state for this launch (its token endpoint, its server). */
export function storedClientState(storage: BindingStorage, state: string): { tokenUri?: string; authorizeUri?: string; serverUrl?: string } | undefined {
  const stored = readJson(storage, state);
  if (!stored) return undefined;
  return { tokenUri: text(stored.tokenUri), authorizeUri: text(stored.authorizeUri), serverUrl: text(stored.serverUrl) };
}

/** Forget the launch, so that a reload cannot send its code anywhere. */
export function forgetLaunch(storage: BindingStorage, state: string): void {
  storage.removeItem(state);
  storage.removeItem(bindingKey(state));
}

/**
 * Checks an authorization response (the app page's query) before fhirclient exchanges its code: the launch must have
 * been prepared by this app's launch page, its token endpoint must still be on an allowed origin, and an `iss` in the
 * response (required when the server advertised RFC 9207 support) must be the issuer the launch went to.
 * Responses without a code (errors, reloads) are left to ready().
 */
export function authorizationResponseProblem(query: URLSearchParams, storage: BindingStorage): Problem | undefined {
  const state = query.get('state');
  if (!state || !query.has('code')) return undefined;
  const client = storedClientState(storage, state);
  if (!client) return undefined;
  const raw = readJson(storage, bindingKey(state));
  if (!raw || typeof raw.issuer !== 'string' || !Array.isArray(raw.authOrigins)) {
    return { kind: 'not-launched', detail: 'This sign-in was not started by this app\'s launch page, so its answer was not used.' };
  }
  const binding = raw as unknown as LaunchBinding;
  // No token endpoint: fhirclient will not send the code anywhere.
  const token = untrustedEndpoint(binding.iss, binding.authOrigins, { token: client.tokenUri });
  if (token) return token;
  const received = query.get('iss');
  if (received === null ? binding.issParameterRequired : received !== binding.issuer) {
    return { kind: 'issuer-mismatch', expected: binding.issuer, ...(received === null ? {} : { received }) };
  }
  return undefined;
}

/** Runs the check; on a problem, forgets the launch and throws it for ready()'s caller to show. */
export function assertAuthorizationResponse(query: URLSearchParams, storage: BindingStorage): void {
  const problem = authorizationResponseProblem(query, storage);
  if (!problem) return;
  const state = query.get('state');
  if (state) forgetLaunch(storage, state);
  throw new LaunchSecurityError(problem);
}
