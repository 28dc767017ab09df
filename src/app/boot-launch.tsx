// Mounts launch.html: authorize with the matching configuration, or show the server picker.
// Kept apart from boot.tsx so the launch page does not load the assessment engine.
import { render } from 'preact';
import { LaunchPage } from '../ui/launch/LaunchPage';
import { loadConfig } from './config';
import { launchRequest, startLaunch, type LaunchDeps } from './launch';
import { discover } from './launch-binding';

export function bootLaunch(root: Element, url: URL, authorize: LaunchDeps['authorize'], options: { noRedirect?: boolean } = {}): void {
  const deps: LaunchDeps = {
    config: () => loadConfig(),
    authorize,
    discover: (iss) => discover(iss),
    storage: window.sessionStorage,
    navigate: (target) => window.location.assign(target),
    ...options,
  };
  root.textContent = '';
  render(<LaunchPage request={launchRequest(url)} start={(request) => startLaunch(request, deps)} />, root);
}
