// SMART Backend Services: a client_credentials token obtained with a client_assertion JWT signed by the client's
// private key (ES384 for an EC P-384 key, RS384 for RSA), with jose. The token is reused until 30 s before it expires.
import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { SignJWT } from 'jose';
import { WorklistError } from './errors';

export interface SigningKey {
  key: KeyObject;
  alg: 'ES384' | 'RS384';
  kid?: string;
}

export async function loadSigningKey(file: string): Promise<SigningKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new WorklistError(`cannot read the key file ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let key: KeyObject;
  let kid: string | undefined;
  try {
    if (text.trimStart().startsWith('{')) {
      const jwk = JSON.parse(text) as Record<string, unknown>;
      if (typeof jwk.d !== 'string') throw new Error('the JWK has no private part ("d")');
      kid = typeof jwk.kid === 'string' ? jwk.kid : undefined;
      key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    } else {
      key = createPrivateKey(text);
    }
  } catch (error) {
    throw new WorklistError(`the key file ${file} is not a private JWK or PEM key: ${(error as Error).message}`);
  }
  const type = key.asymmetricKeyType;
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1') return { key, alg: 'ES384', ...(kid ? { kid } : {}) };
  if (type === 'rsa') return { key, alg: 'RS384', ...(kid ? { kid } : {}) };
  throw new WorklistError(`the key in ${file} is ${type ?? 'unknown'}${key.asymmetricKeyDetails?.namedCurve ? ` ${key.asymmetricKeyDetails.namedCurve}` : ''}: Backend Services needs EC P-384 (ES384) or RSA (RS384)`);
}

export async function clientAssertion(signing: SigningKey, clientId: string, tokenUrl: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: signing.alg, typ: 'JWT', ...(signing.kid ? { kid: signing.kid } : {}) })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(tokenUrl)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + 240)
    .setJti(randomUUID())
    .sign(signing.key);
}

export class BackendToken {
  private current?: { token: string; expiresAt: number };

  constructor(
    private readonly signing: SigningKey,
    private readonly clientId: string,
    private readonly tokenUrl: string,
    private readonly scope: string,
  ) {}

  /** A valid access token; `renew` forces a new one (after a 401). */
  async get(renew = false): Promise<string> {
    if (!renew && this.current && Date.now() < this.current.expiresAt - 30_000) return this.current.token;
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: this.scope,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await clientAssertion(this.signing, this.clientId, this.tokenUrl),
    });
    let response: Response;
    try {
      response = await fetch(this.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' }, body });
    } catch (error) {
      throw new WorklistError(`cannot reach the token endpoint ${this.tokenUrl}: ${(error as Error).message}`);
    }
    const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!response.ok || typeof json?.access_token !== 'string') {
      const why = json && typeof json.error === 'string' ? `${json.error}${typeof json.error_description === 'string' ? `: ${json.error_description}` : ''}` : `HTTP ${response.status}`;
      throw new WorklistError(`the token endpoint refused the client "${this.clientId}" (${why})`);
    }
    const lifetime = typeof json.expires_in === 'number' ? json.expires_in : 300;
    this.current = { token: json.access_token, expiresAt: Date.now() + lifetime * 1000 };
    return this.current.token;
  }
}

/** The token endpoint from the server's SMART configuration. */
export async function discoverTokenUrl(fhirBase: string): Promise<string> {
  const url = `${fhirBase}/.well-known/smart-configuration`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new WorklistError(`cannot reach ${url}: ${(error as Error).message}`);
  }
  const json = (await response.json().catch(() => undefined)) as { token_endpoint?: unknown } | undefined;
  if (!response.ok || typeof json?.token_endpoint !== 'string') {
    throw new WorklistError(`no token_endpoint in ${url} (HTTP ${response.status}); pass --token-url`);
  }
  return json.token_endpoint;
}
