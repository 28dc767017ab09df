// The print for the chart and a prior-authorization packet, printed to PDF by Chromium and read back as text: the
// embedded launch (the EHR shows its own banner, so the app hides its own) must still print who, what and by whom.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVignette } from '../../sandbox/patients';
import { SPEC_VERSION } from '../../src/clinical/version';
import { browserAvailable } from './chromium';
import { launcherUrl, openPage, SCREENSHOTS, shownVerdict, startHarness, type Harness } from './harness';
import { pdfText } from './pdf-text';

describe.runIf(browserAvailable())('print to PDF', () => {
  let harness: Harness;
  beforeAll(async () => { harness = await startHarness(); });
  afterAll(async () => { await harness?.close(); });

  it('the embedded panel prints identity, level, every pain score of the pain course, evaluator and rule version', async () => {
    const vignette = findVignette('vcf-warfarin')!;
    const { page, context } = await openPage(harness);
    // The chart's iframe URL, opened as the top page: the same embedded launch (need_patient_banner false), printable.
    // The chart's own iframe is kept from loading: it would redeem the launch id first (a launch id is used once).
    const appLaunchPage = /\/launch\.html\?/;
    await page.route(appLaunchPage, (route) => route.abort());
    await page.goto(launcherUrl(harness, 'embedded', vignette.id));
    const appLaunch = await page.locator('iframe[data-testid="embedded-app"]').getAttribute('src');
    await page.unroute(appLaunchPage);
    await page.goto(new URL(appLaunch!, page.url()).href);
    expect(await shownVerdict(page)).toBe(vignette.expected.verdictFromRecord);
    expect(await page.locator('[data-testid="patient-banner"]').count()).toBe(0);
    await page.check('[data-testid="verdict"] [data-field="imagingConfirmsAcute"] input[value="yes"]');
    await page.check('[data-testid="verdict"] [data-field="painAttributable"] input[value="yes"]');
    await page.fill('#answer-levels', 'L1');
    expect(await shownVerdict(page)).toBe('candidate');

    const pdf = await page.pdf({ format: 'Letter' });
    writeFileSync(`${SCREENSHOTS}print-embedded.pdf`, pdf);
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain(vignette.name);
    expect(text).toMatch(/Born \d{4}-\d\d-\d\d/);
    expect(text).toContain(`Record id ${vignette.id}`);
    expect(text).toContain('Treated level: L1');
    const painCourse = text.slice(text.indexOf('Pain worsening'));
    const scores = [...painCourse.matchAll(/Reported: (\d+)/g)].map((m) => m[1]);
    expect(scores.slice(0, 2)).toEqual(['6', '4']);
    expect(text).toMatch(/Evaluator: /);
    expect(text).toContain(SPEC_VERSION);
    expect(text).toContain('Signature');
    expect(text).toContain('2.8 (> 1.5)');
    expect(text).not.toContain('Copy note');
    await context.close();
  });
});
