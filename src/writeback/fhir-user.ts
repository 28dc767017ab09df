// Who is signed in, only from an id_token whose signature checks: RS256 against the JWKS the issuer's OpenID
// discovery names, the issuer and the JWKS on an origin this EHR's entry allows (the mix-up defence applies to
// identity too), the audience this client, unexpired. Anything else gives no author rather than a claimed one.
import type { Reference } from 'fhir/r4';
import { userReference } from './evidence-references';
import { withoutTrailingSlashes } from '../fhir/base-url';

export interface IdTokenCheck {
  idToken: string;
  clientId: string;
  /** Origins the EHR's authorization server may use (its entry's authOrigins, default the FHIR server's). */
  allowedOrigins: readonly string[];
  fetch?: typeof fetch;
}

export type VerifiedUser = { ok: true; user: Reference; display?: string } | { ok: false; reason: string };

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

export async function verifiedFhirUser(check: IdTokenCheck): Promise<VerifiedUser> {
  try {
    const { createRemoteJWKSet, decodeJwt, jwtVerify } = await import('jose');
    const claimedIssuer = decodeJwt(check.idToken).iss;
    if (typeof claimedIssuer !== 'string' || !check.allowedOrigins.includes(originOf(claimedIssuer) ?? '')) {
      return { ok: false, reason: 'the id_token names an issuer this EHR entry does not allow' };
    }
    const discoveryUrl = `${withoutTrailingSlashes(claimedIssuer)}/.well-known/openid-configuration`;
    const discovery = (await (check.fetch ?? fetch)(discoveryUrl, { credentials: 'omit' }).then((r) => (r.ok ? r.json() : undefined))) as { issuer?: unknown; jwks_uri?: unknown } | undefined;
    const jwksUri = typeof discovery?.jwks_uri === 'string' ? discovery.jwks_uri : undefined;
    if (!jwksUri || discovery?.issuer !== claimedIssuer || !check.allowedOrigins.includes(originOf(jwksUri) ?? '')) {
      return { ok: false, reason: "the EHR's OpenID discovery is missing or points elsewhere" };
    }
    const { payload } = await jwtVerify(check.idToken, createRemoteJWKSet(new URL(jwksUri)), { issuer: claimedIssuer, audience: check.clientId, algorithms: ['RS256'] });
    const user = userReference(typeof payload.fhirUser === 'string' ? payload.fhirUser : undefined);
    if (!user) return { ok: false, reason: 'the id_token names no user resource (fhirUser)' };
    return { ok: true, user, ...(typeof payload.name === 'string' ? { display: payload.name } : {}) };
  } catch (error) {
    return { ok: false, reason: `the id_token could not be verified (${error instanceof Error ? error.message : 'error'})` };
  }
}
