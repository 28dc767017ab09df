// Server-side memory of the authorization server: codes, access tokens, refresh tokens and
// authorize requests waiting on the patient picker. Everything is random, opaque and in memory;
// expired entries are dropped when met. Refresh tokens rotate: each one works once, its use revokes
// the access token issued with it, and a second use revokes the whole grant (a leaked token was replayed).
import { randomBytes } from 'node:crypto';
import type { Simulation } from './simulation';
import type { EhrProfileName } from '../fhir/ehr-profiles';

export const CODE_LIFETIME_MS = 60_000;
export const PENDING_LIFETIME_MS = 10 * 60_000;

/** What a grant is bound to, from the authorize request through every refreshed token. */
export interface GrantContext {
  clientId: string;
  scope: string;
  patient?: string;
  /** The encounter in context (EHR launch that asked for launch/encounter, when the patient has one open). */
  encounter?: string;
  needPatientBanner: boolean;
  simulation: Simulation;
  /** The EHR profile the launch chose (../fhir/ehr-profiles.ts); absent: the sandbox's. */
  ehrProfile?: EhrProfileName;
  refreshable: boolean;
  /** From the launch (a CDS Hooks card): returned with every token of the grant. */
  appContext?: string;
  fhirContext?: string[];
}

export interface AuthorizationCode extends GrantContext {
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  used: boolean;
}

export interface AccessToken extends GrantContext {
  expiresAt: number;
  /** Every token of one authorization (the code's, and each refresh's) shares it. */
  family: string;
}

export interface RefreshToken extends GrantContext {
  family: string;
  /** The access token issued together with this refresh token: revoked when this one is used. */
  accessToken: string;
  used: boolean;
}

export type Rotation = { ok: true; grant: RefreshToken } | { ok: false; reason: string };

/** An authorize request already validated, waiting for the user to pick a patient. */
export interface PendingAuthorization extends Omit<GrantContext, 'patient'> {
  redirectUri: string;
  codeChallenge: string;
  state: string;
  expiresAt: number;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class GrantStore {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly pending = new Map<string, PendingAuthorization>();

  constructor(private readonly now: () => number = Date.now) {}

  issueCode(context: GrantContext, redirectUri: string, codeChallenge: string): string {
    const code = randomToken();
    this.codes.set(code, { ...context, redirectUri, codeChallenge, expiresAt: this.now() + CODE_LIFETIME_MS, used: false });
    return code;
  }

  /** The code's record even when used or expired, so the caller can say which. */
  findCode(code: string): AuthorizationCode | undefined {
    return this.codes.get(code);
  }

  isExpired(entry: { expiresAt: number }): boolean {
    return this.now() >= entry.expiresAt;
  }

  issueAccessToken(context: GrantContext, lifetimeSeconds: number, family: string = randomToken(16)): string {
    const token = randomToken();
    this.accessTokens.set(token, { ...context, expiresAt: this.now() + lifetimeSeconds * 1000, family });
    return token;
  }

  familyOf(accessToken: string): string | undefined {
    return this.accessTokens.get(accessToken)?.family;
  }

  /** The token when it exists and has not expired; 'expired' lets the 401 say why. */
  findAccessToken(token: string): AccessToken | 'expired' | undefined {
    const entry = this.accessTokens.get(token);
    if (!entry) return undefined;
    if (this.isExpired(entry)) {
      this.accessTokens.delete(token);
      return 'expired';
    }
    return entry;
  }

  /** A refresh token for the access token just issued (same family). */
  issueRefreshToken(context: GrantContext, accessToken: string): string {
    const token = randomToken();
    const family = this.familyOf(accessToken) ?? randomToken(16);
    this.refreshTokens.set(token, { ...context, family, accessToken, used: false });
    return token;
  }

  /** Peeks at a refresh token without using it (client checks before rotation). */
  findRefreshToken(token: string): RefreshToken | undefined {
    return this.refreshTokens.get(token);
  }

  /**
   * Uses a refresh token once: it is spent and the access token issued with it revoked. A token already spent is
   * refused and its whole family (every access and refresh token of that authorization) revoked.
   */
  useRefreshToken(token: string): Rotation {
    const grant = this.refreshTokens.get(token);
    if (!grant) return { ok: false, reason: 'Unknown refresh token' };
    if (grant.used) {
      this.revokeFamily(grant.family);
      return { ok: false, reason: 'The refresh token was already used (it is replaced by each refresh); the grant is revoked' };
    }
    grant.used = true;
    this.accessTokens.delete(grant.accessToken);
    return { ok: true, grant };
  }

  private revokeFamily(family: string): void {
    for (const [token, entry] of this.accessTokens) if (entry.family === family) this.accessTokens.delete(token);
    for (const entry of this.refreshTokens.values()) if (entry.family === family) entry.used = true;
  }

  addPending(request: Omit<PendingAuthorization, 'expiresAt'>): string {
    const id = randomToken(16);
    this.pending.set(id, { ...request, expiresAt: this.now() + PENDING_LIFETIME_MS });
    return id;
  }

  /** Single use: the picker answer consumes the pending request. */
  takePending(id: string): PendingAuthorization | undefined {
    const entry = this.pending.get(id);
    this.pending.delete(id);
    return entry && !this.isExpired(entry) ? entry : undefined;
  }
}
