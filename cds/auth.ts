// CDS Hooks client authentication: the EHR signs a short-lived JWT (iss, aud = the service URL, exp,
// iat, jti) with a key from its JWK Set; only configured issuers are trusted, and a jti is used once
// across every instance of the service (cds/shared-state.ts).
import { createHash } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { CdsConfig, TrustedIssuer } from './config';
import { SharedStateUnavailableError, type SharedState } from './shared-state';

export class AuthenticationError extends Error {
  override name = 'AuthenticationError';
  /** The iss the refused JWT claimed, unverified (the audit log records who tried). */
  constructor(message: string, readonly claimedIss?: string) {
    super(message);
  }
}

export interface CallingClient {
  issuer: TrustedIssuer;
  /** The EHR's client id, when it sent one. */
  sub?: string;
  tenant?: string;
}

const CLOCK_TOLERANCE_SECONDS = 30;

/** The token of an `Authorization: Bearer <jwt>` header, or undefined; no backtracking pattern on the header. */
function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const space = text.indexOf(' ');
  if (space < 0 || text.slice(0, space).toLowerCase() !== 'bearer') return undefined;
  const token = text.slice(space + 1).trim();
  return /^[A-Za-z0-9_\-.]+$/.test(token) ? token : undefined;
}

/** A fixed-length key for an issuer's jti: a caller cannot make the replay store hold long keys. */
function replayKey(iss: string, jti: string): string {
  return createHash('sha256').update(iss).update('\n').update(jti).digest('base64url');
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
  /** Verifies the Authorization header for a call to one of `audiences`; throws AuthenticationError. */
  authenticate(authorization: string | undefined, audiences: string[]): Promise<CallingClient>;
}

export function createAuthenticator(config: CdsConfig, state: SharedState, now: () => number = Date.now): Authenticator {
  const keySets = new Map<string, JWTVerifyGetKey>();

  const keysOf = (issuer: TrustedIssuer): JWTVerifyGetKey => {
    let keys = keySets.get(issuer.iss);
    if (!keys) {
      keys = issuer.jwks ? createLocalJWKSet(issuer.jwks) : createRemoteJWKSet(new URL(issuer.jwksUrl!), { timeoutDuration: 5_000 });
      keySets.set(issuer.iss, keys);
    }
    return keys;
  };

  return {
    async authenticate(authorization, audiences) {
      const token = bearerToken(authorization);
      if (!token) throw new AuthenticationError('a bearer JWT signed by the calling EHR is required');
      let iss: unknown;
      let jku: unknown;
      try {
        iss = decodeJwt(token).iss;
        jku = decodeProtectedHeader(token).jku;
      } catch {
        throw new AuthenticationError('the bearer token is not a JWT');
      }
      const issuer = typeof iss === 'string' ? config.trustedIssuers.find((candidate) => candidate.iss === iss) : undefined;
      const claimed = typeof iss === 'string' ? iss.slice(0, 200) : undefined;
      if (!issuer) throw new AuthenticationError(`the JWT issuer ${claimed !== undefined ? JSON.stringify(claimed) : '(none)'} is not trusted`, claimed);
      // Keys come from the configured set only (https, or http on this machine: checked in cds/config.ts):
      // a jku pointing elsewhere would let the caller pick its own key.
      if (jku !== undefined && jku !== issuer.jwksUrl) throw new AuthenticationError('the JWT jku header is not the JWK Set configured for its issuer', claimed);
      let payload;
      try {
        ({ payload } = await jwtVerify(token, keysOf(issuer), {
          issuer: issuer.iss,
          audience: [...audiences, ...config.extraAudiences],
          algorithms: config.algorithms,
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
          maxTokenAge: config.maxJwtLifetimeSeconds + CLOCK_TOLERANCE_SECONDS,
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          currentDate: new Date(now()),
        }));
      } catch (error) {
        throw new AuthenticationError(describeJoseError(error), claimed);
      }
      // CDS Hooks 2.0 asks for a short-lived JWT and sets no number: the maximum is the deployment's (config).
      if (payload.exp! - payload.iat! > config.maxJwtLifetimeSeconds + CLOCK_TOLERANCE_SECONDS) {
        throw new AuthenticationError(`the JWT lives longer than the ${config.maxJwtLifetimeSeconds} seconds this service accepts (exp - iat)`, claimed);
      }
      if (typeof payload.jti !== 'string' || payload.jti === '') throw new AuthenticationError('the JWT has no id (jti)', claimed);
      // Remembered until the JWT can no longer pass the expiry check, on every instance (shared state).
      const use = await state.useOnce(replayKey(issuer.iss, payload.jti), (payload.exp! + CLOCK_TOLERANCE_SECONDS) * 1000);
      if (use === 'replayed') throw new AuthenticationError('the JWT id (jti) was already used', claimed);
      if (use === 'full') throw new SharedStateUnavailableError('too many unexpired JWT ids to record another: refused rather than forget one');
      return {
        issuer,
        ...(typeof payload.sub === 'string' ? { sub: payload.sub } : {}),
        ...(typeof payload.tenant === 'string' ? { tenant: payload.tenant } : {}),
      };
    },
  };
}
