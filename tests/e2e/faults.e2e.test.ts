// What a physician sees when the EHR misbehaves: one real EHR launch in Chromium per simulated failure
// (sandbox/fhir/faults.ts), as the SMART launcher's integration tests do. Each failure of one resource
// type must leave a verdict built from the rest, with a data gap naming the type and why in words;
// a failure of the Patient read must end in its named state. Never a page error, never a blank screen,
// never a loading screen that lasts for ever.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, it, type ExpectStatic, type TestContext } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { OPERATION_OUTCOME_200_TEXT, faultDiagnostics, type FaultMap } from '../../sandbox/fhir/faults';
import { findVignette } from '../../sandbox/patients';
import { startSandbox, type RunningSandbox, type SandboxRequestEvent } from '../../sandbox/server';
import { browserAvailable, launchChromium } from './chromium';
import { BUILT_APP_DIR } from './global-setup';
import { SCREENSHOTS, workupStatuses } from './harness';

const PATIENT = 'vcf-osteoporotic';
const expected = findVignette(PATIENT)!.expected;

interface TimedEvent extends SandboxRequestEvent {
  /** performance.now() when the response finished. */
  at: number;
}

interface Run {
  sandbox: RunningSandbox;
  page: Page;
  /** Requests the sandbox answered (hung ones never finish, so never appear). */
  served: TimedEvent[];
  /** Every URL the browser requested. */
  urls: string[];
  pageErrors: string[];
  startedAt: number;
  close(): Promise<void>;
}

let browser: Browser;

/** A sandbox with these faults serving the built app, a fresh page, and an EHR launch of the patient. */
async function launchWith(faults: FaultMap, patient = PATIENT): Promise<Run> {
  const served: TimedEvent[] = [];
  const sandbox = await startSandbox({
    port: 0,
    appPort: 0,
    appDir: BUILT_APP_DIR,
    includeSynthea: false,
    log: () => {},
    faults,
    onRequest: (event) => served.push({ ...event, at: performance.now() }),
  });
  // Its own browser context: the tests run side by side, and every sandbox sets its EHR session cookie on localhost
  // (cookies ignore the port), so a shared context would hand one sandbox's launch the other's session.
  const runContext = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
  const page = await runContext.newPage();
  const run: Run = {
    sandbox,
    page,
    served,
    urls: [],
    pageErrors: [],
    startedAt: performance.now(),
    async close() {
      await runContext.close();
      await sandbox.close();
    },
  };
  page.on('pageerror', (error) => run.pageErrors.push(error.message));
  page.on('request', (request) => run.urls.push(request.url()));
  await page.goto(`${sandbox.ehrUrl}launch?launch=ehr:${patient}&sim=none`);
  return run;
}

/** Waits for the end of loading: the panel's verdict or a named problem state. Generous: tests run side by side. */
async function settled(page: Page, timeout = 30_000): Promise<void> {
  await page.locator('[data-testid="verdict"] [data-status], [data-problem]').first().waitFor({ timeout });
  // A panel shown from the first round while a long search still pages: settled once the whole record is in.
  await page.locator('[data-testid="still-reading"]').waitFor({ state: 'detached', timeout });
}

async function verdict(page: Page): Promise<string | null> {
  await settled(page);
  const shown = page.locator('[data-problem]');
  if (await shown.count()) throw new Error(`no verdict: the app shows "${await shown.getAttribute('data-problem')}": ${await shown.innerText()}`);
  // Settled means shown; the generous wait covers a re-render on a machine running other browser files beside this one.
  return page.locator('[data-testid="verdict"] [data-status]').getAttribute('data-status', { timeout: 10_000 });
}

async function problem(page: Page): Promise<string | null> {
  await settled(page);
  return page.locator('[data-problem]').getAttribute('data-problem', { timeout: 10_000 });
}

/** The problem state's text as the physician reads it after unfolding "Technical detail". */
async function problemText(page: Page): Promise<string> {
  const fold = page.locator('[data-problem] details.problem-technical > summary');
  if (await fold.count()) await fold.click();
  return page.locator('[data-problem]').innerText();
}

async function gaps(page: Page): Promise<string[]> {
  return page.locator('[data-testid="data-gaps"] li').allInnerTexts();
}

/** The loading screen's lines: resource type to state (loading, done, failed). */
async function progressStates(page: Page): Promise<Record<string, string | null>> {
  return Object.fromEntries(
    await page.locator('.progress-list li').evaluateAll((lis) => lis.map((li) => [li.querySelector('.progress-type')?.textContent ?? '', li.getAttribute('data-state')])),
  );
}

