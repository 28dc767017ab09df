// The app page's session start, with ready() stubbed: the cases fhirclient itself would let through.
import { describe, expect, it, vi } from 'vitest';
import type Client from 'fhirclient/lib/Client';
import { runSession, type AppPhase, type SessionDeps } from '../../src/app/session';

function deps(href: string, client: Partial<Client> | (() => Promise<Client>)): SessionDeps & { ready: ReturnType<typeof vi.fn> } {
  const ready = vi.fn(typeof client === 'function' ? client : async () => client as Client);
  return { ready, config: async () => [], today: () => '2026-11-24', location: { href }, history: { replaceState: vi.fn(), state: null } };
}

async function lastPhase(d: SessionDeps): Promise<AppPhase> {
  const phases: AppPhase[] = [];
  await runSession((p) => phases.push(p), d);
  return phases.at(-1)!;
}

describe('runSession', () => {
  it('refuses an authorization code that came back without state, before fhirclient can use it', async () => {
    const d = deps('http://localhost:4010/index.html?code=stolen', {});
    expect(await lastPhase(d)).toMatchObject({ kind: 'failed', problem: { kind: 'auth-error', error: 'invalid_request' } });
    expect(d.ready).not.toHaveBeenCalled();
    expect(d.history.replaceState).toHaveBeenCalledWith(null, '', 'http://localhost:4010/index.html');
  });

  it('a reload during sign-in (state but no token) asks for a relaunch, not for a patient', async () => {
    const d = deps('http://localhost:4010/index.html', { state: { serverUrl: 'http://x/fhir', tokenResponse: {} } as Client['state'], patient: { id: null } as unknown as Client['patient'] });
    expect(await lastPhase(d)).toMatchObject({ kind: 'failed', problem: { kind: 'session-expired' } });
  });
});
