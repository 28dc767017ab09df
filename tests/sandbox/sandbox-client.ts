// Test helpers: a SMART client done with plain fetch (PKCE, authorize, token), so the sandbox's
// authorization server is exercised exactly as a browser app would use it.
import { createHash, randomBytes } from 'node:crypto';
import type { RunningSandbox } from '../../sandbox/server';

export const CLIENT_ID = 'kyphoplasty-local';
export const APP_ORIGIN = 'http://localhost:4010';
export const REDIRECT_URI = `${APP_ORIGIN}/index.html`;

/** The registered redirect URI: the served app's, when the sandbox serves one, else the default app origin's. */
export function redirectUriOf(sandbox: RunningSandbox): string {
  return sandbox.appUrl ? new URL('index.html', sandbox.appUrl).href : REDIRECT_URI;
}
export const PATIENT_SCOPE = 'launch patient/*.rs online_access';

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/**
 * The EHR session cookie of each launch id this helper obtained: a launch id is bound to the browser session that
 * launched, so callAuthorize sends it back as that browser would.
 */
const sessionOfLaunch = new Map<string, string>();

/** The `name=value` of the EHR session cookie a response set. */
export function sessionCookieOf(res: Response): string | undefined {
  return res.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('kyphoplasty_sandbox_session='));
}

/** The launch id the launcher's form hands the app for this patient and simulation (in a fresh EHR session). */
export async function launchIdFor(sandbox: RunningSandbox, patient: string, sim = 'none', cookie?: string, profile?: string): Promise<string> {
  const chosen = profile ? `&profile=${encodeURIComponent(profile)}` : '';
  const res = await fetch(`${sandbox.ehrUrl}launch?mode=ehr&patient=${encodeURIComponent(patient)}&sim=${sim}${chosen}`, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`launcher answered ${res.status}`);
  const launch = new URL(location).searchParams.get('launch');
  if (!launch) throw new Error(`no launch id in ${location}`);
  const session = sessionCookieOf(res) ?? cookie;
  if (session) sessionOfLaunch.set(launch, session);
  return launch;
}

export interface AuthorizeInput {
  scope?: string;
  launch?: string;
  aud?: string;
  redirectUri?: string;
  clientId?: string;
  challenge?: string | null;
  state?: string | null;
  /** The Cookie header; default: the EHR session the launch id was issued to (none for a standalone launch). */
  cookie?: string | null;
}

export function authorizeUrl(sandbox: RunningSandbox, input: AuthorizeInput & { challenge: string | null }): string {
  const url = new URL('/auth/authorize', sandbox.ehrUrl);
  const params: Record<string, string | null | undefined> = {
    response_type: 'code',
    client_id: input.clientId ?? CLIENT_ID,
    redirect_uri: input.redirectUri ?? redirectUriOf(sandbox),
    scope: input.scope ?? PATIENT_SCOPE,
    state: input.state === undefined ? 'state-123' : input.state,
    aud: input.aud ?? sandbox.fhirBaseUrl,
    launch: input.launch,
    code_challenge: input.challenge,
    code_challenge_method: input.challenge ? 'S256' : undefined,
  };
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  return url.toString();
}

/** Calls authorize without following the redirect; returns the response and its Location. */
export async function callAuthorize(sandbox: RunningSandbox, input: AuthorizeInput & { challenge: string | null }) {
  const cookie = input.cookie === undefined ? (input.launch ? sessionOfLaunch.get(input.launch) : undefined) : input.cookie;
  const res = await fetch(authorizeUrl(sandbox, input), { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
  const location = res.headers.get('location');
  return { res, location: location ? new URL(location) : undefined };
}

export async function postForm(url: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
}

export function tokenUrl(sandbox: RunningSandbox): string {
  return new URL('/auth/token', sandbox.ehrUrl).toString();
}

export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
  patient?: string;
  need_patient_banner?: boolean;
  refresh_token?: string;
  error?: string;
  error_description?: string;
}

/** EHR launch up to the authorization code. */
export async function ehrLaunchCode(sandbox: RunningSandbox, patient: string, options: { sim?: string; scope?: string; profile?: string } = {}) {
  const pkce = pkcePair();
  const launch = await launchIdFor(sandbox, patient, options.sim, undefined, options.profile);
  const { res, location } = await callAuthorize(sandbox, { launch, challenge: pkce.challenge, scope: options.scope });
  if (res.status !== 302 || !location) throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  const code = location.searchParams.get('code');
  if (!code) throw new Error(`authorize redirected without code: ${location}`);
  return { code, verifier: pkce.verifier, location };
}

export async function exchangeCode(sandbox: RunningSandbox, code: string, verifier: string, overrides: Record<string, string> = {}) {
  const res = await postForm(tokenUrl(sandbox), {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUriOf(sandbox),
    client_id: CLIENT_ID,
    code_verifier: verifier,
    ...overrides,
  });
  return { res, body: (await res.json()) as TokenBody };
}

/** A full EHR launch: the token response (throws unless 200). */
/** `profile`: the EHR profile the launcher's select would send (sandbox/fhir/ehr-profiles.ts). */
export async function launchToken(sandbox: RunningSandbox, patient: string, options: { sim?: string; scope?: string; profile?: string } = {}): Promise<TokenBody> {
  const { code, verifier } = await ehrLaunchCode(sandbox, patient, options);
  const { res, body } = await exchangeCode(sandbox, code, verifier);
  if (res.status !== 200) throw new Error(`token answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

export async function fhirGet(sandbox: RunningSandbox, path: string, token?: string): Promise<Response> {
  return fetch(`${sandbox.fhirBaseUrl}/${path}`, {
    headers: { Accept: 'application/fhir+json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
}