/** The searches other than `pending`, all finished. */
async function othersDone(page: Page, pending: string): Promise<boolean> {
  const states = await progressStates(page);
  const searches = Object.entries(states).filter(([type]) => type !== 'Patient' && type !== pending);
  return searches.length === 11 && searches.every(([, state]) => state === 'done');
}

async function criterion(page: Page, id: string): Promise<string | null> {
  return page.locator(`li[data-id="${id}"] [data-status]`).first().getAttribute('data-status');
}

/** FHIR GETs of one resource type the sandbox answered (preflights left out). */
function servedFor(run: Run, type: string): TimedEvent[] {
  return run.served.filter((e) => e.method === 'GET' && new URL(e.url, 'http://x').pathname === `/fhir/${type}`);
}

/** What every case must satisfy: no uncaught error, and a screen with words on it (the panel or a named state). */
async function expectHealthy(expect: ExpectStatic, run: Run, name: string): Promise<void> {
  const { page } = run;
  expect(await page.locator('[data-testid="verdict"], [data-problem]').first().isVisible()).toBe(true);
  const text = await page.locator('body').innerText();
  expect(text.trim().length).toBeGreaterThan(200);
  expect(await page.locator('[data-testid="loading-status"]').count()).toBe(0);
  await page.screenshot({ path: `${SCREENSHOTS}fault-${name}.png` });
  expect(run.pageErrors).toEqual([]);
}

/** A test body run against a launch with these faults; the launch is always closed. */
function launched(faults: FaultMap, body: (run: Run, expect: ExpectStatic) => Promise<void>) {
  return async ({ expect }: TestContext) => {
    const run = await launchWith(faults);
    try {
      await body(run, expect);
    } finally {
      await run.close();
    }
  };
}

