// The JavaScript the app page fetches before the verdict card shows, gzip-compressed: every chunk on that path, lazy
// or not (the browser budget: 60 KB). Counted whether the browser took it from the network or from the cache the
// launch page filled: the launch page's own scripts (its entry, the server list) are not the app page's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page, Request } from 'playwright-core';

export interface ScriptsBeforeVerdict {
  /** Built files (relative to the app directory), in the order first requested. */
  files: string[];
  gzipKb: number;
}

const VERDICT = '[data-testid="verdict"] [data-status]';

/**
 * In the page, from its first script on: the instant (performance.now()) of the first frame that shows the verdict.
 * Playwright sees the card only at its next poll (up to half a second later on a loaded machine), so a script requested
 * after the card painted would otherwise count; the page's own clock tells before from after.
 */
function markVerdictShown(selector: string) {
  const w = window as Window & { __verdictShownAt?: number };
  const observer = new MutationObserver(() => {
    if (!document.querySelector(selector)) return;
    observer.disconnect();
    // The frame that paints it: what starts after this callback starts after the verdict is on screen.
    requestAnimationFrame(() => { w.__verdictShownAt ??= performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true, attributes: true });
}

/**
 * Starts watching `page` for scripts of the app origin; `untilVerdict()` waits for the verdict card and sums the
 * distinct files requested until then (their gzip -9 size from `appDir`, what a compressing host sends).
 */
export function watchScripts(page: Page, appUrl: string, appDir: string) {
  const requested: string[] = [];
  const appPagePath = `${new URL(appUrl).pathname}index.html`;
  let onAppPage = false;
  let stopped = false;
  void page.addInitScript(markVerdictShown, VERDICT);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) onAppPage = new URL(frame.url()).pathname === appPagePath;
  });
  // Scripts still downloading: their resource timing entry (below) exists only once they are in.
  const inFlight = new Set<Request>();
  const settled = (request: Request) => inFlight.delete(request);
  page.on('requestfinished', settled);
  page.on('requestfailed', settled);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === appPagePath && request.isNavigationRequest()) onAppPage = true;
    if (stopped || !onAppPage) return;
    if (!request.url().startsWith(appUrl) || !url.pathname.endsWith('.js')) return;
    inFlight.add(request);
    const file = url.pathname.slice(new URL(appUrl).pathname.length);
    if (!requested.includes(file)) requested.push(file);
  });
  return {
    async untilVerdict(timeout = 60_000): Promise<ScriptsBeforeVerdict> {
      await page.locator(VERDICT).waitFor({ timeout });
      stopped = true;
      // Scripts whose fetch started after the verdict was painted are not on its path (resource timing, the page's clock;
      // a script without an entry counts).
      await page.waitForFunction(() => (window as Window & { __verdictShownAt?: number }).__verdictShownAt !== undefined);
      // A script requested after the verdict but not yet in (a slow network) has no entry yet: wait for it (bounded).
      for (let waited = 0; inFlight.size > 0 && waited < 15_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      const after: string[] = await page.evaluate(() => {
        const shownAt = (window as Window & { __verdictShownAt?: number }).__verdictShownAt!;
        return performance.getEntriesByType('resource').filter((entry) => entry.startTime > shownAt).map((entry) => new URL(entry.name).pathname);
      });
      const appBase = new URL(appUrl).pathname;
      for (const path of after) {
        const at = requested.indexOf(path.slice(appBase.length));
        if (at >= 0) requested.splice(at, 1);
      }
      // What index.html names (its script and module preloads) is fetched whether or not the cache answered it.
      const html = readFileSync(join(appDir, 'index.html'), 'utf8');
      for (const match of html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)) if (!requested.includes(match[1]!)) requested.push(match[1]!);
      const gzip = requested.reduce((sum, file) => sum + gzipSync(readFileSync(join(appDir, file)), { level: 9 }).length, 0);
      return { files: [...requested], gzipKb: gzip / 1024 };
    },
  };
}
