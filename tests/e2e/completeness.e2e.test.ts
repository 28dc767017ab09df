// When the EHR leaves data out without failing, the physician must see it, and "none documented" must not
// stand: a real EHR launch in Chromium for each sandbox simulation. The patient is vcf-discitis, whose active
// lumbar discitis is an absolute contraindication (spinal-infection): hidden, it must read unknown, never
// "absent", and the verdict must not be candidate even after the physician's two confirmations.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { OMITTED_TEXT, type FaultMap } from '../../sandbox/fhir/faults';
import { findVignette } from '../../sandbox/patients';
import { startSandbox, type RunningSandbox, type SandboxRequestEvent } from '../../sandbox/server';
import { browserAvailable, launchChromium } from './chromium';
import { BUILT_APP_DIR } from './global-setup';
import { screenshot } from './harness';

const PATIENT = 'vcf-discitis';
const DISCITIS = 'vcf-discitis-condition-3';
const CATEGORIES = ['problem-list-item', 'encounter-diagnosis', 'health-concern'];

interface Run {
  page: Page;
  served: SandboxRequestEvent[];
  /** The searches the app sent in a FHIR batch (entry URLs, relative to the base). */
  batched: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

let browser: Browser;
/** A copy of the built app whose local-sandbox entry reads Condition per category (an Epic-like configuration). */
let perCategoryAppDir: string;

function appWithConditionCategories(): string {
  const dir = mkdtempSync(join(tmpdir(), 'app-categories-'));
  cpSync(BUILT_APP_DIR, dir, { recursive: true });
  const configFile = join(dir, 'smart-config.json');
  const entries = JSON.parse(readFileSync(configFile, 'utf8')) as { clientId: string; conditionCategories?: string[] }[];
  for (const entry of entries) if (entry.clientId === 'kyphoplasty-local') entry.conditionCategories = CATEGORIES;
  writeFileSync(configFile, JSON.stringify(entries));
  return dir;
}

async function launch(options: { simulation?: string; faults?: FaultMap; appDir?: string; patient?: string }): Promise<Run> {
  const served: SandboxRequestEvent[] = [];
  const sandbox: RunningSandbox = await startSandbox({
    port: 0,
    appPort: 0,
    appDir: options.appDir ?? BUILT_APP_DIR,
    includeSynthea: false,
    log: () => {},
    ...(options.faults ? { faults: options.faults } : {}),
    onRequest: (event) => served.push(event),
  });
  const context = await browser.newContext({ viewport: { width: 1200, height: 1400 } });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const batched: string[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !/^\/fhir\/?$/.test(new URL(request.url()).pathname)) return;
    const bundle = JSON.parse(request.postData() ?? '{}') as { entry?: Array<{ request?: { url?: string } }> };
    for (const entry of bundle.entry ?? []) if (entry.request?.url) batched.push(entry.request.url);
  });
  await page.goto(`${sandbox.ehrUrl}launch?launch=ehr:${options.patient ?? PATIENT}&sim=${options.simulation ?? 'none'}`);
  await page.locator('[data-testid="verdict"] [data-status], [data-problem]').first().waitFor({ timeout: 30_000 });
  return {
    page,
    served,
    batched,
    pageErrors,
    async close() {
      await context.close();
      await sandbox.close();
    },
  };
}

const gaps = (page: Page) => page.locator('[data-testid="data-gaps"] li').allInnerTexts();
const contraindication = (page: Page, id: string) => page.locator(`li[data-id="${id}"] [data-status]`).first().getAttribute('data-status');
const verdict = (page: Page) => page.locator('[data-testid="verdict"] [data-status]').getAttribute('data-status');

/** The physician confirms what only they can: the verdict then rests on the record alone. */
async function confirmImagingAndPain(page: Page): Promise<void> {
  await page.check('[data-field="imagingConfirmsAcute"] input[value="yes"]');
  await page.check('[data-field="painAttributable"] input[value="yes"]');
}

/** FHIR searches of Condition the sandbox answered (as GETs or in the batch), by their category parameter ('' for none). */
function conditionSearches(run: Run): string[] {
  const urls = [...run.served.filter((e) => e.method === 'GET').map((e) => e.url), ...run.batched.map((url) => `/fhir/${url}`)];
  return urls.filter((url) => new URL(url, 'http://x').pathname === '/fhir/Condition').map((url) => new URL(url, 'http://x').searchParams.get('category') ?? '');
}

