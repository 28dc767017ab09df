// The launch page when the browser refuses the app its storage (framed by another site): the named state
// instead of a launch that fails with PKCE advice, a window of its own, and the Storage Access API on a click.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupServer } from 'msw/node';
import { act } from 'preact/test-utils';
import { bootLaunch } from '../../src/app/boot-launch';
import { sessionStorageOf, usableSessionStorage, type StorageWindow } from '../../src/app/storage-access';
import { waitFor, waitForElement } from '../ui/render';
import { ISS, mockEhr } from './mock-ehr';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const LAUNCH_URL = new URL(`http://localhost:4010/launch.html?iss=${encodeURIComponent(ISS)}&launch=launch-123`);

interface FakeWindow extends StorageWindow {
  requests: number;
}

/** A frame whose sessionStorage the browser refuses, as Chromium does with third-party storage blocked. */
function blockedFrame(options: { api?: 'grants' | 'refuses' | 'absent'; permission?: PermissionState } = {}): FakeWindow {
  const granted = window.sessionStorage;
  const win = { requests: 0 } as FakeWindow;
  Object.defineProperty(win, 'sessionStorage', {
    configurable: true,
    get() {
      throw new DOMException("Failed to read the 'sessionStorage' property from 'Window': Access is denied for this document.", 'SecurityError');
    },
  });
  const requestStorageAccess = async (types?: { sessionStorage?: boolean }) => {
    win.requests += 1;
    if (options.api === 'refuses') throw new DOMException('requestStorageAccess not allowed', 'NotAllowedError');
    return types?.sessionStorage ? { sessionStorage: granted } : undefined;
  };
  Object.assign(win, {
    document: options.api === 'absent' ? {} : { requestStorageAccess },
    navigator: { permissions: { query: async () => ({ state: options.permission ?? 'prompt' }) } },
  });
  return win;
}

let container: HTMLElement;
beforeEach(() => {
  sessionStorage.clear();
  document.body.innerHTML = '';
  container = document.createElement('div');
  document.body.appendChild(container);
  server.use(...mockEhr().handlers);
});

function boot(win: StorageWindow) {
  const authorize = vi.fn(async () => 'http://localhost:4013/auth/authorize?stub');
  bootLaunch(container, LAUNCH_URL, authorize, { noRedirect: true, win });
  return authorize;
}

describe('storage the browser refuses', () => {
  it('is detected by writing and reading back, not by the property existing', () => {
    expect(sessionStorageOf(blockedFrame())).toBeUndefined();
    expect(sessionStorageOf(window)).toBe(window.sessionStorage);
  });

  it('shows the named state with a new-window link to this launch, and never starts authorize', async () => {
    const authorize = boot(blockedFrame({ api: 'absent' }));
    const problem = await waitForElement(container, '[data-problem="storage-blocked"]');
    const link = problem.querySelector<HTMLAnchorElement>('a[data-action="open-in-new-window"]');
    expect(link?.href).toBe(LAUNCH_URL.href);
    expect(link?.target).toBe('_blank');
    expect(problem.textContent).not.toMatch(/PKCE|server may be down/i);
    // No Storage Access API in this browser: nothing to click but the link.
    expect(problem.querySelector('button[data-action="request-storage-access"]')).toBeNull();
    expect(authorize).not.toHaveBeenCalled();
  });

  it('asks for storage on a click and goes on with the launch when the browser grants it', async () => {
    const win = blockedFrame({ api: 'grants' });
    const authorize = boot(win);
    const button = await waitForElement(container, 'button[data-action="request-storage-access"]');
    expect(win.requests).toBe(0);
    await act(async () => { (button as HTMLButtonElement).click(); });
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(1));
    expect(win.requests).toBe(1);
    // fhirclient reads the global sessionStorage: the granted one now answers there.
    expect(sessionStorageOf(win)).toBe(window.sessionStorage);
  });

  it('says so when the browser refuses, and still offers the new window', async () => {
    const authorize = boot(blockedFrame({ api: 'refuses' }));
    const button = await waitForElement(container, 'button[data-action="request-storage-access"]');
    await act(async () => { (button as HTMLButtonElement).click(); });
    await waitFor(() => expect(container.querySelector('[data-testid="storage-access-status"]')?.textContent).toContain('did not allow'));
    expect(container.querySelector('a[data-action="open-in-new-window"]')).not.toBeNull();
    expect(authorize).not.toHaveBeenCalled();
  });

  it('a later page of a launch already granted access uses it without a click', async () => {
    const win = blockedFrame({ api: 'grants', permission: 'granted' });
    expect(await usableSessionStorage(win)).toBe(window.sessionStorage);
    const authorize = boot(blockedFrame({ api: 'grants', permission: 'granted' }));
    await waitFor(() => expect(authorize).toHaveBeenCalledTimes(1));
    expect(container.querySelector('[data-problem="storage-blocked"]')).toBeNull();
  });
});
