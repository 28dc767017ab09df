// OpenID Connect for SMART's `openid fhirUser`: an RS256 id_token signed with a key made at start-up, its public
// half served as a JWKS, and `fhirUser` naming the Practitioner this EHR says is signed in (served by the FHIR API).
import { createSign, generateKeyPair, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Practitioner } from 'fhir/r4';

export const SANDBOX_PRACTITIONER: Practitioner = {
  resourceType: 'Practitioner',
  id: 'sandbox-clinician',
  name: [{ prefix: ['Dr.'], given: ['Robin'], family: 'Sandbox', text: 'Dr. Robin Sandbox' }],
};

export const ID_TOKEN_SECONDS = 300;

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export class IdTokenSigner {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid = randomBytes(8).toString('hex');

  constructor(pair: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('rsa', { modulusLength: 2048 })) {
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  /**
   * A signer whose RSA key is made on libuv's thread pool: a 2048-bit key takes 0.1-1 s of CPU on a quiet machine
   * (1.4-6 s measured at load 13), which the sandbox's start overlaps with loading its patients instead of blocking.
   */
  static async create(): Promise<IdTokenSigner> {
    return new IdTokenSigner(await promisify(generateKeyPair)('rsa', { modulusLength: 2048 }));
  }

  jwks(): { keys: object[] } {
    return { keys: [{ ...this.publicKey.export({ format: 'jwk' }), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }

  sign(claims: Record<string, unknown>): string {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: this.kid }));
    const payload = base64url(JSON.stringify(claims));
    const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(this.privateKey);
    return `${header}.${payload}.${base64url(signature)}`;
  }
}

export interface IdTokenIssuer {
  signer: IdTokenSigner;
  /** The `iss` of every id_token: the authorization server's issuer (its origin, as smart-configuration says). */
  issuer: string;
  fhirBaseUrl: string;
}

/** The id_token for a grant that asked for `openid fhirUser`, or undefined. */
export function idTokenFor(issuer: IdTokenIssuer | undefined, scope: string, clientId: string, nowSeconds = Math.floor(Date.now() / 1000)): string | undefined {
  const scopes = new Set(scope.split(' '));
  if (!issuer || !scopes.has('openid') || !scopes.has('fhirUser')) return undefined;
  return issuer.signer.sign({
    iss: issuer.issuer,
    sub: SANDBOX_PRACTITIONER.id,
    aud: clientId,
    iat: nowSeconds,
    exp: nowSeconds + ID_TOKEN_SECONDS,
    fhirUser: `${issuer.fhirBaseUrl}/Practitioner/${SANDBOX_PRACTITIONER.id}`,
    name: SANDBOX_PRACTITIONER.name?.[0]?.text,
  });
}

export function openidConfiguration(issuer: string, jwksUri: string, authorizeUrl: string, tokenUrl: string) {
  return {
    issuer,
    jwks_uri: jwksUri,
    authorization_endpoint: authorizeUrl,
    token_endpoint: tokenUrl,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid', 'fhirUser'],
    claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'fhirUser', 'name'],
  };
}
