// The launcher, the embedded chart and the app's static server: what a browser test clicks.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients/index';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { authorizeUrl, callAuthorize, exchangeCode, pkcePair, sessionCookieOf } from './sandbox-client';

/** What a launch id stands for, found out as the app would: authorize with it (in its EHR session), then the token. */
async function tokenFor(launch: string, cookie: string | undefined) {
  const pkce = pkcePair();
  const { location } = await callAuthorize(sandbox, { launch, challenge: pkce.challenge, cookie: cookie ?? null });
  const { body } = await exchangeCode(sandbox, location?.searchParams.get('code') ?? '', pkce.verifier);
  return body;
}

/** Launch ids are random, not an encoding of the patient. */
function expectOpaque(launch: string, patient: string): void {
  expect(launch).toMatch(/^[A-Za-z0-9_-]{32}$/);
  expect(Buffer.from(launch, 'base64url').toString('latin1')).not.toContain(patient);
}

let sandbox: RunningSandbox;
let root: string;
let appDir: string;

beforeAll(async () => {
  // root/app is served; root/outside-secret.txt must never be.
  root = await mkdtemp(join(tmpdir(), 'kyphoplasty-app-'));
  appDir = join(root, 'app');
  await mkdir(join(appDir, 'assets'), { recursive: true });
  await writeFile(join(appDir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(appDir, 'launch.html'), '<!doctype html><title>launch</title>');
  await writeFile(join(appDir, 'assets', 'main-abc123.js'), 'console.log(1)');
  await writeFile(join(appDir, 'smart-config.json'), '{"clientId":"kyphoplasty-local"}');
  await writeFile(join(root, 'outside-secret.txt'), 'secret');
  sandbox = await startSandbox({ port: 0, appDir, appPort: 0, includeSynthea: false, log: () => {} });
});
afterAll(async () => {
  await sandbox?.close();
  await rm(root, { recursive: true, force: true });
});

describe('launcher page', () => {
  it('lists every vignette with its launch buttons, escaped, under a CSP', async () => {
    const res = await fetch(sandbox.ehrUrl);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const page = await res.text();
    expect(page).not.toMatch(/<script|style=|https?:\/\/(?!localhost)/);
    for (const v of VIGNETTES) {
      expect(page).toContain(`<tr data-patient-id="${v.id}"`);
      expect(page).toContain(`data-action="ehr-launch" data-patient-id="${v.id}"`);
      expect(page).toContain(`data-action="embedded" data-patient-id="${v.id}"`);
      expect(page).toContain(`data-expected-verdict="${v.expected.verdictFromRecord}"`);
    }
    expect(page).toContain('data-action="standalone-launch"');
    expect(page).toContain('data-testid="error-simulation"');
    expect(page).toContain('<option value="token_expired">');
    // the messy patient's name has an apostrophe: it must arrive escaped
    expect(page).toContain('Dolores O&#39;Brien-Núñez');
    expect(page).not.toContain("O'Brien");
  });

  it('uses the app server origin for launch links', async () => {
    expect(sandbox.appUrl).toMatch(/^http:\/\/localhost:\d+\/$/);
    const page = await (await fetch(sandbox.ehrUrl)).text();
    expect(page).toContain(`data-testid="app-origin">${new URL(sandbox.appUrl ?? '').origin}<`);
  });
});

describe('/launch', () => {
  it('EHR launch: redirects to the app launch page with iss and an opaque launch id standing for patient and simulation', async () => {
    const res = await fetch(`${sandbox.ehrUrl}launch?launch=ehr:vcf-chronic&sim=token_expired`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}/`).toBe(sandbox.appUrl);
    expect(location.pathname).toBe('/launch.html');
    expect(location.searchParams.get('iss')).toBe(sandbox.fhirBaseUrl);
    const launch = location.searchParams.get('launch') ?? '';
    expectOpaque(launch, 'vcf-chronic');
    const cookie = sessionCookieOf(res);
    expect(res.headers.get('set-cookie')).toMatch(/^kyphoplasty_sandbox_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; Secure; SameSite=None/);
    expect(await tokenFor(launch, cookie)).toMatchObject({ patient: 'vcf-chronic', expires_in: 1, need_patient_banner: true });
  });

  it('standalone launch: redirects with the plain iss and hands the simulation to authorize in a cookie', async () => {
    const simulated = await fetch(`${sandbox.ehrUrl}launch?mode=standalone&sim=invalid_scope`, { redirect: 'manual' });
    const location = new URL(simulated.headers.get('location') ?? '');
    expect(location.searchParams.get('launch')).toBeNull();
    expect(location.searchParams.get('iss')).toBe(sandbox.fhirBaseUrl);
    const cookie = simulated.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kyphoplasty_sandbox_simulation=invalid_scope; Path=\/auth; Max-Age=600/);

    const pkce = pkcePair();
    const withCookie = await fetch(authorizeUrl(sandbox, { scope: 'launch/patient patient/*.rs', challenge: pkce.challenge, redirectUri: `${sandbox.appUrl}index.html` }), {
      redirect: 'manual',
      headers: { Cookie: cookie.split(';')[0] ?? '' },
    });
    expect(new URL(withCookie.headers.get('location') ?? '').searchParams.get('error')).toBe('invalid_scope');
    expect(withCookie.headers.get('set-cookie')).toMatch(/Max-Age=0/);

    const plain = await fetch(`${sandbox.ehrUrl}launch?mode=standalone&sim=none`, { redirect: 'manual' });
    expect(plain.headers.get('set-cookie')).toMatch(/Max-Age=0/);
  });

  it('embedded: opens a chart page framing the app with an embedded launch id', async () => {
    const res = await fetch(`${sandbox.ehrUrl}launch?launch=embedded:vcf-messy`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const cookie = sessionCookieOf(res);
    const chart = await fetch(new URL(res.headers.get('location') ?? '', sandbox.ehrUrl), { headers: { Cookie: cookie ?? '' } });
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-security-policy')).toContain(`frame-src 'self' ${new URL(sandbox.appUrl ?? '').origin}`);
    const page = await chart.text();
    expect(page).toContain('data-testid="chart-patient-name">Dolores O&#39;Brien-Núñez<');
    const src = /<iframe[^>]*src="([^"]+)"/.exec(page)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const launch = new URL(src).searchParams.get('launch') ?? '';
    expectOpaque(launch, 'vcf-messy');
    expect(await tokenFor(launch, cookie)).toMatchObject({ patient: 'vcf-messy', need_patient_banner: false, expires_in: 3600 });
  });

  it('refuses an unknown patient', async () => {
    const res = await fetch(`${sandbox.ehrUrl}launch?launch=ehr:nobody`, { redirect: 'manual' });
    expect(res.status).toBe(400);
  });
});

describe('app static server', () => {
  it.each([
    ['launch.html', 'text/html'],
    ['index.html', 'text/html'],
    ['', 'text/html'],
    ['assets/main-abc123.js', 'text/javascript'],
    ['smart-config.json', 'application/json'],
  ])('serves /%s as %s', async (path, type) => {
    const res = await fetch(`${sandbox.appUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain(type);
  });

  it.each(['../outside-secret.txt', '..%2foutside-secret.txt', '%2e%2e/outside-secret.txt', 'assets/..%2f..%2foutside-secret.txt', 'missing.html'])(
    'answers 404 for %s',
    async (path) => {
      const res = await fetch(`${sandbox.appUrl}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('secret');
    },
  );
});
