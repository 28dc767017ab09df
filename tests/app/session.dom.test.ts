// The app page's session start, with ready() stubbed: the cases fhirclient itself would let through, and
// which launch a page resumes (its own, from its history entry), error pages, Close and blocked storage.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type Client from 'fhirclient/lib/Client';
import { frameLaunchOf, withFrameLaunch } from '../../src/app/frame-launch';
import { runSession, type AppPhase, type SessionDeps } from '../../src/app/session';

const APP = 'http://localhost:4010/index.html';

/** A history whose entry state changes as replaceState says, like the browser's. */
function fakeHistory(state: unknown = null) {
  const history = { state, replaceState: vi.fn((next: unknown) => { history.state = next; }) };
  return history;
}

/** What fhirclient's launch page stores under a state key. */
function storeLaunch(key: string, tokenResponse: Record<string, unknown> = {}): void {
  sessionStorage.setItem(key, JSON.stringify({ key, serverUrl: 'http://localhost:4013/fhir', clientId: 'kyphoplasty-local', tokenResponse }));
}

/** A signed-in client whose server has the patient and nothing else. */
function client(patientId: string | null, tokenResponse: Record<string, unknown> = { access_token: 'secret-token' }): Client {
  // fhirRequest: the one-request call the app's reads use (src/fhir/client-source.ts).
  const fhirRequest = async (url: string) =>
    url.startsWith('Patient/') ? { resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1948-05-02' } : { resourceType: 'Bundle', type: 'searchset', entry: [] };
  return { state: { serverUrl: 'http://localhost:4013/fhir', tokenResponse }, patient: { id: patientId }, fhirRequest, refreshIfNeeded: async () => undefined } as unknown as Client;
}

type TestDeps = SessionDeps & { ready: ReturnType<typeof vi.fn>; history: ReturnType<typeof fakeHistory> };

function deps(href: string, options: { ready?: () => Promise<Client>; historyState?: unknown; storage?: Storage | undefined } = {}): TestDeps {
  const ready = vi.fn(options.ready ?? (async () => client('p1')));
  const storage = 'storage' in options ? options.storage : sessionStorage;
  return { ready, config: async () => [], today: () => '2026-11-24', location: { href }, history: fakeHistory(options.historyState), storage: async () => storage };
}

async function phases(d: SessionDeps): Promise<AppPhase[]> {
  const seen: AppPhase[] = [];
  await runSession((p) => seen.push(p), d);
  return seen;
}

const lastPhase = async (d: SessionDeps) => (await phases(d)).at(-1)!;
const launched = (key: string, patientId?: string) => withFrameLaunch(null, { key, ...(patientId ? { patientId } : {}) });

beforeEach(() => sessionStorage.clear());

describe('runSession', () => {
  it('refuses an authorization code that came back without state, before fhirclient can use it', async () => {
    const d = deps(`${APP}?code=stolen`);
    expect(await lastPhase(d)).toMatchObject({ kind: 'failed', problem: { kind: 'auth-error', error: 'invalid_request' } });
    expect(d.ready).not.toHaveBeenCalled();
    expect(d.history.replaceState).toHaveBeenCalledWith(null, '', APP);
  });

  it('a reload during sign-in (state but no token) asks for a relaunch, not for a patient', async () => {
    storeLaunch('k1');
    const d = deps(APP, { historyState: launched('k1'), ready: async () => client(null, {}) });
    expect(await lastPhase(d)).toMatchObject({ kind: 'failed', problem: { kind: 'session-expired' } });
  });
});

describe('one launch per frame', () => {
  it('after the redirect, remembers its launch key and patient in its own history entry and cleans the URL', async () => {
    storeLaunch('k1');
    const d = deps(`${APP}?code=c&state=k1`);
    expect(await lastPhase(d)).toMatchObject({ kind: 'loaded' });
    expect(d.ready).toHaveBeenCalledWith('k1');
    expect(frameLaunchOf(d.history.state)).toEqual({ key: 'k1', patientId: 'p1' });
    expect(d.history.replaceState).toHaveBeenLastCalledWith(expect.anything(), '', APP);
  });

  it('a reload resumes the launch named by its history entry, not the tab\'s latest one', async () => {
    storeLaunch('frame-1');
    storeLaunch('frame-2');
    sessionStorage.setItem('SMART_KEY', JSON.stringify('frame-2'));
    const d = deps(APP, { historyState: launched('frame-1', 'p1') });
    await phases(d);
    expect(d.ready).toHaveBeenCalledWith('frame-1');
  });

  it('a reload whose launch now names another patient shows the relaunch state, not that patient', async () => {
    storeLaunch('frame-1');
    const d = deps(APP, { historyState: launched('frame-1', 'margaret'), ready: async () => client('raymond') });
    const seen = await phases(d);
    expect(seen.at(-1)).toEqual({ kind: 'failed', problem: { kind: 'relaunch-needed', reason: 'patient-changed' } });
    expect(seen.some((p) => p.kind === 'loading')).toBe(false);
    // The entry keeps the patient it was launched with: reloading again cannot adopt the other one.
    expect(frameLaunchOf(d.history.state)?.patientId).toBe('margaret');
  });

  it('without a launch in the URL or in its history entry, never falls back to the tab\'s shared launch', async () => {
    storeLaunch('other-frame', { access_token: 'secret-token', patient: 'raymond' });
    sessionStorage.setItem('SMART_KEY', JSON.stringify('other-frame'));
    const d = deps(APP);
    expect(await lastPhase(d)).toEqual({ kind: 'failed', problem: { kind: 'not-launched' } });
    expect(d.ready).not.toHaveBeenCalled();
  });

  it('a history entry whose launch is gone from storage asks for a relaunch', async () => {
    const d = deps(APP, { historyState: launched('vanished', 'p1') });
    expect(await lastPhase(d)).toEqual({ kind: 'failed', problem: { kind: 'relaunch-needed', reason: 'launch-ended' } });
    expect(d.ready).not.toHaveBeenCalled();
  });
});

describe('error responses', () => {
  const forged = 'error=access_denied&error_description=Call%20555-0100%20to%20restore%20access';

  it('shows the server\'s error text when the state is a launch this tab started, and ends that launch', async () => {
    storeLaunch('k1');
    const d = deps(`${APP}?${forged}&state=k1`);
    expect(await lastPhase(d)).toEqual({ kind: 'failed', problem: { kind: 'auth-error', stage: 'authorize', error: 'access_denied', description: 'Call 555-0100 to restore access' } });
    expect(sessionStorage.getItem('k1')).toBeNull();
    expect(d.history.state).toBeNull();
  });

  it.each([
    ['without state', forged],
    ['with a state this tab never issued', `${forged}&state=made-up`],
    ['with the shared pointer as state', `${forged}&state=SMART_KEY`],
    ['naming a launch that is already signed in', `${forged}&state=k1`],
  ])('a generic message %s: the text is not shown', async (_case, query) => {
    storeLaunch('k1', { access_token: 'secret-token' });
    sessionStorage.setItem('SMART_KEY', JSON.stringify('k1'));
    const d = deps(`${APP}?${query}`);
    const last = await lastPhase(d);
    expect(last).toEqual({ kind: 'failed', problem: { kind: 'sign-in-failed' } });
    expect(JSON.stringify(last)).not.toContain('555-0100');
    expect(d.ready).not.toHaveBeenCalled();
    expect(sessionStorage.getItem('k1')).not.toBeNull();
  });
});

describe('Close', () => {
  it('removes the tokens and launch state from sessionStorage and shows the relaunch page, also after a reload', async () => {
    storeLaunch('k1', { access_token: 'secret-token', patient: 'p1' });
    sessionStorage.setItem('SMART_KEY', JSON.stringify('k1'));
    storeLaunch('other-frame', { access_token: 'other-token' });
    const d = deps(`${APP}?code=c&state=k1`);
    const seen: AppPhase[] = [];
    await runSession((p) => seen.push(p), d);
    const loaded = seen.at(-1)!;
    if (loaded.kind !== 'loaded' || !loaded.close) throw new Error(`expected the panel with a close action, got ${loaded.kind}`);
    loaded.close();
    expect(seen.at(-1)).toEqual({ kind: 'failed', problem: { kind: 'relaunch-needed', reason: 'closed' } });
    expect(sessionStorage.getItem('k1')).toBeNull();
    expect(sessionStorage.getItem('SMART_KEY')).toBeNull();
    expect(JSON.stringify({ ...sessionStorage })).not.toContain('secret-token');
    // Another frame's launch is not this frame's to end.
    expect(sessionStorage.getItem('other-frame')).not.toBeNull();

    const reload = deps(APP, { historyState: d.history.state });
    expect(await lastPhase(reload)).toEqual({ kind: 'failed', problem: { kind: 'relaunch-needed', reason: 'closed' } });
    expect(reload.ready).not.toHaveBeenCalled();
  });
});

describe('blocked storage', () => {
  it('says the browser blocks storage instead of starting a launch that cannot complete', async () => {
    const d = deps(`${APP}?code=c&state=k1`, { storage: undefined });
    expect(await lastPhase(d)).toEqual({ kind: 'failed', problem: { kind: 'storage-blocked' } });
    expect(d.ready).not.toHaveBeenCalled();
  });
});
