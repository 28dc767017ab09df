// SMART Backend Services token endpoint (client_credentials with a signed client_assertion) and the bearer check
// of the bulk endpoints. The assertion is verified with jose against the registered JWK Set: iss = sub = client id,
// aud = this token endpoint, exp at most five minutes ahead, jti never seen before (a replay is refused).
// Only `system/<Type|*>.(rs|r|s|read)` scopes are granted: the sandbox lets a backend client read, nothing else.
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { randomBytes } from 'node:crypto';
import { OAuthError } from '../auth/oauth-errors';
import type { BulkClient } from './registration';

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const SYSTEM_READ_SCOPE = /^system\/(\*|[A-Z][A-Za-z]+)\.(rs|r|s|read)$/;
const MAX_ASSERTION_LIFETIME_S = 300;

export interface BulkGrant {
  clientId: string;
  scope: string;
  expiresAt: number;
}

export interface BulkTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

export class BulkTokens {
  private readonly tokens = new Map<string, BulkGrant>();
  private readonly seenJti = new Map<string, number>();

  constructor(
    private readonly clients: readonly BulkClient[],
    private readonly tokenUrl: string,
    private readonly lifetimeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async exchange(form: URLSearchParams): Promise<BulkTokenResponse> {
    if (form.get('client_assertion_type') !== ASSERTION_TYPE) {
      throw new OAuthError('invalid_client', `client_assertion_type must be ${ASSERTION_TYPE}`, 401);
    }
    const assertion = form.get('client_assertion') ?? '';
    let issuer: string | undefined;
    try {
      issuer = decodeJwt(assertion).iss;
    } catch {
      throw new OAuthError('invalid_client', 'client_assertion is not a JWT', 401);
    }
    const client = this.clients.find((c) => c.clientId === issuer);
    if (!client) throw new OAuthError('invalid_client', `Unknown client "${issuer ?? ''}" (register its JWK Set first)`, 401);
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
        issuer: client.clientId,
        subject: client.clientId,
        audience: this.tokenUrl,
        algorithms: ['RS384', 'ES384'],
        currentDate: new Date(this.now()),
      }));
    } catch (error) {
      throw new OAuthError('invalid_client', `client_assertion refused: ${(error as Error).message}`, 401);
    }
    const nowSeconds = Math.floor(this.now() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp - nowSeconds > MAX_ASSERTION_LIFETIME_S) {
      throw new OAuthError('invalid_client', 'client_assertion exp must be at most 5 minutes ahead', 401);
    }
    if (typeof payload.jti !== 'string' || !payload.jti) throw new OAuthError('invalid_client', 'client_assertion needs a jti', 401);
    this.forgetOldJti(nowSeconds);
    if (this.seenJti.has(`${client.clientId} ${payload.jti}`)) throw new OAuthError('invalid_client', 'client_assertion jti already used (replay)', 401);
    this.seenJti.set(`${client.clientId} ${payload.jti}`, payload.exp);

    const asked = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    if (asked.length === 0) throw new OAuthError('invalid_scope', 'Ask for system/*.rs (or system/<Type>.rs scopes)');
    const refused = asked.filter((s) => !SYSTEM_READ_SCOPE.test(s));
    if (refused.length) throw new OAuthError('invalid_scope', `Not granted to a backend client: ${refused.join(' ')}`);
    const token = randomBytes(32).toString('base64url');
    const scope = asked.join(' ');
    this.tokens.set(token, { clientId: client.clientId, scope, expiresAt: this.now() + this.lifetimeSeconds * 1000 });
    return { access_token: token, token_type: 'bearer', expires_in: this.lifetimeSeconds, scope };
  }

  /** The grant of an `Authorization: Bearer` header; 'expired' or undefined says why not. */
  check(authorization: string | undefined): BulkGrant | 'expired' | undefined {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const grant = token ? this.tokens.get(token) : undefined;
    if (!grant) return undefined;
    if (this.now() >= grant.expiresAt) {
      this.tokens.delete(token!);
      return 'expired';
    }
    return grant;
  }

  private forgetOldJti(nowSeconds: number): void {
    for (const [key, exp] of this.seenJti) if (exp < nowSeconds) this.seenJti.delete(key);
  }
}

/** True when the grant may read this type (system/*.rs or system/<Type>.rs). */
export function grantReads(grant: BulkGrant, type: string): boolean {
  return grant.scope.split(' ').some((s) => {
    const m = SYSTEM_READ_SCOPE.exec(s);
    return !!m && (m[1] === '*' || m[1] === type) && m[2] !== 's';
  });
}
