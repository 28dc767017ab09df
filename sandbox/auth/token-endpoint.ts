// POST /auth/token: authorization_code (with PKCE) and refresh_token grants for the one public
// client. Answers are OAuth JSON, never cached.
import type { GrantContext, GrantStore } from './grants';
import type { RegisteredClient } from './client-registry';
import { idTokenFor, type IdTokenIssuer } from './id-token';
import { OAuthError } from './oauth-errors';
import { verifierMatches } from './pkce';
import { SHORT_TOKEN_SECONDS } from './simulation';
import { ehrProfile, type EhrProfileName } from '../fhir/ehr-profiles';

export interface TokenDeps {
  client: RegisteredClient;
  grants: GrantStore;
  /** Normal access-token lifetime in seconds. */
  tokenLifetimeSeconds: number;
  /** The sandbox's EHR profile, for grants whose launch chose none (its token lifetime applies). */
  ehrProfile?: EhrProfileName;
  smartStyleUrl: string;
  /** Signs an id_token for grants with `openid fhirUser`; without it none is issued. */
  idTokens?: IdTokenIssuer;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  patient?: string;
  encounter?: string;
  need_patient_banner: boolean;
  smart_style_url: string;
  refresh_token?: string;
  /** CDS Hooks: the card link's appContext, and the resources it is about (SMART fhirContext). */
  appContext?: string;
  fhirContext?: Array<{ reference: string }>;
  id_token?: string;
}

function checkClient(deps: TokenDeps, form: URLSearchParams, boundTo: string, required = true): void {
  const clientId = form.get('client_id');
  if (!clientId && !required) return;
  if (!clientId) throw new OAuthError('invalid_client', 'client_id is required for a public client', 401);
  if (clientId !== deps.client.clientId) throw new OAuthError('invalid_client', `Unknown client_id "${clientId}"`, 401);
  if (clientId !== boundTo) throw new OAuthError('invalid_grant', 'The grant was issued to another client');
}

/** A new access token (and, for a refreshable grant, a new refresh token bound to it), in the grant's family. */
function issue(deps: TokenDeps, context: GrantContext, family?: string): TokenResponse {
  const shortLived = context.simulation === 'token_expired' || context.simulation === 'refresh_expired';
  // An EHR profile's own lifetime (oracle-like: about 10 minutes), unless a short-token simulation applies.
  const profileLifetime = ehrProfile(context.ehrProfile ?? deps.ehrProfile)?.tokenLifetimeSeconds;
  const expiresIn = shortLived ? SHORT_TOKEN_SECONDS : (profileLifetime ?? deps.tokenLifetimeSeconds);
  const accessToken = deps.grants.issueAccessToken(context, expiresIn, family);
  const refreshToken = context.refreshable ? deps.grants.issueRefreshToken(context, accessToken) : undefined;
  const idToken = idTokenFor(deps.idTokens, context.scope, context.clientId);
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: expiresIn,
    scope: context.scope,
    ...(context.patient ? { patient: context.patient } : {}),
    ...(context.encounter ? { encounter: context.encounter } : {}),
    need_patient_banner: context.needPatientBanner,
    smart_style_url: deps.smartStyleUrl,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    ...(context.appContext ? { appContext: context.appContext } : {}),
    ...(context.fhirContext?.length ? { fhirContext: context.fhirContext.map((reference) => ({ reference })) } : {}),
    ...(idToken ? { id_token: idToken } : {}),
  };
}

function authorizationCodeGrant(deps: TokenDeps, form: URLSearchParams): TokenResponse {
  const code = deps.grants.findCode(form.get('code') ?? '');
  if (!code) throw new OAuthError('invalid_grant', 'Unknown authorization code');
  if (code.used) throw new OAuthError('invalid_grant', 'The authorization code was already used');
  // Any attempt burns the code: a code that leaked cannot be retried with guessed verifiers.
  code.used = true;
  if (deps.grants.isExpired(code)) throw new OAuthError('invalid_grant', 'The authorization code has expired (60 s)');
  checkClient(deps, form, code.clientId);
  if (form.get('redirect_uri') !== code.redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorize request');
  const verifier = form.get('code_verifier');
  if (!verifier) throw new OAuthError('invalid_request', 'code_verifier is required (PKCE)');
  if (!verifierMatches(verifier, code.codeChallenge)) throw new OAuthError('invalid_grant', 'PKCE verification failed: code_verifier does not match code_challenge');
  if (code.simulation === 'token_error') throw new OAuthError('invalid_grant', 'Simulated error: the token endpoint refused the authorization code');
  const { redirectUri: _r, codeChallenge: _c, expiresAt: _e, used: _u, ...context } = code;
  return issue(deps, context);
}

function refreshTokenGrant(deps: TokenDeps, form: URLSearchParams): TokenResponse {
  const refreshToken = form.get('refresh_token') ?? '';
  const found = deps.grants.findRefreshToken(refreshToken);
  if (!found) throw new OAuthError('invalid_grant', 'Unknown refresh token');
  // fhirclient sends no client_id on refresh unless told to (refreshTokenWithClientId): the
  // refresh token alone identifies the grant; a client_id, when sent, must still match.
  checkClient(deps, form, found.clientId, false);
  if (found.simulation === 'refresh_expired') throw new OAuthError('invalid_grant', 'Simulated error: the refresh token has expired');
  const asked = form.get('scope');
  let scope = found.scope;
  if (asked) {
    const granted = new Set(found.scope.split(' '));
    const extra = asked.split(/\s+/).filter((s) => s && !granted.has(s));
    if (extra.length) throw new OAuthError('invalid_scope', `Not in the original grant: ${extra.join(' ')}`);
    scope = asked.split(/\s+/).filter(Boolean).join(' ');
  }
  // Rotation: the presented refresh token and the access token issued with it stop working now.
  const rotation = deps.grants.useRefreshToken(refreshToken);
  if (!rotation.ok) throw new OAuthError('invalid_grant', rotation.reason);
  const { family, accessToken: _previous, used: _used, ...context } = rotation.grant;
  return issue(deps, { ...context, scope }, family);
}

export function exchangeToken(deps: TokenDeps, form: URLSearchParams): TokenResponse {
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return authorizationCodeGrant(deps, form);
  if (grantType === 'refresh_token') return refreshTokenGrant(deps, form);
  throw new OAuthError('unsupported_grant_type', `grant_type "${grantType ?? ''}" is not supported`);
}