/** The checks every hidden-infection case shares: the gap is shown, the infection is not "absent", no candidate. */
async function expectNoFalseAbsent(run: Run, gap: string, name: string): Promise<void> {
  expect(await gaps(run.page)).toEqual([`Could not read: ${gap}`]);
  expect(await contraindication(run.page, 'spinal-infection')).not.toBe('absent');
  expect(await verdict(run.page)).not.toBe('candidate');
  await confirmImagingAndPain(run.page);
  expect(await contraindication(run.page, 'spinal-infection')).not.toBe('absent');
  expect(await verdict(run.page)).not.toBe('candidate');
  await screenshot(run.page, `completeness-${name}`);
  expect(run.pageErrors).toEqual([]);
}

describe.runIf(browserAvailable())('data the EHR left out, as the physician sees it', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    perCategoryAppDir = appWithConditionCategories();
  });
  afterAll(async () => {
    await browser?.close();
    if (perCategoryAppDir) rmSync(perCategoryAppDir, { recursive: true, force: true });
  });

  it('the Condition search leaves the discitis out with an OperationOutcome entry: the gap quotes it, and spinal infection is not "absent"', async () => {
    const run = await launch({ faults: { Condition: { kind: 'omitted', ids: [DISCITIS] } } });
    try {
      await expectNoFalseAbsent(run, `Condition: the server left results out: ${OMITTED_TEXT}`, 'omitted');
      // The discitis itself is nowhere on the panel: it really was hidden.
      expect(await run.page.locator('body').innerText()).not.toMatch(/discitis, unspecified/i);
    } finally {
      await run.close();
    }
  });

  it('Condition granted for the problem list only: the gap names the limit, and the filtered discitis does not read "absent"', async () => {
    const run = await launch({ simulation: 'narrowed_condition_grant' });
    try {
      await expectNoFalseAbsent(run, 'Condition: access limited to category problem-list-item', 'narrowed-grant');
      expect(await run.page.locator('body').innerText()).not.toMatch(/discitis, unspecified/i);
    } finally {
      await run.close();
    }
  });

  describe('Conditions split by category (the discitis and the fracture are encounter diagnoses)', () => {
    it('an app configured to read each category finds the discitis: spinal infection present, not-candidate, no gap', async () => {
      const run = await launch({ simulation: 'condition_categories', appDir: perCategoryAppDir });
      try {
        expect(conditionSearches(run)).toEqual(expect.arrayContaining(CATEGORIES));
        expect(conditionSearches(run)).toHaveLength(3);
        expect(await contraindication(run.page, 'spinal-infection')).toBe('present');
        expect(await verdict(run.page)).toBe('not-candidate');
        expect(await run.page.locator('[data-testid="data-gaps"]').count()).toBe(0);
        await screenshot(run.page, 'completeness-categories');
        expect(run.pageErrors).toEqual([]);
      } finally {
        await run.close();
      }
    });

    it('read per category under a problem-list-only grant: the encounter-diagnosis search finds nothing, and the gap says why', async () => {
      const run = await launch({ simulation: 'narrowed_condition_grant', appDir: perCategoryAppDir });
      try {
        expect(conditionSearches(run)).toHaveLength(3);
        await expectNoFalseAbsent(run, 'Condition: access limited to category problem-list-item', 'categories-narrowed');
      } finally {
        await run.close();
      }
    });
  });

  it('an inpatient launched from her open chart: the app reads the encounter in context by id, and the verdict is as expected', async () => {
    const hospitalized = findVignette('vcf-hospitalized')!;
    const run = await launch({ patient: hospitalized.id });
    try {
      const reads = run.served.filter((e) => e.method === 'GET' && /^\/fhir\/Encounter\/vcf-hospitalized-encounter-\d+$/.test(new URL(e.url, 'http://x').pathname));
      expect(reads.map((e) => e.status)).toEqual([200]);
      expect(await verdict(run.page)).toBe(hospitalized.expected.verdictFromRecord);
      expect(await run.page.locator('[data-testid="data-gaps"]').count()).toBe(0);
      expect(run.pageErrors).toEqual([]);
    } finally {
      await run.close();
    }
  });
});
