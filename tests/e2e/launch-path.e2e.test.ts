// The launch page's share of the wait before the panel (issue 12): it reads smart-config.json once, as the preload
// fetched it while the script loaded; it runs no problem explanations on a launch that works; and it fetches the app
// page's script before the EHR sends the physician back, so the app page finds it in the cache. (The launch page's
// size is the bench's figure: this build, made under vitest, is not the production one.)
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients';
import { browserAvailable } from './chromium';
import { BUILT_APP_DIR } from './global-setup';
import { watchScripts } from '../../bench/js-before-verdict';

/**
 * The browser budget of the guide: at most 60 KB gzip of JavaScript fetched before the verdict, every chunk counted
 * (issue 22). Met since the loader joined the app page's script, the launch page's modules became a graph of their own,
 * the card's first frame became only the verdict and its summary line (its questions, cautions and workup come with
 * the details), the problem texts load on failure and the app page reads the configuration the launch page validated.
 */
const JS_BUDGET_KB = 60;
import { launcherUrl, openPage, shownVerdict, startHarness, type Harness } from './harness';

const pathOf = (url: string) => new URL(url, 'http://x').pathname;

describe.runIf(browserAvailable())('the launch path', () => {
  let harness: Harness;
  beforeAll(async () => { harness = await startHarness(); });
  afterAll(async () => { await harness?.close(); });

  /** An EHR launch through to the panel: what the sandbox served, in order, and where the browser left the app. */
  async function launch(page: import('playwright-core').Page) {
    const from = harness.requests.length;
    await page.goto(launcherUrl(harness, 'ehr', VIGNETTES[0]!.id));
    expect(await shownVerdict(page)).toBe(VIGNETTES[0]!.expected.verdictFromRecord);
    const served = harness.requests.slice(from).map((r) => r.url);
    const leaving = served.findIndex((url) => pathOf(url).endsWith('/authorize'));
    const appPage = served.findIndex((url) => pathOf(url) === '/index.html');
    expect(leaving).toBeGreaterThan(0);
    expect(appPage).toBeGreaterThan(leaving);
    return { served, leaving, appPage };
  }

  it('the launch page fetches the app page\'s script for the next page and runs no problem texts', async () => {
    const appScript = /<script[^>]*\ssrc="\.\/(assets\/[^"]+\.js)"/.exec(readFileSync(join(BUILT_APP_DIR, 'index.html'), 'utf8'))![1]!;
    const { page, context } = await openPage(harness);
    const encodings: Array<Promise<string>> = [];
    page.on('response', (response) => {
      // allHeaders(): the headers as received (headers() may leave some out).
      const asset = /\/(assets\/[^/]+\.js)$/.exec(response.url())?.[1];
      // Scripts of 1 KB or less gain nothing from compression and go out as they are.
      if (asset && statSync(join(BUILT_APP_DIR, asset)).size > 1024) {
        // A response still arriving when the page closes has no headers to give: counted as unknown, never unhandled.
        encodings.push(response.allHeaders().then((h) => `${asset} ${h['content-encoding'] ?? 'none'}`, () => `${asset} unknown (page closed)`));
      }
    });
    const { served, appPage, leaving } = await launch(page);
    // Issue 22: the discovery document is read once (fhirclient reuses the launch page's answer), and scripts
    // travel compressed.
    expect(served.slice(0, leaving).filter((url) => pathOf(url).endsWith('/.well-known/smart-configuration'))).toHaveLength(1);
    const scriptEncodings = await Promise.all(encodings);
    expect(scriptEncodings.length).toBeGreaterThan(1);
    expect(scriptEncodings.filter((line) => !/ (br|gzip)$/.test(line))).toEqual([]);
    // Asked for once, by the launch page: the app page took it from the cache.
    const scriptAt = served.map((url, i) => (pathOf(url) === `/${appScript}` ? i : -1)).filter((i) => i >= 0);
    expect(scriptAt).toHaveLength(1);
    expect(scriptAt[0]).toBeLessThan(appPage);
    expect(served.filter((url) => /\/assets\/ProblemView-/.test(url))).toEqual([]);
    await context.close();
  });

  it('the configuration is on its way before the launch page\'s script arrives, and is read once', async () => {
    const { page, context } = await openPage(harness);
    // The script arrives late, as on a slow link. (Routing turns the browser's HTTP cache off: hence a test of its own.)
    const order: string[] = [];
    context.on('request', (request) => { if (pathOf(request.url()) === '/smart-config.json') order.push('config requested'); });
    await context.route(/\/assets\/launch-[^/]+\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      order.push('launch script sent');
      await route.continue();
    });
    const { served, leaving } = await launch(page);
    expect(order.slice(0, 2)).toEqual(['config requested', 'launch script sent']);
    // The preload's request is the only one on the launch page: the launch read its response.
    expect(served.slice(0, leaving).filter((url) => pathOf(url) === '/smart-config.json')).toHaveLength(1);
    await context.close();
  });

  it('the JavaScript fetched before the verdict shows is at most 60 KB gzip (58.6 today with the FHIR batch, every chunk counted)', async () => {
    const { page, context } = await openPage(harness);
    const scripts = watchScripts(page, harness.sandbox.appUrl!, BUILT_APP_DIR);
    await page.goto(launcherUrl(harness, 'ehr', VIGNETTES[0]!.id));
    const before = await scripts.untilVerdict();
    console.log(`JavaScript before the verdict: ${before.gzipKb.toFixed(1)} KB gzip in ${before.files.length} files (${before.files.join(', ')})`);
    expect(before.files.some((file) => /^assets\/index-/.test(file))).toBe(true);
    expect(before.gzipKb).toBeLessThanOrEqual(JS_BUDGET_KB);
    // The app page completes a launch with fhirclient's security module stood in (src/app/completing-security.ts);
    // the launch page, which generates the PKCE challenge, keeps the real one.
    const scriptText = (file: string) => readFileSync(join(BUILT_APP_DIR, file), 'utf8');
    const appScripts = before.files.map(scriptText).join('\n');
    expect(appScripts).toContain('runs on the launch page only');
    expect(appScripts).not.toContain('subtle crypto functionality');
    // Nor fhirclient's authorize() (scripts/build/completing-smart.ts).
    expect(appScripts).not.toContain('No server url found');
    const launchScript = /<script[^>]*\ssrc="\.\/(assets\/[^"]+\.js)"/.exec(readFileSync(join(BUILT_APP_DIR, 'launch.html'), 'utf8'))![1]!;
    expect(scriptText(launchScript)).toContain('subtle crypto functionality');
    await context.close();
  });

  it('the server picker links the sandbox on the port it runs on, and that link launches', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(`${harness.sandbox.appUrl}launch.html`);
    const local = page.locator('.servers li', { hasText: 'Local sandbox' });
    await expect.poll(() => local.locator('code').textContent()).toBe(harness.sandbox.fhirBaseUrl);
    expect(await page.locator('p.hint a').last().getAttribute('href')).toBe(harness.sandbox.ehrUrl);
    await local.locator('a').click();
    const target = VIGNETTES[2]!;
    await page.click(`button[data-action="pick-patient"][data-patient-id="${target.id}"]`);
    expect(await shownVerdict(page)).toBe(target.expected.verdictFromRecord);
    await context.close();
  });
});
