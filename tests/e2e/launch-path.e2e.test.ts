// The launch page's share of the wait before the panel (issues 12 and 22): its script and stylesheet come inside
// launch.html, so it fetches nothing but smart-config.json (once, as the preload fetched it) before SMART discovery; it
// runs no problem explanations on a launch that works; and once discovery is on its way it fetches the app page's
// files ahead (its scripts as module preloads), so the app page does not ask for them again. (The launch page's size
// is the bench's figure: this build, made under vitest, is not the production one.)
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
import { injectedScriptVerdict } from './csp-probe';

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

  it('the launch page fetches the app page\'s files once discovery is on its way, and the app page does not ask for them again', async () => {
    const indexHtml = readFileSync(join(BUILT_APP_DIR, 'index.html'), 'utf8');
    const appScript = /<script[^>]*\ssrc="\.\/(assets\/[^"]+\.js)"/.exec(indexHtml)![1]!;
    const appStylesheet = /<link[^>]*rel="stylesheet"[^>]*\shref="\.\/(assets\/[^"]+\.css)"/.exec(indexHtml)![1]!;
    const { page, context, urls } = await openPage(harness);
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
    // Asked for once, by the launch page (module preloads; the stylesheet a prefetch): the app page did not ask again.
    // In the order the browser asked (the sandbox may see a request on a warm connection first): after discovery, so
    // they do not compete with it.
    const asked = (path: (p: string) => boolean) => urls.map((url, i) => (path(pathOf(url)) ? i : -1)).filter((i) => i >= 0);
    const discoveryAsked = asked((p) => p.endsWith('/.well-known/smart-configuration'))[0]!;
    for (const file of [appScript, appStylesheet]) {
      const at = served.map((url, i) => (pathOf(url) === `/${file}` ? i : -1)).filter((i) => i >= 0);
      expect(at, file).toHaveLength(1);
      expect(at[0], file).toBeLessThan(appPage);
      expect(asked((p) => p === `/${file}`)[0], file).toBeGreaterThan(discoveryAsked);
    }
    // No file of the app is fetched twice (the app page fetches no JavaScript the launch page already fetched).
    const assets = served.filter((url) => pathOf(url).startsWith('/assets/')).map(pathOf);
    expect(assets.filter((path, i) => assets.indexOf(path) !== i)).toEqual([]);
    expect(served.filter((url) => /\/assets\/ProblemView-/.test(url))).toEqual([]);
    await context.close();
  });

  it('before discovery the launch page fetches only the configuration, once: its script and stylesheet are in the page', async () => {
    const { page, context, urls } = await openPage(harness);
    const { served, leaving } = await launch(page);
    // In the order the browser asked for them.
    const launchPage = urls.findIndex((url) => pathOf(url) === '/launch.html');
    const discovery = urls.findIndex((url) => pathOf(url).endsWith('/.well-known/smart-configuration'));
    expect(launchPage).toBeGreaterThanOrEqual(0);
    expect(discovery).toBeGreaterThan(launchPage);
    // Not even a favicon: the pages carry theirs as a data: URL (on HTTP/1.1 its request took the page's connection
    // from the configuration, which then waited for a new one).
    expect(urls.slice(launchPage + 1, discovery).map(pathOf)).toEqual(['/smart-config.json']);
    // The preload's request is the only one on the launch page: the launch read its response.
    expect(served.slice(0, leaving).filter((url) => pathOf(url) === '/smart-config.json')).toHaveLength(1);
    await context.close();
  });

  it("the app page's response headers name what it asks for first (Link); the launch page's name nothing", async () => {
    const linkOf = async (page: string) => (await fetch(`${harness.sandbox.appUrl}${page}`)).headers.get('link');
    // The configuration's preload sits at the end of launch.html, so that it leaves when the page has arrived, on
    // the page's connection: from the headers it left while the page was arriving and took a new connection on HTTP/1.1.
    expect(await linkOf('launch.html')).toBeNull();
    const appScript = /<script[^>]*\ssrc="(\.\/assets\/[^"]+\.js)"/.exec(readFileSync(join(BUILT_APP_DIR, 'index.html'), 'utf8'))![1]!;
    expect(await linkOf('index.html')).toContain(`<${appScript}>; rel=modulepreload; crossorigin`);
  });

  it('the JavaScript fetched before the verdict shows is at most 60 KB gzip (58.3 today with the FHIR batch, every chunk counted)', async () => {
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
    // Nor fhirclient's authorize() (build-tools/completing-smart.ts), which the launch page keeps.
    expect(appScripts).not.toContain('No server url found');
    // The launch page's script is inside launch.html (build-tools/launch-page.ts).
    const launchScript = /<script type="module">([\s\S]*?)<\/script>/.exec(readFileSync(join(BUILT_APP_DIR, 'launch.html'), 'utf8'))![1]!;
    expect(launchScript).toContain('subtle crypto functionality');
    expect(launchScript).toContain('No server url found');
    await context.close();
  });

  it('the server picker links the sandbox on the port it runs on, and that link launches', async () => {
    const { page, context, console: messages } = await openPage(harness);
    // Violations of the page's policy, recorded from before its own script runs (DevTools' script is exempt).
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => ((window as unknown as { violations: string[] }).violations ??= []).push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    await page.goto(`${harness.sandbox.appUrl}launch.html`);
    const local = page.locator('.servers li', { hasText: 'Local sandbox' });
    await expect.poll(() => local.locator('code').textContent()).toBe(harness.sandbox.fhirBaseUrl);
    // The inline script ran (the picker is its work) and the inline stylesheet applies (the page's wash, not white):
    // both allowed by their hashes in the launch page's policy, with nothing refused.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(244, 246, 248)');
    expect(await page.evaluate(() => (window as unknown as { violations?: string[] }).violations ?? [])).toEqual([]);
    expect(messages.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
    // The hashes allow those bodies only: a script injected into the page is still refused.
    const injected = await injectedScriptVerdict(page);
    expect(injected).toBe('script-src-elem');
    expect(await page.locator('p.hint a').last().getAttribute('href')).toBe(harness.sandbox.ehrUrl);
    await local.locator('a').click();
    const target = VIGNETTES[2]!;
    await page.click(`button[data-action="pick-patient"][data-patient-id="${target.id}"]`);
    expect(await shownVerdict(page)).toBe(target.expected.verdictFromRecord);
    await context.close();
  });
});
