// The right patient in every frame and history entry, cross-site embedding, error pages, Close and the
// hosting headers: a real Chromium through full SMART launches on the sandbox (issue 14, items 2, 4, 5, 6).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVignette } from '../../sandbox/patients';
import { browserAvailable } from './chromium';
import { launcherUrl, openPage, screenshot, shownProblem, shownVerdict, startHarness, type Harness } from './harness';

const MARGARET = findVignette('vcf-osteoporotic')!;
const BEATRICE = findVignette('vcf-chronic')!;
const VERDICT = '[data-testid="verdict"] [data-status]';
/** Set on a document about to be left: a locator that excludes it only matches the next document. */
const STALE = 'data-stale-document';

type Scope = Page | FrameLocator;

/** The verdict of the document that replaced the one marked stale (or of the only one). */
async function freshVerdict(scope: Scope): Promise<string | null> {
  const badge = scope.locator(`html:not([${STALE}]) ${VERDICT}`);
  await badge.waitFor({ timeout: 20_000 });
  return badge.getAttribute('data-status');
}

async function missingWorkup(scope: Scope): Promise<string[]> {
  const items = scope.locator(`html:not([${STALE}]) section[aria-labelledby="workup-heading"] li[data-id]`);
  // The workup arrives with the details, just after the verdict's first frame (issue 22): every test named here has one.
  await items.first().waitFor({ state: 'attached', timeout: 20_000 });
  return items.evaluateAll((lis) =>
    lis.filter((li) => li.querySelector('[data-status]')?.getAttribute('data-status') === 'missing').map((li) => li.getAttribute('data-id') ?? ''),
  );
}

async function freshProblem(scope: Scope): Promise<string | null> {
  const problem = scope.locator(`html:not([${STALE}]) [data-problem]`);
  await problem.waitFor({ timeout: 20_000 });
  return problem.getAttribute('data-problem');
}

async function markStale(page: Page, frameTestId?: string): Promise<void> {
  const target = frameTestId ? await (await page.$(`iframe[data-testid="${frameTestId}"]`))!.contentFrame() : page.mainFrame();
  await target!.evaluate((attr) => document.documentElement.setAttribute(attr, ''), STALE);
}

