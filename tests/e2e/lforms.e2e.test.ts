// Issue 23 item 3: a renderer we did not write shows our form and our answers. LHC-Forms (the NLM's `lforms`, a dev
// dependency served from node_modules on a loopback server of this test) renders public/questionnaire.json in
// Chromium, loads a QuestionnaireResponse built by the app's own builder, and gives back every answer.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Questionnaire, QuestionnaireResponse, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findVignette } from '../../sandbox/patients';
import { prefill } from '../../src/clinical/prefill';
import { recordFromBundle } from '../../src/fhir/bundle';
import type { Answers } from '../../src/clinical/types';
import { answerValues, buildQuestionnaireResponse } from '../../src/writeback/questionnaire-response';
import { initialExpressions } from '../../src/writeback/sdc-population';
import { browserAvailable, launchChromium } from './chromium';

const LFORMS_DIR = fileURLToPath(new URL('../../node_modules/lforms/dist/lforms/', import.meta.url));
const questionnaire = JSON.parse(readFileSync(new URL('../../public/questionnaire.json', import.meta.url), 'utf8')) as Questionnaire;

// The order the LHC-Forms README gives: zone.js, the web component, then the R4 FHIR support library. Then a FHIR
// "server" for LHC-Forms (its setFHIRContext takes a fhirclient-like client): the patient's resources in memory,
// searched by patient, status and code, as the Questionnaire's x-fhir-query variables ask.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head><body>
<div id="form"></div>
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js" type="module"></script>
<script src="/lforms/webcomponent/polyfills.js" type="module"></script>
<script src="/lforms/webcomponent/main.js" type="module"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js" defer></script>
<script>
window.connectRecord = function (resources, patient) {
  var searched = [];
  function matches(r, type, params) {
    if (r.resourceType !== type) return false;
    var ref = (r.subject || r.patient || {}).reference;
    if (params.has('patient') && ref !== 'Patient/' + params.get('patient')) return false;
    if (params.has('status') && r.status !== params.get('status')) return false;
    if (params.has('code')) {
      var wanted = params.get('code').split(',');
      var codings = (r.code && r.code.coding) || [];
      if (!codings.some(function (c) { return wanted.indexOf(c.system + '|' + c.code) >= 0; })) return false;
    }
    return true;
  }
  var client = {
    getFhirVersion: function () { return Promise.resolve('4.0.1'); },
    request: function (url) {
      searched.push(url);
      var parts = url.split('?');
      var params = new URLSearchParams(parts[1] || '');
      var found = resources.filter(function (r) { return matches(r, parts[0], params); });
      return Promise.resolve({ resourceType: 'Bundle', type: 'searchset', total: found.length, entry: found.map(function (r) { return { resource: r }; }) });
    },
    patient: { id: patient.id, read: function () { return Promise.resolve(patient); } },
    user: {},
    encounter: {},
  };
  LForms.Util.setFHIRContext(client, { patient: patient });
  return searched;
};
</script>
</body></html>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.png': 'image/png', '.map': 'application/json' };

