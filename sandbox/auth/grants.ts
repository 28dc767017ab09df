// Server-side memory of the authorization server: codes, access tokens, refresh tokens and
// authorize requests waiting on the patient picker. Everything is random, opaque and in memory;
// expired entries are dropped when met.
import { randomBytes } from 'node:crypto';
import type { Simulation } from './simulation';

export const CODE_LIFETIME_MS = 60_000;
export const PENDING_LIFETIME_MS = 10 * 60_000;

/** What a grant is bound to, from the authorize request through every refreshed token. */
export interface GrantContext {
  clientId: string;
  scope: string;
  patient?: string;
  needPatientBanner: boolean;
  simulation: Simulation;
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
}

export type RefreshToken = GrantContext;

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

  issueAccessToken(context: GrantContext, lifetimeSeconds: number): string {
    const token = randomToken();
    this.accessTokens.set(token, { ...context, expiresAt: this.now() + lifetimeSeconds * 1000 });
    return token;
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

  issueRefreshToken(context: GrantContext): string {
    const token = randomToken();
    this.refreshTokens.set(token, { ...context });
    return token;
  }

  findRefreshToken(token: string): RefreshToken | undefined {
    return this.refreshTokens.get(token);
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
