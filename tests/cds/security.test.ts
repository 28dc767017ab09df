// Only a trusted EHR's fresh, signed JWT for this service gets an answer; malformed or oversized
// bodies are refused with a message an integrator can act on.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsecuredJWT } from 'jose';
import { EHR_ISS, OTHER_ISS, augmentationOrder, hookBody, prefetchFor, signJwt, signingKey, startTestService, testConfig, type SigningKey, type TestService } from './harness';
import { VIGNETTES } from '../../sandbox/patients';

const SIGN = 'kyphoplasty-order-sign';
const vignette = VIGNETTES[0]!;
const body = () => hookBody({ hook: 'order-sign', patientId: vignette.id, orders: [augmentationOrder(vignette.id)], prefetch: prefetchFor(vignette.build(new Date()), vignette.id) });

let service: TestService;
let untrustedKey: SigningKey;
beforeAll(async () => {
  untrustedKey = await signingKey();
  service = await startTestService();
});
afterAll(() => service.close());

async function expect401(authorization: string | null, why: RegExp) {
  const res = await service.call(SIGN, body(), { authorization });
  expect(res.status).toBe(401);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  const outcome = (await res.json()) as { resourceType: string; issue: Array<{ diagnostics: string }> };
  expect(outcome.resourceType).toBe('OperationOutcome');
  expect(outcome.issue[0]!.diagnostics).toMatch(why);
}

