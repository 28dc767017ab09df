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

  it('the embedded panel prints identity, level, ICD-10-CM, CPT, labs with dates, every pain score, evaluator, time zone and rule version', async () => {
    const vignette = findVignette('vcf-warfarin')!;
    const { page, context } = await openPage(harness);
    // The chart's iframe URL, opened as the top page: the same embedded launch (need_patient_banner false), printable.
    // The chart is fetched, not shown: its frame would redeem the single-use launch id first (sandbox/auth/launch-id.ts).
    // The request shares the context's cookies, so the EHR session that the id is bound to goes with the page.
    const chart = await context.request.get(launcherUrl(harness, 'embedded', vignette.id));
    const appLaunch = /<iframe[^>]*\ssrc="([^"]+)"/.exec(await chart.text())?.[1]?.replaceAll('&amp;', '&');
    await page.goto(new URL(appLaunch!, chart.url()).href);
    expect(await shownVerdict(page)).toBe(vignette.expected.verdictFromRecord);
    expect(await page.locator('[data-testid="patient-banner"]').count()).toBe(0);
    await page.check('[data-testid="verdict"] [data-field="imagingConfirmsAcute"] input[value="yes"]');
    await page.check('[data-testid="verdict"] [data-field="painAttributable"] input[value="yes"]');
    await page.fill('#answer-levels', 'L1');
    expect(await shownVerdict(page)).toBe('candidate');

    // The evaluator comes from the verified id_token, checked after the card shows: print once it is named.
    await page.waitForFunction(() => document.querySelector('[data-testid="print-report"]')?.textContent?.includes('Evaluator: Dr.'), undefined, { timeout: 15_000 });
    const pdf = await page.pdf({ format: 'Letter' });
    writeFileSync(`${SCREENSHOTS}print-embedded.pdf`, pdf);
    // PDF text: ligatures back to letters, and no space before punctuation (the PDF places runs apart).
    const text = pdfText(pdf).replace(/\uFB01/g, 'fi').replace(/\uFB02/g, 'fl').replace(/\s+/g, ' ').replace(/ ([:;.,)])/g, '$1');
    expect(text).toContain(vignette.name);
    expect(text).toMatch(/Born \d{4}-\d\d-\d\d/);
    expect(text).toContain(`Record id ${vignette.id}`);
    // Issue 19 item 5: a prior-authorization record: level with its source, ICD-10-CM, CPT by region, labs with dates.
    expect(text).toContain('Level: L1 (entered by the physician)');
    expect(text).toContain('ICD-10-CM M80.08XA');
    expect(text).toContain('CPT 22514 (first lumbar level L1)');
    expect(text).toMatch(/Pre-procedure labs INR: 2\.8 \(> 1\.5\) \(\d{4}-\d\d-\d\d\)/);
    expect(text).toMatch(/Plt: 210 ×10³\/µL \(\d{4}-\d\d-\d\d\)/);
    expect(text).toMatch(/Cr: 0\.9 mg\/dL \(\d{4}-\d\d-\d\d\)/);
    expect(text).toMatch(/Present: Anticoagulant or antiplatelet use: Warfarin 5 mg tablet/);
    expect(text).toMatch(/Absent: Allergy to bone cement or contrast/);
    expect(text).toMatch(/Present: Bleeding risk: INR above 1\.5 \(local default thresholds\): INR: 2\.8/);
    expect(text).not.toContain('Uncorrected coagulopathy');
    const painCourse = text.slice(text.indexOf('Pain worsening'));
    const scores = [...painCourse.matchAll(/NRS pain: (\d+)/g)].map((m) => m[1]);
    expect(scores.slice(0, 2)).toEqual(['6', '4']);
    expect(text).toContain('Evaluator: Dr. Robin Sandbox (Practitioner/sandbox-clinician)');
    expect(text).toMatch(/Evaluated \d{4}-\d\d-\d\d \d\d:\d\d \S+ \(UTC[+-]\d\d:\d\d\)/);
    expect(text).toContain(SPEC_VERSION);
    expect(text).toContain('Signature');
    expect(text).not.toContain('Copy note');
    await context.close();
  });
});
