// Without prefetch the service reads the EHR's FHIR server (the sandbox) with the access token the
// EHR hands it, through the app's loader, and gives the same card as with prefetch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { VIGNETTES } from '../../sandbox/patients';
import type { Card } from '../../cds/card';
import { launchToken } from '../sandbox/sandbox-client';
import { EHR_ISS, augmentationOrder, hookBody, prefetchFor, startTestService, testConfig, type TestService } from './harness';

const today = new Date(Date.UTC(2026, 10, 24, 12));
const SIGN = 'kyphoplasty-order-sign';

let sandbox: RunningSandbox;
let service: TestService;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: false, today, log: () => {} });
  service = await startTestService({ today, config: (key) => testConfig(key, { trustedIssuers: [{ iss: EHR_ISS, jwks: { keys: [key.publicJwk] }, fhirServers: [sandbox.fhirBaseUrl] }] }) });
});
afterAll(async () => {
  await service.close();
  await sandbox.close();
});

async function cardOf(res: Response): Promise<Card> {
  expect(res.status).toBe(200);
  const body = (await res.json()) as { cards: Card[] };
  expect(body.cards).toHaveLength(1);
  return body.cards[0]!;
}

describe.each(VIGNETTES.map((v) => [v.id, v] as const))('sample patient %s', (id, vignette) => {
  it('gets the same card from the FHIR server as from prefetch', async () => {
    const token = await launchToken(sandbox, id);
    const fromServer = await cardOf(
      await service.call(SIGN, hookBody({ hook: 'order-sign', patientId: id, orders: [augmentationOrder(id)], fhirServer: sandbox.fhirBaseUrl, accessToken: token.access_token })),
    );
    const fromPrefetch = await cardOf(await service.call(SIGN, hookBody({ hook: 'order-sign', patientId: id, orders: [augmentationOrder(id)], prefetch: prefetchFor(vignette.build(today), id) })));
    expect({ indicator: fromServer.indicator, summary: fromServer.summary }).toEqual({ indicator: fromPrefetch.indicator, summary: fromPrefetch.summary });
    expect(fromServer.detail).not.toContain('Could not be read');
  });
});

describe('reading what the prefetch left out', () => {
  const vignette = VIGNETTES.find((v) => v.id === 'vcf-warfarin')!;

  it('fills a partial or failed prefetch from the server', async () => {
    const token = await launchToken(sandbox, vignette.id);
    const prefetch = prefetchFor(vignette.build(today), vignette.id, ['observation', 'medicationrequest']);
    prefetch.procedure = null;
    const card = await cardOf(
      await service.call(SIGN, hookBody({ hook: 'order-sign', patientId: vignette.id, orders: [augmentationOrder(vignette.id)], prefetch, fhirServer: sandbox.fhirBaseUrl, accessToken: token.access_token })),
    );
    // The INR and the anticoagulant come from the server's Observation and MedicationRequest searches.
    expect(card.summary).toContain('2 cautions');
  });

  it('says what it could not read when the prefetch is partial and there is no server', async () => {
    const prefetch = prefetchFor(vignette.build(today), vignette.id, ['observation']);
    const card = await cardOf(await service.call(SIGN, hookBody({ hook: 'order-sign', patientId: vignette.id, orders: [augmentationOrder(vignette.id)], prefetch })));
    expect(card.detail).toContain('**Could not be read**');
    expect(card.detail).toMatch(/Observation: not in the prefetch/);
  });

  it('answers 412 when the server refuses the token', async () => {
    const res = await service.call(SIGN, hookBody({ hook: 'order-sign', patientId: vignette.id, orders: [augmentationOrder(vignette.id)], fhirServer: sandbox.fhirBaseUrl, accessToken: 'not-a-token' }));
    expect(res.status).toBe(412);
    const outcome = (await res.json()) as { issue: Array<{ diagnostics: string }> };
    expect(outcome.issue[0]!.diagnostics).toMatch(/Patient: not authorized/);
  });

  it("sends the token only to the issuer's listed FHIR servers", async () => {
    const strict = await startTestService({ today, config: (key) => testConfig(key, { trustedIssuers: [{ iss: EHR_ISS, jwks: { keys: [key.publicJwk] }, fhirServers: ['https://ehr.example.test/fhir'] }] }) });
    try {
      const token = await launchToken(sandbox, vignette.id);
      const res = await strict.call(SIGN, hookBody({ hook: 'order-sign', patientId: vignette.id, orders: [augmentationOrder(vignette.id)], fhirServer: sandbox.fhirBaseUrl, accessToken: token.access_token }));
      expect(res.status).toBe(403);
    } finally {
      await strict.close();
    }
  });
});
