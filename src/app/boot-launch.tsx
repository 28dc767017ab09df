// Mounts launch.html: authorize with the matching configuration, or show the server picker.
// Kept apart from boot.tsx so the launch page does not load the assessment engine.
import { render } from 'preact';
import { LaunchPage } from '../ui/launch/LaunchPage';
import { StorageBlocked } from '../ui/launch/StorageBlocked';
import { loadConfig } from './config';
import { launchRequest, startLaunch, type LaunchDeps } from './launch';
import { sessionStorageOf, usableSessionStorage, type StorageWindow } from './storage-access';
import { discover, type JsonGetter } from './launch-binding';

export interface BootLaunchOptions {
  noRedirect?: boolean;
  /** The window whose storage the launch needs (tests). */
  win?: StorageWindow;
  /** How the discovery document is read; the launch page passes fhirclient's cached getter so it is fetched once. */
  getJson?: JsonGetter;
}

export function bootLaunch(root: Element, url: URL, authorize: LaunchDeps['authorize'], options: BootLaunchOptions = {}): void {
  // Built when the launch starts: reading window.sessionStorage throws where the browser blocks it (cross-site frames).
  const deps = (): LaunchDeps => ({
    config: () => loadConfig(),
    authorize,
    discover: (iss) => discover(iss, options.getJson),
    storage: window.sessionStorage,
    navigate: (target) => window.location.assign(target),
    ...(options.noRedirect ? { noRedirect: true } : {}),
  });
  const request = launchRequest(url);
  const showLaunch = () => render(<LaunchPage request={request} start={(r) => startLaunch(r, deps())} config={loadConfig} />, root);
  root.textContent = '';
  const win = options.win ?? window;
  // fhirclient keeps the whole launch in sessionStorage: without it, say so before authorize() fails obscurely.
  if (!request || sessionStorageOf(win)) return showLaunch();
  void usableSessionStorage(win).then((storage) => {
    if (storage) return showLaunch();
    render(<StorageBlocked launchUrl={url.href} win={win} onGranted={showLaunch} />, root);
  });
}
