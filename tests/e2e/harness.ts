// One sandbox EHR serving the built app, one Chromium, and a fresh browser context per test.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox, type SandboxRequestEvent } from '../../sandbox/server';
import { launchChromium } from './chromium';
import { BUILT_APP_DIR } from './global-setup';

export const SCREENSHOTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

export interface Harness {
  sandbox: RunningSandbox;
  browser: Browser;
  /** Every request the sandbox answered, in order. */
  requests: SandboxRequestEvent[];
  close(): Promise<void>;
}

export async function startHarness(options: { latencyMs?: number } = {}): Promise<Harness> {
  const requests: SandboxRequestEvent[] = [];
  const sandbox = await startSandbox({
    port: 0,
    appPort: 0,
    appDir: BUILT_APP_DIR,
    includeSynthea: true,
    log: () => {},
    onRequest: (event) => requests.push(event),
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
  });
  const browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    sandbox,
    browser,
    requests,
    async close() {
      await browser.close();
      await sandbox.close();
    },
  };
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console messages of every frame, as text. */
  console: string[];
  /** Every URL the browser requested. */
  urls: string[];
  pageErrors: string[];
}

export async function openPage(harness: Harness): Promise<TestPage> {
  const context = await harness.browser.newContext({ viewport: { width: 1200, height: 1400 } });
  const page = await context.newPage();
  const result: TestPage = { context, page, console: [], urls: [], pageErrors: [] };
  page.on('console', (message) => result.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => result.pageErrors.push(error.message));
  context.on('request', (request) => result.urls.push(request.url()));
  return result;
}

/** The launcher's form, as a click would submit it: GET /launch?launch=<mode>:<patient>&sim=<simulation>. */
export function launcherUrl(harness: Harness, mode: 'ehr' | 'embedded', patientId: string, simulation = 'none'): string {
  return `${harness.sandbox.ehrUrl.replace(/\/$/, '')}/launch?launch=${mode}:${encodeURIComponent(patientId)}&sim=${simulation}`;
}

/** The verdict word the panel shows, once it is shown. */
export async function shownVerdict(page: Page): Promise<string | null> {
  const badge = page.locator('[data-testid="verdict"] [data-status]');
  await badge.waitFor({ timeout: 20_000 });
  // The card's first frame is the verdict and its summary line; the questions, cautions and workup under them arrive
  // with the details just after (issue 22). Tests read the whole card: wait for it (the workup block is always there).
  await page.locator('[data-testid="verdict"] [data-testid="missing-workup"]').waitFor({ timeout: 20_000 });
  return badge.getAttribute('data-status');
}

export async function workupStatuses(page: Page): Promise<Record<string, string>> {
  // The details (the workup section among them) arrive just after the verdict card.
  await page.locator('section[aria-labelledby="workup-heading"] li[data-id]').first().waitFor({ state: 'attached', timeout: 20_000 });
  return page.locator('section[aria-labelledby="workup-heading"] li[data-id]').evaluateAll((items) =>
    Object.fromEntries(items.map((li) => [li.getAttribute('data-id'), li.querySelector('[data-status]')?.getAttribute('data-status') ?? ''])),
  );
}

export async function shownProblem(page: Page): Promise<string | null> {
  const problem = page.locator('[data-problem]');
  await problem.waitFor({ timeout: 20_000 });
  return problem.getAttribute('data-problem');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Opens every folded section ("Technical detail", the details below the card), as a physician or integrator can. */
export async function unfoldAll(page: Page): Promise<void> {
  await page.evaluate(() => document.querySelectorAll('details').forEach((fold) => { (fold as HTMLDetailsElement).open = true; }));
}
