// The ordering path in a real browser: on the sandbox chart the physician orders kyphoplasty, the
// EHR calls the CDS service and shows its card, and the card's link opens the app on that order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startCdsAlongside, type CdsAlongside } from '../../cds/alongside';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { browserAvailable, launchChromium } from './chromium';
import { BUILT_APP_DIR } from './global-setup';
import { screenshot, shownVerdict } from './harness';

describe.runIf(browserAvailable())('ordering kyphoplasty on the sandbox chart', () => {
  let cds: CdsAlongside;
  let sandbox: RunningSandbox;
  let browser: Browser;
  beforeAll(async () => {
    cds = (await startCdsAlongside(0, () => {}))!;
    sandbox = await startSandbox({ port: 0, appPort: 0, appDir: BUILT_APP_DIR, includeSynthea: false, log: () => {}, cdsDiscoveryUrl: cds.service.discoveryUrl });
    cds.trustSandbox(sandbox);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await cds?.service.close();
  });

  it.each([
    ['vcf-warfarin', 'L1', 'warning', 'needs-information', /^Vertebral augmentation: needs information/],
    // Not a candidate: the reason in negative form (§4), never the unmet criterion's label.
    ['vcf-pregnant', 'T12', 'critical', 'not-candidate', /^Not a candidate: pregnancy$/],
  ])('%s: the card, then the app on the order at %s', async (patient, level, indicator, verdict, summary) => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 1400 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${sandbox.ehrUrl.replace(/\/$/, '')}/launch?launch=embedded:${patient}&sim=none`);
    await page.click('[data-testid="chart-order-link"]');
    await page.selectOption('[data-testid="order-level"]', level);
    await page.click('[data-testid="order-kyphoplasty"]');

    const cards = page.locator('[data-testid="cds-card"]');
    await cards.first().waitFor({ timeout: 20_000 });
    expect(await cards.evaluateAll((els) => els.map((el) => [el.getAttribute('data-hook'), el.getAttribute('data-indicator')]))).toEqual([
      ['order-select', indicator],
      ['order-sign', indicator],
    ]);
    expect(await cards.first().locator('[data-testid="cds-card-summary"]').textContent()).toMatch(summary);
    await screenshot(page, `cds-card-${patient}`);

    await cards.last().locator('[data-testid="cds-card-app-link"]').click();
    expect(await shownVerdict(page)).toBe(verdict);
    await expect.poll(() => page.locator('[data-testid="launch-order"]').textContent()).toContain(`at ${level}`);
    expect(await page.inputValue('#answer-levels')).toBe(level);
    await screenshot(page, `cds-app-${patient}`);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
