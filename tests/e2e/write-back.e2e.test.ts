// Into the chart, through a real SMART launch in Chromium: the note, the answers and draft orders are written
// only on a click, land in the sandbox's FHIR server as previewed, and a failed write keeps the text on screen
// and retries without a second copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, DocumentReference, QuestionnaireResponse, ServiceRequest } from 'fhir/r4';
import { WORKUP_ORDERS } from '../../src/clinical/orders';
import { QUESTIONNAIRE_CANONICAL } from '../../src/writeback/canonical';
import { originOfItem } from '../../src/writeback/dtr';
import { fhirGet, launchToken } from '../sandbox/sandbox-client';
import { browserAvailable } from './chromium';
import { launcherUrl, openPage, screenshot, shownVerdict, startHarness, type Harness } from './harness';

const READ_SCOPE = 'launch patient/*.rs';

describe.runIf(browserAvailable())('write-back in Chromium', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });

  async function search<T>(patient: string, query: string): Promise<T[]> {
    const { access_token: token } = await launchToken(harness.sandbox, patient, { scope: READ_SCOPE });
    const res = await fhirGet(harness.sandbox, `${query}${query.includes('?') ? '&' : '?'}patient=${patient}`, token);
    expect(res.status).toBe(200);
    return ((await res.json()) as Bundle).entry?.map((e) => e.resource as T) ?? [];
  }
  const writesSince = (from: number) => harness.requests.slice(from).filter((r) => /\/fhir\//.test(r.url) && (r.method === 'POST' || r.method === 'PUT'));
  const decode = (data: string | undefined) => Buffer.from(data ?? '', 'base64').toString('utf8');

  it('writes nothing while loading and answering', async () => {
    const from = harness.requests.length;
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', 'vcf-little-data'));
    await shownVerdict(page);
    await page.locator('[data-testid="save-to-chart"]').waitFor();
    const yes = page.locator('input[type="radio"][value="yes"]');
    const count = await yes.count();
    for (let i = 0; i < count; i += 1) await yes.nth(i).check();
    await page.locator('[data-testid="note-preview"]').waitFor();
    expect(writesSince(from)).toEqual([]);
    expect(await search<DocumentReference>('vcf-little-data', 'DocumentReference')).toEqual([]);
    await context.close();
  });

  it('saves the note as previewed, with encounter, cited evidence and versions, and the answers', async () => {
    const patient = 'vcf-hospitalized';
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', patient));
    await shownVerdict(page);
    // The evaluator (the id_token's Practitioner) is named once the token is checked: read the note after that.
    await page.locator('[data-testid="note-preview"]:has-text("Evaluated by Dr. Robin Sandbox")').waitFor({ timeout: 10_000 });
    const preview = await page.locator('[data-testid="note-preview"]').textContent();
    await page.locator('[data-action="save-note"]').click();
    const status = page.locator('[data-testid="note-write"][data-state="saved"]');
    await status.waitFor({ timeout: 10_000 });
    const firstId = await status.getAttribute('data-resource-id');

    const [note] = await search<DocumentReference>(patient, `DocumentReference?_id=${firstId}`);
    expect(note).toMatchObject({ status: 'current', docStatus: 'preliminary', type: { coding: [{ system: 'http://loinc.org', code: '11488-4' }] }, subject: { reference: `Patient/${patient}` } });
    expect(note!.context?.encounter?.[0]?.reference).toMatch(/^Encounter\//);
    expect(note!.context?.related?.length).toBeGreaterThan(0);
    expect(note!.description).toMatch(/rules v\d+-[0-9a-f]{12}, app \d+\.\d+\.\d+/);
    // The author is the Practitioner of the sandbox's signed id_token (fhirUser), verified against its JWKS.
    expect(note!.author).toEqual([{ reference: 'Practitioner/sandbox-clinician', display: 'Dr. Robin Sandbox' }]);
    expect(decode(note!.content[0]?.attachment.data)).toBe(preview);

    // A changed answer, then a new version that replaces the first.
    await page.locator('input[type="radio"][value="yes"]').first().check();
    await page.locator('[data-action="save-note"]').click();
    await page.locator(`[data-testid="note-write"][data-state="saved"]:not([data-resource-id="${firstId}"])`).waitFor({ timeout: 10_000 });
    const notes = await search<DocumentReference>(patient, 'DocumentReference');
    expect(notes).toHaveLength(2);
    const second = notes.find((n) => n.id !== firstId)!;
    expect(second.relatesTo).toEqual([{ code: 'replaces', target: { reference: `DocumentReference/${firstId}` } }]);

    await page.locator('[data-action="save-answers"]').click();
    await page.locator('[data-testid="answers-write"][data-state="saved"]').waitFor({ timeout: 10_000 });
    const [answers] = await search<QuestionnaireResponse>(patient, 'QuestionnaireResponse');
    expect(answers).toMatchObject({ questionnaire: QUESTIONNAIRE_CANONICAL, status: 'completed', subject: { reference: `Patient/${patient}` }, author: { reference: 'Practitioner/sandbox-clinician' } });
    // DTR information-origin (issue 23): the record's answer is auto.
    expect(originOfItem(answers!.item!.find((i) => i.linkId === 'vcf')!)).toBe('auto');
    await screenshot(page, 'write-back-note-saved');
    await context.close();
  });

  it('proposes the missing workup as draft orders with the listed CPT codes', async () => {
    const patient = 'vcf-little-data';
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', patient));
    await shownVerdict(page);
    // Save to chart comes with the rest of the card, after the verdict's first frame: its order list at once.
    await page.locator('[data-testid="save-orders"] li[data-order]').first().waitFor({ timeout: 20_000 });
    const proposed = await page.locator('[data-testid="save-orders"] li[data-order]').evaluateAll((items) => items.map((li) => li.getAttribute('data-order')!));
    expect(proposed.length).toBeGreaterThanOrEqual(3);
    await page.locator('[data-action="propose-orders"]').click();
    for (const id of proposed) await page.locator(`[data-testid="order-write-${id}"][data-state="saved"]`).waitFor({ timeout: 10_000 });
    const orders = await search<ServiceRequest>(patient, 'ServiceRequest?status=draft');
    expect(orders).toHaveLength(proposed.length);
    for (const order of orders) {
      expect(order).toMatchObject({ status: 'draft', intent: 'proposal', subject: { reference: `Patient/${patient}` }, requester: { reference: 'Practitioner/sandbox-clinician' } });
      expect(order.reasonReference?.[0]?.reference).toMatch(/^Condition\//);
    }
    const expectedCodes = proposed.map((id) => WORKUP_ORDERS[id]!.find((o) => o.cpt)!.cpt).sort();
    expect(orders.map((o) => o.code?.coding?.[0]?.code).sort()).toEqual(expectedCodes);
    await context.close();
  });

  it('a server error on write keeps the note on screen with the message, and Retry creates exactly one', async () => {
    const patient = 'vcf-pregnant';
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', patient, 'write_server_error'));
    await shownVerdict(page);
    // The evaluator (the id_token's Practitioner) is named once the token is checked: read the note after that.
    await page.locator('[data-testid="note-preview"]:has-text("Evaluated by Dr. Robin Sandbox")').waitFor({ timeout: 10_000 });
    const preview = await page.locator('[data-testid="note-preview"]').textContent();
    await page.locator('[data-action="save-note"]').click();
    const failed = page.locator('[data-testid="note-write"][data-state="failed"]');
    await failed.waitFor({ timeout: 10_000 });
    expect(await failed.textContent()).toContain('HTTP 500');
    expect(await failed.textContent()).toContain('write_server_error');
    // The sandbox stored it before answering 500: the words must not say "Not saved".
    expect(await failed.textContent()).toContain('Not confirmed: HTTP 500: the EHR failed while saving; it may have been saved. Retry will not duplicate it.');
    expect(await page.locator('[data-testid="note-preview"]').textContent()).toBe(preview);
    await screenshot(page, 'write-back-failed');
    await page.locator('[data-action="retry-note-write"]').click();
    await page.locator('[data-testid="note-write"][data-state="saved"]').waitFor({ timeout: 10_000 });
    expect(await search<DocumentReference>(patient, 'DocumentReference')).toHaveLength(1);
    await context.close();
  });

  it('a validation error (422) keeps the answers on screen with the server\'s OperationOutcome; nothing is stored', async () => {
    const patient = 'vcf-discitis';
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', patient, 'write_invalid'));
    await shownVerdict(page);
    const answers = await page.locator('[data-testid="answers-preview"]').textContent();
    await page.locator('[data-action="save-answers"]').click();
    const failed = page.locator('[data-testid="answers-write"][data-state="failed"]');
    await failed.waitFor({ timeout: 10_000 });
    expect(await failed.textContent()).toContain('HTTP 422');
    expect(await failed.textContent()).toContain('profile validation');
    expect(await page.locator('[data-testid="answers-preview"]').textContent()).toBe(answers);
    expect(await search<QuestionnaireResponse>(patient, 'QuestionnaireResponse')).toEqual([]);
    await context.close();
  });

  it('a refused write (403) keeps the text and says why; nothing is stored', async () => {
    const patient = 'vcf-chronic';
    const { page, context } = await openPage(harness);
    await page.goto(launcherUrl(harness, 'ehr', patient, 'write_denied'));
    await shownVerdict(page);
    await page.locator('[data-action="save-note"]').click();
    const failed = page.locator('[data-testid="note-write"][data-state="failed"]');
    await failed.waitFor({ timeout: 10_000 });
    expect(await failed.textContent()).toContain('HTTP 403');
    expect(await failed.textContent()).toContain('use Copy note');
    expect(await page.locator('[data-action="retry-note-write"]').count()).toBe(0);
    expect(await page.locator('[data-testid="note-preview"]').textContent()).toContain('Vertebral augmentation');
    expect(await search<DocumentReference>(patient, 'DocumentReference')).toEqual([]);
    await context.close();
  });

  it('answers saved in progress are offered after a relaunch with author and date, resume into the form, and the second launch\'s note replaces the first\'s', async () => {
    const patient = 'vcf-osteoporotic';
    const first = await openPage(harness);
    await first.page.goto(launcherUrl(harness, 'ehr', patient));
    await shownVerdict(first.page);
    // A question the record does not answer: only a resume can bring the physician's "yes" back.
    const field = await first.page.locator('input[type="radio"][value="yes"]:not(:checked)').first().getAttribute('name');
    expect(field).toBeTruthy();
    await first.page.locator(`input[name="${field}"][value="yes"]`).check();
    await first.page.locator('[data-action="save-answers-in-progress"]').click();
    await first.page.locator('[data-testid="answers-write"][data-state="saved"]').waitFor({ timeout: 10_000 });
    await first.page.locator('[data-action="save-note"]').click();
    const firstNote = first.page.locator('[data-testid="note-write"][data-state="saved"]');
    await firstNote.waitFor({ timeout: 10_000 });
    const firstNoteId = await firstNote.getAttribute('data-resource-id');
    await first.context.close();

    const second = await openPage(harness);
    await second.page.goto(launcherUrl(harness, 'ehr', patient));
    await shownVerdict(second.page);
    // Issue 19 item 7: the first launch's evaluation, at the top of the card, with the note's author and its time zone.
    const last = second.page.locator('[data-testid="last-evaluation"]');
    await last.waitFor({ timeout: 10_000 });
    expect(await last.getAttribute('data-resource-id')).toBe(firstNoteId);
    expect(await last.textContent()).toMatch(/^Last saved evaluation: [A-Z][a-z ]+ by Dr\. Robin Sandbox \(Practitioner\/sandbox-clinician\), \d{4}-\d\d-\d\d \d\d:\d\d \S+.*\. (Today's record gives the same verdict|Changed since: today's record gives ".+")\.$/);
    expect(await second.page.evaluate(() => {
      const line = document.querySelector('[data-testid="last-evaluation"]')!;
      return (line.compareDocumentPosition(document.querySelector('[data-testid="verdict"]')!) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
    })).toBe(true);
    expect(await second.page.locator(`input[name="${field}"][value="yes"]`).isChecked()).toBe(false);
    expect(await second.page.locator('[data-testid="resume-answers"]').textContent()).toMatch(/Saved by Dr\. Robin Sandbox, \d\d-\d\d \d\d:\d\d UTC \(in progress;/);
    await second.page.locator('[data-action="resume-answers"]').click();
    await second.page.locator('[data-testid="resume-answers"] [role="status"]').waitFor();
    expect(await second.page.locator(`input[name="${field}"][value="yes"]`).isChecked()).toBe(true);
    // With the first launch's answers applied, today's record gives the verdict that launch saved.
    await second.page.locator('[data-testid="last-evaluation"][data-same="yes"]:has-text("Today\'s record gives the same verdict.")').waitFor({ timeout: 5_000 });
    await screenshot(second.page, 'write-back-resumed');
    // A new launch's note replaces the latest note this app wrote, found by search (relatesTo replaces).
    await second.page.locator(`[data-testid="save-note"]:has-text("Replaces DocumentReference/${firstNoteId}")`).waitFor({ timeout: 10_000 });
    await second.page.locator('[data-action="save-note"]').click();
    const secondNote = second.page.locator('[data-testid="note-write"][data-state="saved"]');
    await secondNote.waitFor({ timeout: 10_000 });
    const [stored] = await search<DocumentReference>(patient, `DocumentReference?_id=${await secondNote.getAttribute('data-resource-id')}`);
    expect(stored!.relatesTo).toEqual([{ code: 'replaces', target: { reference: `DocumentReference/${firstNoteId}` } }]);
    await second.context.close();
  });
});
