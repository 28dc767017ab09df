// A physician's path through a real SMART launch: sandbox EHR, built app, headless Chromium.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients';
import { browserAvailable } from './chromium';
import { launcherUrl, openPage, screenshot, shownProblem, shownVerdict, startHarness, workupStatuses, type Harness } from './harness';

describe.runIf(browserAvailable())('SMART launch in Chromium against the local sandbox', () => {
  let harness: Harness;
  beforeAll(async () => { harness = await startHarness(); });
  afterAll(async () => { await harness?.close(); });

  it('launches from the launcher page with a click and shows the panel', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(harness.sandbox.ehrUrl);
    const first = VIGNETTES[0]!;
    await page.click(`button[data-action="ehr-launch"][data-patient-id="${first.id}"]`);
    expect(await shownVerdict(page)).toBe(first.expected.verdictFromRecord);
    await expect.poll(() => page.locator('[data-testid="patient-banner"]').textContent()).toContain(first.name.split(' ')[0]);
    const url = new URL(page.url());
    expect(url.searchParams.has('code')).toBe(false);
    expect(url.searchParams.has('state')).toBe(false);
    await screenshot(page, 'panel-ehr-launch');
    await page.goto(harness.sandbox.ehrUrl);
    await screenshot(page, 'launcher');
    await context.close();
  });

  it.each(VIGNETTES.map((v) => [v.id, v] as const))('EHR launch of %s shows its verdict and missing workup', async (_id, vignette) => {
    const { page, context, pageErrors } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', vignette.id));
    expect(await shownVerdict(page)).toBe(vignette.expected.verdictFromRecord);
    const workup = await workupStatuses(page);
    expect(Object.entries(workup).filter(([, s]) => s === 'missing').map(([id]) => id)).toEqual(vignette.expected.missingWorkup);
    if (vignette.expected.confirmAnswers) {
      for (const [field, value] of Object.entries(vignette.expected.confirmAnswers)) {
        if (typeof value === 'boolean') await page.check(`[data-field="${field}"] input[value="${value ? 'yes' : 'no'}"]`);
      }
      expect(await shownVerdict(page)).toBe(vignette.expected.verdictAfterConfirm);
    }
    await screenshot(page, `vignette-${vignette.id}`);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('standalone launch: the physician picks the patient at the EHR', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(harness.sandbox.ehrUrl);
    await page.click('button[data-action="standalone-launch"]');
    const target = VIGNETTES[2]!;
    await page.click(`button[data-action="pick-patient"][data-patient-id="${target.id}"]`);
    expect(await shownVerdict(page)).toBe(target.expected.verdictFromRecord);
    await context.close();
  });

  it('embedded mode: the app runs inside the mock chart\'s iframe', async () => {
    const { page, context } = await openPage(harness);
    const target = VIGNETTES[0]!;
    await page.goto(launcherUrl(harness, 'embedded', target.id));
    const frame = page.frameLocator('iframe[data-testid="embedded-app"]');
    await frame.locator('[data-testid="verdict"] [data-status]').waitFor({ timeout: 20_000 });
    expect(await frame.locator('[data-testid="verdict"] [data-status]').getAttribute('data-status')).toBe(target.expected.verdictFromRecord);
    await screenshot(page, 'embedded');
    await context.close();
  });

  it('refreshes an access token that expires and goes on', async () => {
    const { page, context } = await openPage(harness);
    const before = harness.requests.filter((r) => r.url.startsWith('/auth/token')).length;
    await page.goto(launcherUrl(harness, 'ehr', VIGNETTES[0]!.id, 'token_expired'));
    expect(await shownVerdict(page)).toBe(VIGNETTES[0]!.expected.verdictFromRecord);
    const tokenCalls = harness.requests.filter((r) => r.url.startsWith('/auth/token')).length - before;
    expect(tokenCalls).toBeGreaterThanOrEqual(2);
    await context.close();
  });

  it.each([
    ['invalid_scope', 'auth-error'],
    ['token_error', 'auth-error'],
    ['refresh_expired', 'session-expired'],
  ])('simulated %s ends in the app\'s %s state', async (simulation, problem) => {
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', VIGNETTES[0]!.id, simulation));
    expect(await shownProblem(page)).toBe(problem);
    const text = await page.locator('[data-problem]').innerText();
    expect(text.length).toBeGreaterThan(40);
    await screenshot(page, `error-${simulation}`);
    await context.close();
  });

  it.each(['invalid_client', 'invalid_redirect_uri'])('simulated %s stops at the EHR with a readable error page', async (simulation) => {
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', VIGNETTES[0]!.id, simulation));
    const error = page.locator('[data-testid="authorize-error"]');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.getAttribute('data-error')).toMatch(/invalid_client|invalid_request|invalid_redirect/);
    await screenshot(page, `error-${simulation}`);
    await context.close();
  });

  it('opened without a launch, the app explains how to launch', async () => {
    const { page, context } = await openPage(harness);
    await page.goto(`${harness.sandbox.appUrl!.replace(/\/$/, '')}/index.html`);
    expect(await shownProblem(page)).toBe('not-launched');
    await context.close();
  });
});