/** The page and lforms' own files, nothing else (a path outside its dist directory is refused). */
function serveLforms(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    const file = normalize(LFORMS_DIR + path.replace(/^\/lforms\//, ''));
    if (!path.startsWith('/lforms/') || !file.startsWith(LFORMS_DIR)) {
      res.writeHead(404).end();
      return;
    }
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const POPULATION_SAMPLE = ['vcf-hospitalized', 'vcf-discitis', 'vcf-messy', 'vcf-osteoporotic'];

/** An answer's value without its extensions: what a renderer must keep. */
const valueOf = (a: QuestionnaireResponseItemAnswer) => Object.fromEntries(Object.entries(a).filter(([k]) => k.startsWith('value')));

describe.runIf(browserAvailable())('LHC-Forms renders the Questionnaire and round-trips a written response (issue 23)', () => {
  let server: Server;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([serveLforms(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('shows every item, and every answer the app writes comes back unchanged', async () => {
    const asOf = new Date().toISOString().slice(0, 10);
    const resources = findVignette('vcf-osteoporotic')!.build(new Date());
    const fromRecord = prefill(recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }), asOf);
    // Every answer type of the form: booleans and a date from the record, and the physician's choice, repeating text,
    // integer, decimal and overriding date.
    const written: QuestionnaireResponse = buildQuestionnaireResponse({
      patientId: 'vcf-osteoporotic', prefill: fromRecord, status: 'in-progress', authored: `${asOf}T10:00:00Z`,
      identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:00000000-0000-4000-8000-000000000023' },
      author: { reference: 'Practitioner/dr-1' }, answerAuthor: { reference: 'Practitioner/dr-1' }, orderReference: 'ServiceRequest/order-1',
      answers: { etiology: 'osteoporotic', levels: ['T12', 'L1'], rdqScore: 17, painScore: 7.5, imagingConfirmsAcute: true, painAttributable: false, onsetDate: '2026-11-01' },
    });
    expect(written.item?.length).toBeGreaterThanOrEqual(9); // 7 physician answers and the record's vcf and hospitalized (v3: no "tried and failed" from the record)

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      const { origin } = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => !!(window as { LForms?: { Util?: { convertFHIRQuestionnaireToLForms?: unknown } } }).LForms?.Util?.convertFHIRQuestionnaireToLForms, undefined, { timeout: 10_000 });
      const result = await page.evaluate(async ({ questionnaire, written, resources }) => {
        // LForms is the page's global, loaded by the script tags above; connectRecord the page's in-memory server.
        const page = window as unknown as { LForms: { Util: Record<string, (...args: unknown[]) => unknown> }; connectRecord: (r: unknown[], p: unknown) => string[] };
        const searched = page.connectRecord(resources, resources.find((r) => r.resourceType === 'Patient'));
        const util = page.LForms.Util;
        const form = util.convertFHIRQuestionnaireToLForms!(questionnaire, 'R4');
        const merged = util.mergeFHIRDataIntoLForms!('QuestionnaireResponse', written, form, 'R4');
        await util.addFormToPage!(merged, 'form', { prepopulate: false });
        const element = document.getElementById('form')!;
        return {
          rendered: element.querySelectorAll('lhc-item').length,
          texts: [...element.querySelectorAll('.lhc-question-text, .lhc-item-question')].map((e) => e.textContent?.trim() ?? ''),
          userData: util.getUserData!(element, false, false) as { itemsData?: Array<{ linkId?: string; questionCode?: string; value?: unknown }> },
          back: util.getFormFHIRData!('QuestionnaireResponse', 'R4', element) as { item?: Array<{ linkId: string; answer?: QuestionnaireResponseItemAnswer[] }> },
          searched,
        };
      }, { questionnaire, written, resources });

      expect(problems).toEqual([]);
      // LHC-Forms ran the Questionnaire's population queries against the record (its variables), without failing.
      expect(result.searched.map((u) => u.split('?')[0]).sort()).toEqual(['Condition', 'Encounter', 'Observation']);
      // Every item of the Questionnaire is on the page.
      expect(result.rendered).toBeGreaterThanOrEqual(questionnaire.item!.length);
      for (const item of questionnaire.item!) expect(result.texts.some((t) => t.includes(item.text!)), item.text).toBe(true);
      // LHC-Forms' own view of the data: every item, answered ones with a value.
      const userData = new Map((result.userData.itemsData ?? []).map((i) => [i.linkId ?? i.questionCode, i.value]));
      expect([...userData.keys()].sort()).toEqual(questionnaire.item!.map((i) => i.linkId).sort());
      for (const item of written.item!) expect(userData.get(item.linkId), item.linkId).toBeDefined();
      // Every written answer is read back, with the same value (extensions are the writer's, not the renderer's).
      const back = new Map((result.back.item ?? []).map((i) => [i.linkId, (i.answer ?? []).map(valueOf)]));
      for (const item of written.item!) {
        const expected = item.answer!.map(valueOf);
        const got = back.get(item.linkId) ?? [];
        // LHC-Forms returns a choice's coding with its system, code and display, as written.
        expect(got, item.linkId).toEqual(expected);
      }
      expect([...back.keys()].sort()).toEqual(written.item!.map((i) => i.linkId).sort());
    } finally {
      await page.close();
    }
  });

  it('populates the form itself from each sample patient’s record, as the app prefills it (a second SDC filler)', async () => {
    const asOf = new Date().toISOString().slice(0, 10);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    try {
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      await page.waitForFunction(() => !!(window as { LForms?: { Util?: { convertFHIRQuestionnaireToLForms?: unknown } } }).LForms?.Util?.convertFHIRQuestionnaireToLForms, undefined, { timeout: 10_000 });
      const filled = new Set<string>();
      // Four patients that between them fill every kind of item (the CSIRO test covers all ten): the browser budget.
      for (const vignette of POPULATION_SAMPLE.map((id) => findVignette(id)!)) {
        const resources = vignette.build(new Date());
        const fromApp = prefill(recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }), asOf);
        const populated = await page.evaluate(async ({ questionnaire, resources }) => {
          const page = window as unknown as { LForms: { Util: Record<string, (...args: unknown[]) => unknown> }; connectRecord: (r: unknown[], p: unknown) => string[] };
          page.connectRecord(resources, resources.find((r) => r.resourceType === 'Patient'));
          const util = page.LForms.Util;
          await util.addFormToPage!(util.convertFHIRQuestionnaireToLForms!(questionnaire, 'R4'), 'form', { prepopulate: true });
          return util.getFormFHIRData!('QuestionnaireResponse', 'R4', document.getElementById('form')!) as { item?: Array<{ linkId: string; answer?: QuestionnaireResponseItemAnswer[] }> };
        }, { questionnaire, resources });
        const byLinkId = new Map((populated.item ?? []).map((i) => [i.linkId, (i.answer ?? []).map(valueOf)]));
        for (const field of Object.keys(initialExpressions()) as Array<keyof Answers>) {
          const got = byLinkId.get(field) ?? [];
          if (got.length) filled.add(field);
          expect(got, `${vignette.id}: ${field}`).toEqual(answerValues(field, fromApp.answers[field]));
        }
      }
      expect(problems).toEqual([]);
      expect([...filled].sort()).toEqual(expect.arrayContaining(['activeInfection', 'hospitalized', 'kyphoticDeformity', 'onsetDate', 'painScore', 'vcf']));
    } finally {
      await page.close();
    }
  });
});
