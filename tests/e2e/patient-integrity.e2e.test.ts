// Another patient's data, served by an EHR that ignores `patient=` (sandbox fault `other-patient`), in a real
// SMART launch in Chromium: the panel shows the gap and the assessment of the launch patient alone; a Patient read
// answered with another patient ends in the named patient-unreadable state.
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FaultMap } from '../../sandbox/fhir/faults';
import { findVignette } from '../../sandbox/patients';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { browserAvailable, launchChromium } from './chromium';
import { BUILT_APP_DIR } from './global-setup';
import { SCREENSHOTS, unfoldAll } from './harness';

/** Little on record: needs information. */
const LAUNCH_PATIENT = 'vcf-little-data';
/** A fracture, imaging and pain scores on record: what would change the launch patient's assessment. */
const OTHER_PATIENT = 'vcf-osteoporotic';
const SEARCHED = ['Condition', 'Observation', 'DiagnosticReport', 'ImagingStudy', 'Procedure', 'MedicationRequest', 'MedicationStatement', 'ServiceRequest', 'AllergyIntolerance', 'Encounter', 'CarePlan', 'DeviceRequest'];

let browser: Browser;
let context: BrowserContext;
/** Another origin, listening: a followed redirect (or its CORS preflight) would arrive here. */
let foreign: Server;
let FOREIGN = '';
const foreignRequests: string[] = [];

interface Shown {
  verdict: string | null;
  criteria: Array<[string | null, string | null]>;
  gaps: string[];
  problem: string | null;
  text: string;
  pageErrors: string[];
}

/** An EHR launch of the launch patient on a sandbox with these faults; what the page shows once settled. */
async function launch(faults: FaultMap | undefined, name: string): Promise<Shown> {
  let sandbox: RunningSandbox | undefined;
  let page: Page | undefined;
  try {
    sandbox = await startSandbox({ port: 0, appPort: 0, appDir: BUILT_APP_DIR, includeSynthea: false, log: () => {}, ...(faults ? { faults } : {}) });
    page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${sandbox.ehrUrl}launch?launch=ehr:${LAUNCH_PATIENT}&sim=none`);
    await page.locator('[data-testid="verdict"] [data-status], [data-problem]').first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: `${SCREENSHOTS}patient-integrity-${name}.png` });
    const problem = await page.locator('[data-problem]').getAttribute('data-problem', { timeout: 1_000 }).catch(() => null);
    return {
      problem,
      verdict: problem ? null : await page.locator('[data-testid="verdict"] [data-status]').getAttribute('data-status'),
      criteria: await page.locator('.panel li[data-id]').evaluateAll((items) => items.map((li) => [li.getAttribute('data-id'), li.querySelector('[data-status]')?.getAttribute('data-status') ?? null] as [string | null, string | null])),
      gaps: await page.locator('[data-testid="data-gaps"] li').allInnerTexts(),
      text: await unfoldAll(page).then(() => page!.locator('body').innerText()),
      pageErrors,
    };
  } finally {
    await page?.close();
    await sandbox?.close();
  }
}

describe.runIf(browserAvailable())('the launch patient\'s data only, in the browser', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
    mkdirSync(SCREENSHOTS, { recursive: true });
    foreign = createServer((req, res) => {
      foreignRequests.push(`${req.method} ${req.url}`);
      res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end();
    });
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    FOREIGN = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    foreign?.closeAllConnections();
    await new Promise((resolve) => foreign?.close(resolve));
  });

  it('an EHR that mixes another patient\'s resources into every search: the panel reports them and assesses without them', async () => {
    const mixed: FaultMap = Object.fromEntries(SEARCHED.map((type) => [type, { kind: 'other-patient', patient: OTHER_PATIENT }]));
    const clean = await launch(undefined, 'clean');
    const hostile = await launch(mixed, 'mixed');
    expect(hostile.pageErrors).toEqual([]);
    expect(clean.verdict).toBe(findVignette(LAUNCH_PATIENT)!.expected.verdictFromRecord);
    expect(hostile.verdict).toBe(clean.verdict);
    expect(hostile.criteria.length).toBeGreaterThan(10);
    expect(hostile.criteria).toEqual(clean.criteria);
    expect(clean.gaps).toEqual([]);
    expect(hostile.gaps.some((gap) => /Condition: \d+ results? for another patient (was|were) ignored$/.test(gap))).toBe(true);
    expect(hostile.gaps.some((gap) => /Observation: \d+ results? for another patient (was|were) ignored$/.test(gap))).toBe(true);
    expect(hostile.gaps.every((gap) => /: \d+ results? for another patient (was|were) ignored$/.test(gap))).toBe(true);
  }, 90_000);

  it('a Patient read answered with another patient: the named patient-unreadable state, with both ids', async () => {
    const shown = await launch({ Patient: { kind: 'other-patient', patient: OTHER_PATIENT } }, 'swapped-patient');
    expect(shown.pageErrors).toEqual([]);
    expect(shown.problem).toBe('patient-unreadable');
    expect(shown.text).toContain(`the server answered the read of the launch patient "${LAUNCH_PATIENT}" with Patient "${OTHER_PATIENT}"`);
    expect(shown.verdict).toBeNull();
  }, 60_000);

  it('a search redirected to another origin: not followed (nothing is requested there), a named gap, the rest assessed', async () => {
    const shown = await launch({ Condition: { kind: 'redirect-foreign', origin: FOREIGN } }, 'redirect-search');
    expect(shown.pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(shown.verdict).not.toBeNull();
    expect(shown.gaps).toEqual(['Could not read: Condition: the server answered with a redirect, not followed']);
  }, 60_000);

  it('the Patient read redirected to another origin: the named patient-unreadable state', async () => {
    const shown = await launch({ Patient: { kind: 'redirect-foreign', origin: FOREIGN } }, 'redirect-patient');
    expect(shown.pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
    expect(shown.problem).toBe('patient-unreadable');
    expect(shown.text).toContain('Patient: the server answered with a redirect, not followed');
  }, 60_000);
});