// Concurrent: each test has its own sandbox and page, and most of the time is spent waiting (the 20 s
// deadline of the hang case, Retry-After); side by side the file takes about half as long.
describe.runIf(browserAvailable()).concurrent('EHR failures, as the physician sees them', () => {
  beforeAll(async () => {
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  // The app aborts each request after 20 s and offers no way to shorten that from a launch, so this case
  // takes about 20 s: CarePlan (read by no criterion) hangs, everything else answers at once.
  it(
    'a search that never answers: the loading screen says which one is pending, and gives up after the 20 s deadline',
    launched({ CarePlan: { kind: 'hang' } }, async (run, expect) => {
      // Every search but CarePlan finishes; CarePlan stays "reading…" (the Patient line is left out: see the it.fails below).
      // Under the 20 s deadline, with room for a loaded CI machine running the tests side by side.
      await expect.poll(() => othersDone(run.page, 'CarePlan'), { timeout: 18_000 }).toBe(true);
      expect((await progressStates(run.page)).CarePlan).toBe('loading');
      expect(await run.page.locator('[data-testid="loading-status"]').innerText()).toMatch(/^Reading the record: 1[12] of 13 record types done\.$/);
      const abandoned = run.page.waitForEvent('requestfailed', { predicate: (r) => new URL(r.url()).pathname === '/fhir/CarePlan', timeout: 35_000 });
      await settled(run.page, 35_000);
      const elapsed = performance.now() - run.startedAt;
      expect(elapsed).toBeGreaterThan(19_000);
      expect(elapsed).toBeLessThan(60_000); // gave up, not hung: the deadline is 20 s, the rest is a loaded machine
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual(['Could not read: CarePlan: no answer in time']);
      // The app really gave the request up: it does not leave connections open.
      await abandoned;
      await expectHealthy(expect, run, 'careplan-hang');
    }),
    90_000,
  );

  describe('a search fails: the verdict is built from the rest, and the gap says which records and why', () => {
    it('403 with an OperationOutcome on Observation', launched({ Observation: { status: 403 } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe('needs-information');
      expect(await gaps(run.page)).toEqual([`Could not read: Observation: access denied (403): ${faultDiagnostics('Observation', 403)}`]);
      const workup = await workupStatuses(run.page);
      // Built from the rest: the CBC and metabolic panel arrive as DiagnosticReports, the imaging as studies and reports...
      expect(workup).toMatchObject({ cbc: 'done', 'metabolic-panel': 'done', 'spine-xray': 'done', 'spine-mri': 'done' });
      // ...while what only Observations carry could not be settled (spec v3 §5 unknown: may be on file, never ordered).
      expect(workup).toMatchObject({ 'pain-score': 'unknown', 'physical-exam': 'unknown', coagulation: 'unknown', 'bone-density': 'unknown' });
      expect(await criterion(run.page, 'severe-pain')).toBe('unknown');
      await expectHealthy(expect, run, 'observation-403');
    }));

    it('500 with a proxy\'s HTML page on Condition: the HTML is neither shown nor rendered', launched({ Condition: { status: 500, body: 'html' } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe('needs-information');
      expect(await gaps(run.page)).toEqual(['Could not read: Condition: server error (500)']);
      expect(await run.page.locator('[data-testid="data-gaps"] h1, [data-testid="data-gaps"] hr').count()).toBe(0);
      expect(await run.page.locator('body').innerText()).not.toMatch(/doctype|<h1>|gateway/i);
      // Without conditions the fracture is not documented: unknown, never "not met".
      expect(await criterion(run.page, 'vcf')).toBe('unknown');
      await expectHealthy(expect, run, 'condition-500-html');
    }));

    it('404 without a body on AllergyIntolerance', launched({ AllergyIntolerance: { status: 404, body: 'none' } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual(['Could not read: AllergyIntolerance: not found (404)']);
      await expectHealthy(expect, run, 'allergy-404');
    }));

    it('410 Gone on ServiceRequest', launched({ ServiceRequest: { status: 410 } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual([`Could not read: ServiceRequest: gone (410): ${faultDiagnostics('ServiceRequest', 410)}`]);
      await expectHealthy(expect, run, 'servicerequest-410');
    }));

    it('503 that does not clear: retried twice, then a gap (bounded, no endless retry)', launched({ Procedure: { status: 503, retryAfter: 0 } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual([`Could not read: Procedure: service unavailable (503): ${faultDiagnostics('Procedure', 503)}`]);
      expect(servedFor(run, 'Procedure').map((e) => e.status)).toEqual([503, 503, 503]);
      await expectHealthy(expect, run, 'procedure-503');
    }));

    it('truncated JSON on ImagingStudy', launched({ ImagingStudy: { kind: 'truncated' } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual(['Could not read: ImagingStudy: the server sent a body that is not JSON']);
      // The imaging reports (DiagnosticReport) still document the X-ray and the MRI.
      expect(await workupStatuses(run.page)).toMatchObject({ 'spine-xray': 'done', 'spine-mri': 'done' });
      await expectHealthy(expect, run, 'imaging-truncated');
    }));

    it('an HTML sign-in page with status 200 on MedicationRequest', launched({ MedicationRequest: { kind: 'not-json' } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual(['Could not read: MedicationRequest: the server sent a body that is not JSON']);
      expect(await run.page.locator('body').innerText()).not.toContain('Single sign-on');
      await expectHealthy(expect, run, 'medication-not-json');
    }));

    it('an OperationOutcome with status 200 where a Bundle was expected, on DiagnosticReport', launched({ DiagnosticReport: { kind: 'operation-outcome-200' } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual([`Could not read: DiagnosticReport: the server did not return a search Bundle (an OperationOutcome: ${OPERATION_OUTCOME_200_TEXT})`]);
      await expectHealthy(expect, run, 'report-outcome-200');
    }));
  });

  it('429 with Retry-After: waits as told, retries, and succeeds without a gap', launched({ Condition: { status: 429, retryAfter: 2, times: 1 } }, async (run, expect) => {
    expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
    expect(await run.page.locator('[data-testid="data-gaps"]').count()).toBe(0);
    const conditions = servedFor(run, 'Condition');
    expect(conditions.map((e) => e.status)).toEqual([429, 200]);
    // Retry-After: 2 was honoured (without it the app waits 1 s).
    expect(conditions[1]!.at - conditions[0]!.at).toBeGreaterThanOrEqual(1_900);
    expect(await criterion(run.page, 'vcf')).toBe('met');
    await expectHealthy(expect, run, 'condition-429-retried');
  }));

  describe('paging the app must not follow', () => {
    it('a next link to itself: one request, the first page kept, the loop reported', launched({ Condition: { kind: 'next-loop' } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual(['Could not read: Condition: a next-page link was not followed (loop or another server)']);
      expect(servedFor(run, 'Condition')).toHaveLength(1);
      expect(await criterion(run.page, 'vcf')).toBe('met');
      await expectHealthy(expect, run, 'condition-next-loop');
    }));

    // 127.0.0.1:9 is another origin that the app's CSP (connect-src http://127.0.0.1:*) would let through:
    // only the app's own same-origin rule can keep the browser from requesting it.
    it('a next link to another origin: never requested (not even a preflight), reported', launched({ Condition: { kind: 'next-foreign', origin: 'http://127.0.0.1:9' } }, async (run, expect) => {
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual(['Could not read: Condition: a next-page link was not followed (loop or another server)']);
      expect(run.urls.filter((u) => u.startsWith('http://127.0.0.1:9'))).toEqual([]);
      expect(await criterion(run.page, 'vcf')).toBe('met');
      await expectHealthy(expect, run, 'condition-next-foreign');
    }));

    it('more than 10,000 results: 50 pages read, the cap reported, the verdict unchanged', launched({ Encounter: { kind: 'many', total: 10_050 } }, async (run, expect) => {
      // The panel does not wait for the 50 pages: it shows from the first round, saying what it is still reading.
      await run.page.locator('[data-testid="verdict"] [data-status]').waitFor({ timeout: 30_000 });
      expect(await run.page.locator('[data-testid="still-reading"]').innerText()).toContain('Still reading the record (Encounter)');
      expect(servedFor(run, 'Encounter').length).toBeLessThan(50);
      await settled(run.page, 45_000);
      expect(await verdict(run.page)).toBe(expected.verdictFromRecord);
      expect(await gaps(run.page)).toEqual(['Could not read: Encounter: only the first 10,000 results were read']);
      expect(servedFor(run, 'Encounter')).toHaveLength(50);
      await expectHealthy(expect, run, 'encounter-many');
    }), 55_000);
  });

  describe('the Patient read fails: a named state, never a partial assessment', () => {
    for (const [status, words] of [[404, 'not found (404)'], [500, 'server error (500)']] as const) {
      it(`${status}: "patient-unreadable" with the server's message`, launched({ Patient: { status } }, async (run, expect) => {
        expect(await problem(run.page)).toBe('patient-unreadable');
        expect(await problemText(run.page)).toContain(`Patient: ${words}: ${faultDiagnostics('Patient', status)}`);
        expect(await run.page.locator('[data-testid="verdict"]').count()).toBe(0);
        await expectHealthy(expect, run, `patient-${status}`);
      }));
    }

    it('401 (the token expired at the resource server): "session-expired"', launched({ Patient: { status: 401 } }, async (run, expect) => {
      expect(await problem(run.page)).toBe('session-expired');
      expect(await problemText(run.page)).toContain('Patient: not authorized (session expired?) (401)');
      expect(await run.page.locator('[data-testid="verdict"]').count()).toBe(0);
      await expectHealthy(expect, run, 'patient-401');
    }));
  });

  describe('once app bugs, now fixed', () => {
    // src/fhir/client-source.ts outcomeFromMessage(): on a 401, fhirclient appends "\nSession expired! Please
    // re-launch the app" after the JSON body in HttpError.message, so JSON.parse of everything from the first
    // "{" fails and the OperationOutcome text is dropped (a 403/404/500 keeps it).
    it('401: the technical detail carries the server\'s OperationOutcome text, as other statuses do', launched({ Patient: { status: 401 } }, async (run, expect) => {
      expect(await problem(run.page)).toBe('session-expired');
      expect(await problemText(run.page)).toContain(`(401): ${faultDiagnostics('Patient', 401)}`);
    }));

    // Once a bug (the Patient line was reported only after every search settled): a slow search must not
    // make the Patient read look pending.
    it('while one search waits, the loading screen shows the Patient read as done', launched({ CarePlan: { status: 429, retryAfter: 4, times: 1 } }, async (run, expect) => {
      // Under the 20 s deadline, with room for a loaded CI machine running the tests side by side.
      await expect.poll(() => othersDone(run.page, 'CarePlan'), { timeout: 18_000 }).toBe(true);
      const states = await progressStates(run.page);
      expect(states.CarePlan).toBe('loading'); // still waiting out its Retry-After
      expect(states.Patient).toBe('done');
      // The server logs a request when its response has finished, which can trail the browser by a moment.
      const patientReads = () => run.served.filter((e) => e.method === 'GET' && new URL(e.url, 'http://x').pathname.startsWith('/fhir/Patient/'));
      await expect.poll(() => patientReads().map((e) => e.status)).toEqual([200]);
    }));
  });
});
