// Finds Debian's Chromium for the browser tests. Without it the tests are skipped loudly,
// unless REQUIRE_BROWSER_TESTS is set (CI), where a missing browser is a failure.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath()!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