describe.runIf(browserAvailable())('frames, history, cross-site embedding and ending a session', () => {
  let harness: Harness;
  let ehr: string;
  let app: string;
  beforeAll(async () => {
    harness = await startHarness();
    ehr = harness.sandbox.ehrUrl.replace(/\/$/, '');
    app = harness.sandbox.appUrl!.replace(/\/$/, '');
  });
  afterAll(async () => { await harness?.close(); });

  it('two app frames in one page: reloading frame 1 still shows patient 1, never frame 2\'s patient', async () => {
    const { page, context, pageErrors } = await openPage(harness);
    await page.goto(`${ehr}/ehr/two-frames?patient=${MARGARET.id}&patient=${BEATRICE.id}`);
    const frame1 = page.frameLocator('iframe[data-testid="embedded-app-1"]');
    const frame2 = page.frameLocator('iframe[data-testid="embedded-app-2"]');
    expect(await freshVerdict(frame1)).toBe(MARGARET.expected.verdictFromRecord);
    expect(await freshVerdict(frame2)).toBe(BEATRICE.expected.verdictFromRecord);
    expect(MARGARET.expected.verdictFromRecord).not.toBe(BEATRICE.expected.verdictFromRecord);

    // Reload frame 1 as its own reload button would (same history entry), twice: frame 2 launched last.
    for (let reload = 0; reload < 2; reload++) {
      await markStale(page, 'embedded-app-1');
      const frame = await (await page.$('iframe[data-testid="embedded-app-1"]'))!.contentFrame();
      await frame!.evaluate(() => setTimeout(() => location.reload(), 0));
      expect(await freshVerdict(frame1)).toBe(MARGARET.expected.verdictFromRecord);
      expect(await missingWorkup(frame1)).toEqual(MARGARET.expected.missingWorkup);
    }
    await markStale(page, 'embedded-app-2');
    const second = await (await page.$('iframe[data-testid="embedded-app-2"]'))!.contentFrame();
    await second!.evaluate(() => setTimeout(() => location.reload(), 0));
    expect(await freshVerdict(frame2)).toBe(BEATRICE.expected.verdictFromRecord);
    await screenshot(page, 'two-frames-after-reload');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('a frame whose stored launch was overwritten with the other frame\'s patient shows the relaunch state on reload', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(`${ehr}/ehr/two-frames?patient=${MARGARET.id}&patient=${BEATRICE.id}`);
    const frame1 = page.frameLocator('iframe[data-testid="embedded-app-1"]');
    expect(await freshVerdict(frame1)).toBe(MARGARET.expected.verdictFromRecord);
    expect(await freshVerdict(page.frameLocator('iframe[data-testid="embedded-app-2"]'))).toBe(BEATRICE.expected.verdictFromRecord);

    // What a shared "current launch" did: frame 1's key now holds frame 2's signed-in launch (Beatrice).
    await markStale(page, 'embedded-app-1');
    const frame = await (await page.$('iframe[data-testid="embedded-app-1"]'))!.contentFrame();
    const swapped = await frame!.evaluate(() => {
      const own = (history.state as { kyphoplastyLaunch?: { key?: string } } | null)?.kyphoplastyLaunch?.key;
      const other = Object.keys(sessionStorage).find((k) => k !== own && (JSON.parse(sessionStorage.getItem(k) ?? 'null') as { key?: string } | null)?.key === k);
      if (!own || !other) return false;
      sessionStorage.setItem(own, JSON.stringify({ ...(JSON.parse(sessionStorage.getItem(other)!) as object), key: own }));
      setTimeout(() => location.reload(), 0);
      return true;
    });
    expect(swapped).toBe(true);
    expect(await freshProblem(frame1)).toBe('relaunch-needed');
    expect(await frame1.locator('[data-problem]').innerText()).toContain('Relaunch');
    expect(await frame1.locator(VERDICT).count()).toBe(0);
    await context.close();
  });

  it('Back to an older launch in one tab shows that launch\'s patient, also after a reload there', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', MARGARET.id));
    expect(await shownVerdict(page)).toBe(MARGARET.expected.verdictFromRecord);
    const margaretEntries = await page.evaluate(() => history.length);

    await page.goto(launcherUrl(harness, 'ehr', BEATRICE.id));
    expect(await freshVerdict(page)).toBe(BEATRICE.expected.verdictFromRecord);
    const steps = (await page.evaluate(() => history.length)) - margaretEntries;
    expect(steps).toBeGreaterThan(0);

    await markStale(page);
    await page.evaluate((n) => history.go(-n), steps);
    expect(await freshVerdict(page)).toBe(MARGARET.expected.verdictFromRecord);
    await page.reload();
    expect(await freshVerdict(page)).toBe(MARGARET.expected.verdictFromRecord);
    expect(await missingWorkup(page)).toEqual(MARGARET.expected.missingWorkup);
    await context.close();
  });

  it('cross-site embedding with third-party storage blocked ends in the named storage state, and a new window completes the launch', async () => {
    const { page, context, pageErrors } = await openPage(harness);
    await page.goto(`${ehr}/launch?launch=cross-site:${BEATRICE.id}&sim=none`);
    expect(new URL(page.url()).hostname).toBe('127.0.0.1');
    const frame = page.frameLocator('iframe[data-testid="embedded-app"]');
    expect(new URL((await page.locator('iframe[data-testid="embedded-app"]').getAttribute('src'))!).hostname).toBe('localhost');
    expect(await freshProblem(frame)).toBe('storage-blocked');
    const text = await frame.locator('[data-problem]').innerText();
    expect(text).toContain('new window');
    expect(text).not.toMatch(/PKCE|server may be down/i);
    // Chromium has the Storage Access API: the app offers it on a click.
    expect(await frame.locator('button[data-action="request-storage-access"]').count()).toBe(1);
    await screenshot(page, 'cross-site-storage-blocked');

    const [popup] = await Promise.all([context.waitForEvent('page'), frame.locator('a[data-action="open-in-new-window"]').click()]);
    expect(await shownVerdict(popup)).toBe(BEATRICE.expected.verdictFromRecord);
    expect(new URL(popup.url()).hostname).toBe('localhost');
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('Close removes the tokens from sessionStorage and shows a relaunch page that a reload keeps', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', MARGARET.id));
    expect(await shownVerdict(page)).toBe(MARGARET.expected.verdictFromRecord);
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).toContain('access_token');

    await page.click('button[data-action="close-session"]');
    expect(await shownProblem(page)).toBe('relaunch-needed');
    expect(await page.locator('[data-problem]').innerText()).toContain('Relaunch');
    expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).not.toContain('access_token');
    const fhirReadsBefore = harness.requests.filter((r) => r.url.startsWith('/fhir/')).length;
    await page.reload();
    expect(await shownProblem(page)).toBe('relaunch-needed');
    expect(harness.requests.filter((r) => r.url.startsWith('/fhir/')).length).toBe(fhirReadsBefore);
    await screenshot(page, 'closed');
    await context.close();
  });

  it('an error page that no launch of this tab asked for does not show its text', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(`${app}/index.html?error=access_denied&error_description=${encodeURIComponent('Your account is locked: call 555-0100')}&state=forged`);
    expect(await shownProblem(page)).toBe('sign-in-failed');
    expect(await page.locator('#app').innerText()).not.toContain('555-0100');
    expect(new URL(page.url()).searchParams.has('state')).toBe(false);
    await context.close();
  });

  describe('hosting headers', () => {
    let stranger: Server;
    let strangerUrl: string;
    beforeAll(async () => {
      stranger = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end(`<!doctype html><iframe src="${app}/index.html"></iframe>`);
      });
      await new Promise<void>((done) => stranger.listen(0, '127.0.0.1', done));
      strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}/`;
    });
    afterAll(async () => { await new Promise((done) => stranger.close(done)); });

    it('a page that is not the EHR cannot frame the app (frame-ancestors)', async () => {
      const { page, context } = await openPage(harness);
      const refused = page.waitForEvent('console', (m) => m.text().includes('frame-ancestors'));
      await page.goto(strangerUrl);
      expect((await refused).text()).toContain(new URL(app).host);
      await context.close();
    });
  });
});