describe('JWT authentication of the calling EHR', () => {
  it('answers a fresh JWT from a trusted issuer', async () => {
    const res = await service.call(SIGN, body());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { cards: unknown[] }).cards).toHaveLength(1);
  });

  it('refuses a call without a JWT', async () => {
    await expect401(null, /bearer JWT signed by the calling EHR is required/);
    await expect401('Basic dXNlcjpwYXNz', /bearer JWT/);
  });

  it('refuses an unsigned (alg none) JWT', async () => {
    const token = new UnsecuredJWT({ jti: randomUUID() }).setIssuer(EHR_ISS).setAudience(service.serviceUrl(SIGN)).setIssuedAt().setExpirationTime('5m').encode();
    await expect401(`Bearer ${token}`, /algorithm is not accepted|not valid/);
  });

  it('refuses an expired JWT', async () => {
    const token = await signJwt(service.ehrKey, { aud: service.serviceUrl(SIGN), issuedAt: -600, expiresIn: 300 });
    await expect401(`Bearer ${token}`, /expired/);
  });

  it('accepts a 10-minute JWT: CDS Hooks 2.0 sets no five-minute limit', async () => {
    const token = await signJwt(service.ehrKey, { aud: service.serviceUrl(SIGN), expiresIn: 600 });
    expect((await service.call(SIGN, body(), { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('refuses a JWT that lives longer than the configured maximum (default one hour)', async () => {
    const token = await signJwt(service.ehrKey, { aud: service.serviceUrl(SIGN), expiresIn: 2 * 3600 });
    await expect401(`Bearer ${token}`, /lives longer than the 3600 seconds this service accepts/);
    const strict = await startTestService({ config: (key) => testConfig(key, { maxJwtLifetimeSeconds: 300 }) });
    try {
      const res = await strict.call(SIGN, body(), { authorization: `Bearer ${await signJwt(strict.ehrKey, { aud: strict.serviceUrl(SIGN), expiresIn: 600 })}` });
      expect(res.status).toBe(401);
    } finally {
      await strict.close();
    }
  });

  it('refuses a JWT for another audience, including the other service', async () => {
    await expect401(`Bearer ${await signJwt(service.ehrKey, { aud: 'https://other.example/cds-services/x' })}`, /audience/);
    await expect401(`Bearer ${await signJwt(service.ehrKey, { aud: service.serviceUrl('kyphoplasty-order-select') })}`, /audience/);
  });

  it('refuses an issuer that is not configured, even with a valid signature', async () => {
    await expect401(`Bearer ${await signJwt(untrustedKey, { iss: OTHER_ISS, aud: service.serviceUrl(SIGN) })}`, /issuer "https:\/\/untrusted\.example\.test" is not trusted/);
  });

  it("refuses a trusted issuer's name signed with someone else's key", async () => {
    await expect401(`Bearer ${await signJwt(untrustedKey, { iss: EHR_ISS, aud: service.serviceUrl(SIGN) })}`, /no key|signature/);
  });

  it('refuses a jku header pointing away from the configured key set', async () => {
    const token = await signJwt(service.ehrKey, { aud: service.serviceUrl(SIGN), header: { jku: 'https://attacker.example/jwks.json' } });
    await expect401(`Bearer ${token}`, /jku/);
  });

  it('refuses the same JWT twice (jti replay)', async () => {
    const token = await signJwt(service.ehrKey, { aud: service.serviceUrl(SIGN) });
    expect((await service.call(SIGN, body(), { authorization: `Bearer ${token}` })).status).toBe(200);
    await expect401(`Bearer ${token}`, /already used/);
  });

  it('accepts RS384 from an issuer whose key is RSA', async () => {
    const rsa = await signingKey('RS384');
    const rsaService = await startTestService({ config: () => testConfig(service.ehrKey, { trustedIssuers: [{ iss: EHR_ISS, jwks: { keys: [rsa.publicJwk] }, fhirServers: [] }] }) });
    try {
      const res = await rsaService.call(SIGN, body(), { authorization: `Bearer ${await signJwt(rsa, { aud: rsaService.serviceUrl(SIGN) })}` });
      expect(res.status).toBe(200);
    } finally {
      await rsaService.close();
    }
  });
});

describe('request checks', () => {
  async function outcomeOf(res: Response) {
    return ((await res.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]!.diagnostics;
  }

  it('answers 400 with a clear message for a body that is not JSON', async () => {
    const res = await service.call(SIGN, '{"hook": "order-sign",');
    expect(res.status).toBe(400);
    expect(await outcomeOf(res)).toMatch(/^the request body is not valid JSON/);
  });

  it.each([
    [{ hook: 'order-sign' }, /hookInstance is required/],
    [{ ...body(), hook: 'order-select' }, /hook is "order-select", but this service answers "order-sign"/],
    [{ ...body(), context: { userId: 'Practitioner/1', draftOrders: { resourceType: 'Bundle' } } }, /context\.patientId is required/],
    [{ ...body(), context: { ...body().context, draftOrders: [] } }, /context\.draftOrders is required and must be a FHIR Bundle/],
    [{ ...body(), fhirAuthorization: { access_token: 't', token_type: 'Bearer' } }, /fhirAuthorization was sent without fhirServer/],
    [{ ...body(), prefetch: { ...body().prefetch, patient: { resourceType: 'Patient', id: 'someone-else' } } }, /prefetch\.patient is Patient\/someone-else/],
  ])('answers 400 for a malformed request (%#)', async (request, message) => {
    const res = await service.call(SIGN, request);
    expect(res.status).toBe(400);
    expect(await outcomeOf(res)).toMatch(message);
  });

  it('refuses a 2 MB body with 413 before reading it', async () => {
    const big = JSON.stringify({ ...body(), padding: 'x'.repeat(2 * 1024 * 1024) });
    const res = await service.call(SIGN, big);
    expect(res.status).toBe(413);
    expect(await outcomeOf(res)).toMatch(/over the 1048576-byte limit/);
  });

  it('checks the JWT before reading the body', async () => {
    const res = await service.call(SIGN, 'not json at all', { authorization: null });
    expect(res.status).toBe(401);
  });

  it('answers 412 when the record is neither prefetched nor readable from a FHIR server', async () => {
    const { prefetch: _prefetch, ...withoutPrefetch } = body();
    const res = await service.call(SIGN, withoutPrefetch);
    expect(res.status).toBe(412);
    expect(await outcomeOf(res)).toMatch(/patient record could not be read/);
  });
});
