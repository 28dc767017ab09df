// The author comes only from an id_token that verifies against the EHR's own keys, for this client, on an allowed origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { verifiedFhirUser } from '../../src/writeback/fhir-user';
import { CLIENT_ID, launchToken } from '../sandbox/sandbox-client';

let sandbox: RunningSandbox;
let idToken: string;
let origin: string;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {} });
  origin = new URL(sandbox.ehrUrl).origin;
  idToken = ((await launchToken(sandbox, 'vcf-osteoporotic', { scope: 'launch openid fhirUser patient/*.rs' })) as { id_token?: string }).id_token ?? '';
});
afterAll(async () => {
  await sandbox?.close();
});

describe('fhirUser from a verified id_token', () => {
  it('names the Practitioner when the signature, issuer and audience check', async () => {
    expect(await verifiedFhirUser({ idToken, clientId: CLIENT_ID, allowedOrigins: [origin] })).toEqual({ ok: true, user: { reference: 'Practitioner/sandbox-clinician' }, display: 'Dr. Robin Sandbox' });
  });

  it('gives no author for another client, an issuer the entry does not allow, or a forged payload', async () => {
    expect((await verifiedFhirUser({ idToken, clientId: 'someone-else', allowedOrigins: [origin] })).ok).toBe(false);
    expect((await verifiedFhirUser({ idToken, clientId: CLIENT_ID, allowedOrigins: ['https://ehr.example.org'] })).ok).toBe(false);
    const [header, payload, signature] = idToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, fhirUser: `${sandbox.fhirBaseUrl}/Practitioner/impostor` })).toString('base64url')}.${signature}`;
    const result = await verifiedFhirUser({ idToken: forged, clientId: CLIENT_ID, allowedOrigins: [origin] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('could not be verified');
  });
});
