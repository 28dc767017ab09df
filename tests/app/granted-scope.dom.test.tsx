// After ready(), with the real fhirclient against msw: the scope the EHR granted and the encounter it put in
// context reach the loader, and the physician sees what the grant left out.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { READ_RESOURCE_TYPES } from '../../src/fhir/queries';
import { condition } from '../ui/fixtures';
import { waitFor } from '../ui/render';
import { AUTH_CODE, ISS, PATIENT_ID, mockEhr, type MockEhr, type MockEhrOptions } from './mock-ehr';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

let container: HTMLElement;
beforeEach(() => {
  sessionStorage.clear();
  document.body.innerHTML = '';
  container = document.createElement('div');
  document.body.appendChild(container);
});

function goTo(path: string): void {
  window.history.replaceState(null, '', new URL(path, window.location.origin).href);
}

/** launch.html (EHR launch) then index.html with the code, each a fresh page; returns the authorize URL. */
async function launchThrough(options: MockEhrOptions): Promise<{ ehr: MockEhr; authorize: URL }> {
  const ehr = mockEhr(options);
  server.use(...ehr.handlers);
  goTo(`/launch.html?iss=${encodeURIComponent(ISS)}&launch=launch-123`);
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
  const authorize = new URL(authorizeUrl!);
  ehr.challenge = authorize.searchParams.get('code_challenge') ?? undefined;
  goTo(`/index.html?code=${AUTH_CODE}&state=${authorize.searchParams.get('state')}`);
  vi.resetModules();
  const { bootApp } = await import('../../src/app/boot');
  bootApp(container);
  return { ehr, authorize };
}

const gapLines = () => [...container.querySelectorAll('[data-testid="data-gaps"] li')].map((li) => li.textContent);
const status = (id: string) => container.querySelector(`.panel [data-id="${id}"] [data-status]`)?.getAttribute('data-status');
const verdictShown = () => container.querySelector('[data-testid="verdict"] [data-status]') !== null;
const fracture = condition('fx', 'M80.08XA', 'Age-related osteoporotic fracture of vertebra', '2026-11-01');
const GRANTED_V2 = READ_RESOURCE_TYPES.map((t) => `patient/${t}.rs`).join(' ');

describe('the granted scope and the encounter in context, through the whole launch', () => {
  it('Condition granted for the problem list only: the gap is on the panel and spinal infection is unknown, not absent', async () => {
    const narrowed = GRANTED_V2.replace('patient/Condition.rs', 'patient/Condition.rs?category=problem-list-item');
    const { authorize } = await launchThrough({ resources: { Condition: [fracture] }, token: { scope: `launch online_access ${narrowed}` } });
    // The EHR launch asks for the encounter in context as a hint.
    expect(authorize.searchParams.get('scope')!.split(' ')).toContain('launch/encounter');
    await waitFor(() => expect(verdictShown()).toBe(true), 5000);
    expect(gapLines()).toEqual(['Could not read: Condition: access limited to category problem-list-item']);
    await waitFor(() => expect(status('spinal-infection')).toBe('unknown'));
  });

  it('everything granted (the mock grants patient/*.rs): no gap, spinal infection absent', async () => {
    await launchThrough({ resources: { Condition: [fracture] } });
    await waitFor(() => expect(verdictShown()).toBe(true), 5000);
    expect(gapLines()).toEqual([]);
    await waitFor(() => expect(status('spinal-infection')).toBe('absent'));
  });

  it('the token carries an encounter: it is read by id with the bearer token, and no gap', async () => {
    const reads: string[] = [];
    server.use(
      http.get(`${ISS}/Encounter/:id`, ({ params, request }) => {
        reads.push(`${String(params.id)} ${request.headers.get('authorization')}`);
        return HttpResponse.json({ resourceType: 'Encounter', id: String(params.id), status: 'in-progress', subject: { reference: `Patient/${PATIENT_ID}` }, class: { code: 'IMP' }, period: { start: '2026-11-20' } });
      }),
    );
    await launchThrough({ resources: { Condition: [fracture] }, token: { encounter: 'enc-42' } });
    await waitFor(() => expect(verdictShown()).toBe(true), 5000);
    expect(reads).toEqual(['enc-42 Bearer access-token-1']);
    expect(gapLines()).toEqual([]);
  });
});
