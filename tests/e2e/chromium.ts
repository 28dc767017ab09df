// Finds Debian's Chromium for the browser tests. Without it the tests are skipped loudly,
// unless REQUIRE_BROWSER_TESTS is set (CI), where a missing browser is a failure.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find((p) => existsSync(p));
}

export const browserRequired = !!process.env.REQUIRE_BROWSER_TESTS;

/** True when the browser tests can run; prints why they are skipped otherwise. */
export function browserAvailable(): boolean {
  if (chromiumPath()) return true;
  if (browserRequired) throw new Error('REQUIRE_BROWSER_TESTS is set but no Chromium was found (install Debian\'s chromium or set CHROMIUM_PATH)');
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! BROWSER TESTS SKIPPED: no Chromium at /usr/bin/chromium or $CHROMIUM_PATH.\n!! Install it with: apt-get update && apt-get install -y chromium\n${bar}\n`);
  return false;
}

const LAUNCH_OPTIONS = {
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/** `extraArgs`: the bench's host mapping and trusted certificate. */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath()!, ...LAUNCH_OPTIONS, args: [...LAUNCH_OPTIONS.args, ...extraArgs] });
}

/**
 * A browser with an ordinary profile (in a fresh directory), as a physician's: unlike the incognito contexts of
 * launchChromium's browser, it acts on connection hints (`<link rel=preconnect>`). Closing the context ends it.
 */
export function launchChromiumProfile(extraArgs: readonly string[] = []): Promise<BrowserContext> {
  // '': Playwright makes the profile's directory and removes it once the browser has exited.
  return chromium.launchPersistentContext('', { executablePath: chromiumPath()!, ...LAUNCH_OPTIONS, args: [...LAUNCH_OPTIONS.args, ...extraArgs] });
}
