// CDS Hooks client authentication: the EHR signs a short-lived JWT (iss, aud = the service URL, exp,
// iat, jti) with a key from its JWK Set; only configured issuers are trusted, and a jti is used once.
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { CdsConfig, TrustedIssuer } from './config';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
}

export interface CallingClient {
  issuer: TrustedIssuer;
  /** The EHR's client id, when it sent one. */
  sub?: string;
  tenant?: string;
}

/** The JWT lifetime CDS Hooks allows: exp at most five minutes after iat. */
const MAX_LIFETIME_SECONDS = 5 * 60;
const CLOCK_TOLERANCE_SECONDS = 30;
const MAX_REMEMBERED_JTI = 10_000;

/** Seen token ids until they expire, bounded: a replayed JWT is refused. */
class ReplayGuard {
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  /** False when this issuer already used this jti. */
  remember(iss: string, jti: string, expiresAtSeconds: number): boolean {
    const nowSeconds = this.now() / 1000;
    if (this.seen.size >= MAX_REMEMBERED_JTI) {
      for (const [key, exp] of this.seen) if (exp + CLOCK_TOLERANCE_SECONDS < nowSeconds) this.seen.delete(key);
    }
    const key = `${iss}\n${jti}`;
    if (this.seen.has(key)) return false;
    // Full of live ids: forget the oldest rather than grow without bound.
    if (this.seen.size >= MAX_REMEMBERED_JTI) this.seen.delete(this.seen.keys().next().value!);
    this.seen.set(key, expiresAtSeconds);
    return true;
  }
}

function describeJoseError(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the JWT has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the JWT audience (aud) is not this service';
    if (error.claim === 'iat') return 'the JWT issue time (iat) is missing or too old';
    return `the JWT claim "${error.claim}" is not valid (${error.reason})`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the JWT signature does not verify';
  if (error instanceof errors.JWKSNoMatchingKey) return "no key in the issuer's JWK Set matches the JWT";
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the JWT signing algorithm is not accepted';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return "the issuer's JWK Set could not be read";
  if (error instanceof errors.JOSEError) return `the JWT is not valid (${error.code})`;
  return "the issuer's JWK Set could not be read";
}

export interface Authenticator {
  /** Verifies the Authorization header for a call to `audience`; throws AuthenticationError. */
  authenticate(authorization: string | undefined, audience: string): Promise<CallingClient>;
}

export function createAuthenticator(config: CdsConfig, now: () => number = Date.now): Authenticator {
  const keySets = new Map<string, JWTVerifyGetKey>();
  const replay = new ReplayGuard(now);

  const keysOf = (issuer: TrustedIssuer): JWTVerifyGetKey => {
    let keys = keySets.get(issuer.iss);
    if (!keys) {
      keys = issuer.jwks ? createLocalJWKSet(issuer.jwks) : createRemoteJWKSet(new URL(issuer.jwksUrl!), { timeoutDuration: 5_000 });
      keySets.set(issuer.iss, keys);
    }
    return keys;
  };

  return {
    async authenticate(authorization, audience) {
      const match = /^Bearer\s+([A-Za-z0-9_\-.]+)\s*$/i.exec(authorization ?? '');
      if (!match?.[1]) throw new AuthenticationError('a bearer JWT signed by the calling EHR is required');
      const token = match[1];
      let iss: unknown;
      let jku: unknown;
      try {
        iss = decodeJwt(token).iss;
        jku = decodeProtectedHeader(token).jku;
      } catch {
        throw new AuthenticationError('the bearer token is not a JWT');
      }
      const issuer = typeof iss === 'string' ? config.trustedIssuers.find((candidate) => candidate.iss === iss) : undefined;
      if (!issuer) throw new AuthenticationError(`the JWT issuer ${typeof iss === 'string' ? JSON.stringify(iss) : '(none)'} is not trusted`);
      // Keys come from the configured set only: a jku pointing elsewhere would let the caller pick its own key.
      if (jku !== undefined && jku !== issuer.jwksUrl) throw new AuthenticationError('the JWT jku header is not the JWK Set configured for its issuer');
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keysOf(issuer), {
          issuer: issuer.iss,
          audience: [audience, ...config.extraAudiences],
          algorithms: config.algorithms,
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
          maxTokenAge: MAX_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now()),
        }));
      } catch (error) {
        throw new AuthenticationError(describeJoseError(error));
      }
      if (payload.exp! - payload.iat! > MAX_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS) {
        throw new AuthenticationError('the JWT lives longer than the five minutes CDS Hooks allows');
      }
      if (typeof payload.jti !== 'string' || !replay.remember(issuer.iss, payload.jti, payload.exp!)) {
        throw new AuthenticationError('the JWT id (jti) was already used');
      }
      return {
        issuer,
        ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}),
        ...(typeof payload.tenant === 'string' ? { tenant: payload.tenant } : {}),
      };
    },
  };
}
