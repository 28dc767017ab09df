// `openid fhirUser`: the sandbox signs an RS256 id_token naming a Practitioner it serves, verifiable with its JWKS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { CLIENT_ID, fhirGet, launchToken } from './sandbox-client';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {} });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('id_token', () => {
  it('is signed RS256 by a key of the JWKS its OpenID discovery names, for this client, with fhirUser', async () => {
    const token = await launchToken(sandbox, 'vcf-osteoporotic', { scope: 'launch openid fhirUser patient/*.rs' });
    const origin = new URL(sandbox.ehrUrl).origin;
    const discovery = (await (await fetch(`${origin}/.well-known/openid-configuration`)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(origin);
    const { payload, protectedHeader } = await jwtVerify((token as { id_token?: string }).id_token ?? '', createRemoteJWKSet(new URL(discovery.jwks_uri)), { issuer: origin, audience: CLIENT_ID, algorithms: ['RS256'] });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload.fhirUser).toBe(`${sandbox.fhirBaseUrl}/Practitioner/sandbox-clinician`);
    const practitioner = await fhirGet(sandbox, 'Practitioner/sandbox-clinician', token.access_token);
    expect(practitioner.status).toBe(200); // the Practitioner fhirUser names is served
  });

  it('is not issued without openid fhirUser', async () => {
    const token = await launchToken(sandbox, 'vcf-osteoporotic', { scope: 'launch patient/*.rs' });
    expect((token as { id_token?: string }).id_token).toBeUndefined();
  });
});
