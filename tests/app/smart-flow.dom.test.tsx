// The whole SMART flow with the real fhirclient against msw: launch page -> authorize URL (PKCE) -> redirect to
// index.html with code and state -> ready() exchanges the code -> the loader's parallel, paged queries -> panel.
// Each page load is simulated with a fresh module graph (fhirclient caches `location` per module instance).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { analgesic, condition, painScore, spineMri } from '../ui/fixtures';
import { waitFor, waitForElement } from '../ui/render';
import { AUTH_CODE, ISS, mockEhr, operationOutcome, type MockEhr, type MockEhrOptions } from './mock-ehr';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

let container: HTMLElement;
let consoleOutput: string[] = [];
beforeEach(() => {
  consoleOutput = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => { consoleOutput.push(args.map(String).join(' ')); });
  }
  sessionStorage.clear();
  localStorage.clear();
  document.body.innerHTML = '';
  container = document.createElement('div');
  container.id = 'app';
  document.body.appendChild(container);
});

function dayOffset(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() - days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

const RESOURCES = {
  Condition: [condition('fx', 'M80.08XA', 'Age-related osteoporotic fracture of vertebra', dayOffset(21))],
  Observation: [5, 6, 4, 6, 7].map((value, i) => painScore(`pain-${i}`, value, dayOffset(20 - i * 4))),
  MedicationRequest: [analgesic('med1', dayOffset(18))],
  ImagingStudy: [spineMri('mri1', dayOffset(15))],
};

function goTo(path: string): void {
  window.history.replaceState(null, '', new URL(path, window.location.origin).href);
}

/** launch.html?iss&launch in a fresh page: returns the authorization URL fhirclient built. */
async function launchPage(ehr: MockEhr, query = `iss=${encodeURIComponent(ISS)}&launch=launch-123`): Promise<URL> {
  goTo(`/launch.html?${query}`);
  vi.resetModules();
  const { default: FHIR } = await import('fhirclient');
  const { bootLaunch } = await import('../../src/app/boot-launch');
  let authorizeUrl: string | undefined;
  bootLaunch(container, new URL(window.location.href), async (params) => {
    const url = await FHIR.oauth2.authorize(params);
    authorizeUrl = typeof url === 'string' ? url : undefined;
    return url;
  }, { noRedirect: true });
  await waitFor(() => expect(authorizeUrl).toBeDefined());
  const url = new URL(authorizeUrl!);
  ehr.challenge = url.searchParams.get('code_challenge') ?? undefined;
  return url;
}

/** The authorization server redirects to index.html?code&state: a fresh page that boots the app. */
async function appPage(query: string): Promise<void> {
  goTo(`/index.html?${query}`);
  vi.resetModules();
  const { bootApp } = await import('../../src/app/boot');
  bootApp(container);
}

async function launchThrough(options: MockEhrOptions = {}): Promise<MockEhr> {
  const ehr = mockEhr({ resources: RESOURCES, pageSize: 2, ...options });
  server.use(...ehr.handlers);
  const authorize = await launchPage(ehr);
  await appPage(`code=${AUTH_CODE}&state=${authorize.searchParams.get('state')}`);
  return ehr;
}

const text = () => container.textContent ?? '';
const verdict = () => container.querySelector('[data-testid="verdict"] [data-status]')?.getAttribute('data-status') ?? '';

describe('SMART launch and the app, with the real fhirclient', () => {
  it('authorizes with PKCE, exchanges the code once, reads every page, and renders the panel', async () => {
    const ehr = mockEhr({ resources: RESOURCES, pageSize: 2 });
    server.use(...ehr.handlers);
    const authorize = await launchPage(ehr);
    expect(`${authorize.origin}${authorize.pathname}`).toBe('http://localhost:4013/auth/authorize');
    const params = authorize.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe('kyphoplasty-local');
    expect(params.get('redirect_uri')).toBe(`${window.location.origin}/index.html`);
    expect(params.get('aud')).toBe(ISS);
    expect(params.get('launch')).toBe('launch-123');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const scope = params.get('scope')!.split(' ');
    expect(scope).toEqual(expect.arrayContaining(['launch', 'openid', 'fhirUser', 'online_access', 'patient/Observation.rs', 'patient/Patient.rs']));
    expect(scope).not.toContain('launch/patient');
    await waitFor(() => expect(container.querySelector('[data-testid="launch-status"]')?.textContent).toContain('Local sandbox EHR'));

    await appPage(`code=${AUTH_CODE}&state=${params.get('state')}`);
    await waitFor(() => expect(verdict()).toContain('needs-information'), 5000);

    // The code and state are gone from the address bar; the code was exchanged exactly once, with the verifier.
    expect(window.location.search).toBe('');
    expect(ehr.tokenRequests).toHaveLength(1);
    expect(ehr.tokenRequests[0]!.get('redirect_uri')).toBe(`${window.location.origin}/index.html`);
    // Every FHIR request carried the token; an Observation search was read over three pages by following `next`
    // (this server ignores `_sort` and `_count`: the pain-score search is read in full, issue 12).
    expect(ehr.requests.every((r) => r.authorization === 'Bearer access-token-1')).toBe(true);
    // The first pages came in one FHIR batch, a POST to the base (the local entry's searchBatch, issue 22).
    expect(ehr.requests.filter((r) => r.url === ISS)).toHaveLength(1);
    const observationSearches = new Map<string, Array<string | null>>();
    for (const r of ehr.requests.filter((q) => new URL(q.url).pathname.endsWith('/Observation'))) {
      const url = new URL(r.url);
      const page = url.searchParams.get('_page');
      url.searchParams.delete('_page');
      observationSearches.set(url.search, [...(observationSearches.get(url.search) ?? []), page]);
    }
    const painSearch = [...observationSearches.entries()].find(([search, pages]) => (new URLSearchParams(search).get('combo-code') ?? new URLSearchParams(search).get('code')) === '72514-3,38214-3,38208-5' && pages.length === 3);
    expect(painSearch?.[1]).toEqual([null, '1', '2']);
    // The newest pain score (page 3) is the one the rules used; the banner shows the patient.
    // The details below the card arrive in their own chunk (src/ui/PanelDetails.tsx), right after the card.
    await waitFor(() => expect(container.querySelector('.panel [data-id="severe-pain"]')?.textContent).toContain(`Pain severity 0-10: 7 (${dayOffset(4)})`)); // {score} is a UCUM annotation: not shown
    expect(container.querySelector('[data-testid="patient-banner"]')?.textContent).toContain('Ada Quigley');
    expect(container.querySelector('[data-testid="data-gaps"]')).toBeNull();
    // Tokens stay in sessionStorage (fhirclient's default), never localStorage.
    expect(localStorage.length).toBe(0);
    expect(JSON.stringify({ ...sessionStorage })).toContain('access-token-1');
    // Nothing was logged: no token, no patient data.
    expect(consoleOutput).toEqual([]);
  });

  it('refuses a redirect whose state this tab did not issue (no token request)', async () => {
    const ehr = mockEhr();
    server.use(...ehr.handlers);
    await launchPage(ehr);
    await appPage(`code=${AUTH_CODE}&state=forged-state`);
    await waitForElement(container, '[data-problem="not-launched"]');
    expect(ehr.tokenRequests).toHaveLength(0);
    expect(window.location.search).toBe('');
  });

  it('starts a standalone launch (launch/patient) when there is no launch parameter', async () => {
    const ehr = mockEhr();
    server.use(...ehr.handlers);
    const authorize = await launchPage(ehr, `iss=${encodeURIComponent(ISS)}`);
    expect(authorize.searchParams.get('scope')!.split(' ')).toContain('launch/patient');
    expect(authorize.searchParams.get('launch')).toBeNull();
  });

  it('a 403 on Observation shows the gap with the server\'s OperationOutcome, and still assesses the rest', async () => {
    await launchThrough({
      faults: { Observation: () => HttpResponse.json(operationOutcome('Scope patient/Observation.rs was not granted'), { status: 403 }) },
    });
    await waitFor(() => expect(verdict()).toContain('needs-information'), 5000);
    const gaps = container.querySelector('[data-testid="data-gaps"]')?.textContent ?? '';
    expect(gaps).toContain('Could not read: Observation: access denied (403): Scope patient/Observation.rs was not granted');
    // The details follow the card once it has painted.
    await waitFor(() => expect(container.querySelector('.panel [data-id="vcf"]')?.textContent).toContain('Met'), 5000);
    expect(container.querySelector('.panel [data-id="severe-pain"]')?.textContent).toContain('Unknown');
  });

  it('a 401 on the record gives the session-expired state', async () => {
    await launchThrough({ faults: { Patient: () => HttpResponse.json(operationOutcome('Token expired', 'expired'), { status: 401 }) } });
    await waitFor(() => expect(container.querySelector('[data-problem="session-expired"]')).not.toBeNull(), 5000);
    expect(text()).toContain('Relaunch the app');
  });

  it('an access token that expired with a refresh that fails gives the session-expired state', async () => {
    const ehr = await launchThrough({ token: { expires_in: 1, refresh_token: 'refresh-1' } });
    await waitFor(() => expect(container.querySelector('[data-problem="session-expired"]')).not.toBeNull(), 5000);
    expect(ehr.tokenRequests.map((f) => f.get('grant_type'))).toEqual(['authorization_code', 'refresh_token']);
    // Reads may leave with the token in its last second (src/fhir/token-renewal.ts renews on a 401, once for the
    // session, not before every request); none is retried after the refused renewal.
    expect(ehr.requests.length).toBeLessThanOrEqual(3);
  });

  it('an OperationOutcome on the Patient read is shown readably', async () => {
    await launchThrough({
      faults: { Patient: () => HttpResponse.json(operationOutcome('Resource Patient/p1 is not known', 'not-found'), { status: 404 }) },
    });
    const problem = await waitForElement(container, '[data-problem="patient-unreadable"]');
    expect(problem.textContent).toContain('Patient: not found (404): Resource Patient/p1 is not known');
  });

  it('hides the patient banner when the EHR sends need_patient_banner false', async () => {
    await launchThrough({ token: { need_patient_banner: false } });
    await waitFor(() => expect(verdict()).toContain('needs-information'), 5000);
    expect(container.querySelector('[data-testid="patient-banner"]')).toBeNull();
  });

  it('no patient in the token response gives the no-patient state', async () => {
    await launchThrough({ token: { patient: undefined } });
    await waitFor(() => expect(container.querySelector('[data-problem="no-patient"]')).not.toBeNull(), 5000);
  });

  it('shows error and error_description as the authorization server sent them', async () => {
    const ehr = mockEhr();
    server.use(...ehr.handlers);
    const authorize = await launchPage(ehr);
    await appPage(`error=unauthorized_client&error_description=${encodeURIComponent('Unknown redirect_uri')}&state=${authorize.searchParams.get('state')}`);
    const problem = await waitForElement(container, '[data-problem="auth-error"]');
    expect(problem.textContent).toContain('unauthorized_client');
    expect(problem.textContent).toContain('Unknown redirect_uri');
    expect(window.location.search).not.toContain('state=');
  });

  it('a code used twice is an authorization error naming the cause', async () => {
    const ehr = mockEhr();
    server.use(...ehr.handlers);
    const authorize = await launchPage(ehr);
    await appPage(`code=stale-code&state=${authorize.searchParams.get('state')}`);
    const problem = await waitForElement(container, '[data-problem="auth-error"]');
    expect(problem.textContent).toContain('invalid_grant');
    expect(problem.textContent).toContain('The authorization code was already used');
    expect(window.location.search).toBe('');
  });

  it('opened directly, without a launch, explains how to launch', async () => {
    server.use(...mockEhr().handlers);
    await appPage('');
    const problem = await waitForElement(container, '[data-problem="not-launched"]');
    expect(problem.querySelector('a[href="http://localhost:4013/"]')).not.toBeNull();
  });

  it('the launch page without iss offers the server picker; an unknown server is named', async () => {
    server.use(...mockEhr().handlers);
    goTo('/launch.html');
    vi.resetModules();
    const { bootLaunch } = await import('../../src/app/boot-launch');
    bootLaunch(container, new URL(window.location.href), async () => { throw new Error('must not authorize'); });
    await waitFor(() => expect(text()).toContain('Choose a FHIR server'));
    const links = [...container.querySelectorAll<HTMLAnchorElement>('.servers a')].map((a) => new URL(a.href).searchParams.get('iss'));
    expect(links).toContain('http://localhost:4013/fhir');
    expect(links).toContain('https://launch.smarthealthit.org/v/r4/fhir');

    const second = document.createElement('div');
    document.body.appendChild(second);
    bootLaunch(second, new URL(`${window.location.origin}/launch.html?iss=${encodeURIComponent('http://unknown.example/fhir')}&launch=x`), async () => { throw new Error('must not authorize'); });
    const problem = await waitForElement(second, '[data-problem="no-config-match"]');
    expect(problem.textContent).toContain('http://unknown.example/fhir');
  });
});
