// The sandbox as the ordering EHR: "Order kyphoplasty" on the mock chart sends order-select and
// order-sign (signed JWT, prefetch filled) to the CDS service, shows the card its verdict implies,
// and the card's app link launches the app with the order in appContext and fhirContext.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCdsAlongside, type CdsAlongside } from '../../cds/alongside';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { callAuthorize, exchangeCode, pkcePair, sessionCookieOf } from '../sandbox/sandbox-client';

let cds: CdsAlongside;
let sandbox: RunningSandbox;
beforeAll(async () => {
  cds = (await startCdsAlongside(0, () => {}))!;
  sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {}, cdsDiscoveryUrl: cds.service.discoveryUrl });
  cds.trustSandbox(sandbox);
});
afterAll(async () => {
  await sandbox.close();
  await cds.service.close();
});

const unescape = (s: string) => s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

async function chartOrderUrl(patient: string): Promise<string> {
  const launch = await fetch(new URL(`/launch?mode=embedded&patient=${patient}`, sandbox.ehrUrl), { redirect: 'manual' });
  // The chart shows a launch only to the EHR session it was issued to.
  const cookie = sessionCookieOf(launch);
  const chart = await (await fetch(new URL(launch.headers.get('location')!, sandbox.ehrUrl), { headers: cookie ? { Cookie: cookie } : {} })).text();
  const href = /data-testid="chart-order-link"|href="([^"]+)" data-testid="chart-order-link"/.exec(chart)?.[1];
  expect(href, chart).toBeDefined();
  return new URL(unescape(href!), sandbox.ehrUrl).href;
}

async function order(patient: string, level: string): Promise<string> {
  const entry = await fetch(await chartOrderUrl(patient));
  expect(entry.status).toBe(200);
  const form = await entry.text();
  const chartPatient = unescape(/name="patient" value="([^"]+)"/.exec(form)![1]!);
  expect(chartPatient).toBe(patient);
  const res = await fetch(new URL('/ehr/order', sandbox.ehrUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ patient: chartPatient, level }).toString(),
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe.each([
  ['vcf-pregnant', 'critical', 'Not a candidate: pregnancy'],
  ['vcf-warfarin', 'warning', 'Vertebral augmentation: needs information before ordering; 2 cautions'],
])('ordering kyphoplasty for %s on the chart', (patient, indicator, summary) => {
  let page: string;
  beforeAll(async () => {
    page = await order(patient, 'L1');
  });

  it('shows the card of each hook with the indicator and summary its verdict implies', () => {
    expect([...page.matchAll(/data-hook="([^"]+)" data-indicator="([^"]+)"/g)].map((m) => [m[1], m[2]])).toEqual([
      ['order-select', indicator],
      ['order-sign', indicator],
    ]);
    const summaries = [...page.matchAll(/data-testid="cds-card-summary">([^<]*)</g)].map((m) => unescape(m[1]!));
    expect(summaries).toHaveLength(2);
    for (const s of summaries) expect(s.startsWith(summary)).toBe(true);
    expect(page).not.toContain('data-testid="cds-error"');
    expect(page).toContain('at L1');
  });

  it("follows the card's app link into a launch whose token carries the order", async () => {
    const href = unescape(/href="([^"]+)" data-testid="cds-card-app-link"/.exec(page)![1]!);
    const launchRes = await fetch(new URL(href, sandbox.ehrUrl), { redirect: 'manual' });
    expect(launchRes.status).toBe(302);
    const appLaunch = new URL(launchRes.headers.get('location')!);
    expect(appLaunch.pathname).toBe('/launch.html');
    expect(appLaunch.searchParams.get('iss')).toBe(sandbox.fhirBaseUrl);
    const pkce = pkcePair();
    // The card's launch id is bound to the EHR session the link set (sandbox/auth/launch-id.ts).
    const cookie = sessionCookieOf(launchRes);
    expect(cookie).toBeDefined();
    const { location } = await callAuthorize(sandbox, { launch: appLaunch.searchParams.get('launch')!, challenge: pkce.challenge, cookie: cookie! });
    const { res, body } = await exchangeCode(sandbox, location!.searchParams.get('code')!, pkce.verifier);
    expect(res.status).toBe(200);
    const token = body as typeof body & { appContext?: string; fhirContext?: Array<{ reference: string }> };
    expect(token.patient).toBe(patient);
    const context = JSON.parse(token.appContext!) as { kyphoplastyOrder: { reference: string; levels: string[] } };
    expect(context.kyphoplastyOrder.levels).toEqual(['L1']);
    expect(context.kyphoplastyOrder.reference).toMatch(/^ServiceRequest\/kyphoplasty-/);
    expect(token.fhirContext).toEqual([{ reference: context.kyphoplastyOrder.reference }]);
  });
});

it('orders a thoracic level with the thoracic code and names it', async () => {
  const page = await order('vcf-osteoporotic', 'T12');
  expect(page).toContain('at T12');
  expect(page).toMatch(/thoracic/);
});

it('keeps a hostile record as text on the order page', async () => {
  const page = await order('vcf-hostile', 'L2');
  expect(page).not.toMatch(/<script|<img/i);
  expect(page).toContain('data-testid="cds-card"');
});
