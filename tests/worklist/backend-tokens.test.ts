// The sandbox's Backend Services token endpoint (sandbox/bulk/tokens.ts) against the worklist's own assertion
// (src/worklist/backend-auth.ts): what a strict server accepts and what it refuses.
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateBulkClient } from '../../sandbox/bulk/registration';
import { BulkTokens, grantReads } from '../../sandbox/bulk/tokens';
import { clientAssertion } from '../../src/worklist/backend-auth';

const TOKEN_URL = 'http://localhost:4013/auth/token';
const form = (assertion: string, scope = 'system/*.rs') =>
  new URLSearchParams({ grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion });

async function setup() {
  const { client, privateJwk } = await generateBulkClient('wl');
  const signing = { key: createPrivateKey({ key: privateJwk as never, format: 'jwk' }), alg: 'ES384' as const, kid: privateJwk.kid as string };
  return { tokens: new BulkTokens([client], TOKEN_URL, 300), signing };
}

describe('SMART Backend Services tokens (sandbox) for the worklist client', () => {
  it('an ES384 assertion for this token endpoint gets a system/*.rs token that reads every type', async () => {
    const { tokens, signing } = await setup();
    const answer = await tokens.exchange(form(await clientAssertion(signing, 'wl', TOKEN_URL)));
    expect(answer).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/*.rs' });
    const grant = tokens.check(`Bearer ${answer.access_token}`);
    expect(grant !== 'expired' && grant && grantReads(grant, 'Observation')).toBe(true);
  });

  it('an RS384 key registered in the JWK Set is accepted too', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS384', { extractable: true });
    const tokens = new BulkTokens([{ clientId: 'rsa', jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'RS384' }] } }], TOKEN_URL, 300);
    const assertion = await clientAssertion({ key: createPrivateKey({ key: (await exportJWK(privateKey)) as never, format: 'jwk' }), alg: 'RS384' }, 'rsa', TOKEN_URL);
    await expect(tokens.exchange(form(assertion))).resolves.toMatchObject({ scope: 'system/*.rs' });
  });

  it('a replayed assertion (same jti) is refused', async () => {
    const { tokens, signing } = await setup();
    const assertion = await clientAssertion(signing, 'wl', TOKEN_URL);
    await tokens.exchange(form(assertion));
    await expect(tokens.exchange(form(assertion))).rejects.toMatchObject({ error: 'invalid_client', description: expect.stringContaining('replay') });
  });

  it('an assertion for another audience, or signed by another key, is refused', async () => {
    const { tokens, signing } = await setup();
    await expect(tokens.exchange(form(await clientAssertion(signing, 'wl', 'http://elsewhere/token')))).rejects.toMatchObject({ error: 'invalid_client' });
    const other = await setup();
    await expect(tokens.exchange(form(await clientAssertion(other.signing, 'wl', TOKEN_URL)))).rejects.toMatchObject({ error: 'invalid_client' });
  });

  it('an assertion living longer than 5 minutes is refused', async () => {
    const { tokens, signing } = await setup();
    const long = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: signing.kid }).setIssuer('wl').setSubject('wl').setAudience(TOKEN_URL)
      .setExpirationTime('1h').setJti('j1').sign(signing.key);
    await expect(tokens.exchange(form(long))).rejects.toMatchObject({ description: expect.stringContaining('5 minutes') });
  });

  it('patient or user scopes, and writes, are not granted to a backend client', async () => {
    const { tokens, signing } = await setup();
    await expect(tokens.exchange(form(await clientAssertion(signing, 'wl', TOKEN_URL), 'system/*.rs patient/*.rs'))).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(tokens.exchange(form(await clientAssertion(signing, 'wl', TOKEN_URL), 'system/Observation.cruds'))).rejects.toMatchObject({ error: 'invalid_scope' });
  });

  it('a token past its lifetime is reported expired', async () => {
    let now = Date.now();
    const { client, privateJwk } = await generateBulkClient('wl');
    const tokens = new BulkTokens([client], TOKEN_URL, 1, () => now);
    const signing = { key: createPrivateKey({ key: privateJwk as never, format: 'jwk' }), alg: 'ES384' as const };
    const { access_token } = await tokens.exchange(form(await clientAssertion(signing, 'wl', TOKEN_URL)));
    now += 2000;
    expect(tokens.check(`Bearer ${access_token}`)).toBe('expired');
  });
});
