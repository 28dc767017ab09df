// Every sample patient, ordered kyphoplasty through a signed call with prefetch, gets the card its
// verdict implies: indicator, summary, detail, suggestions and the app link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { recordFromBundle } from '../../src/fhir/bundle';
import { VIGNETTES } from '../../sandbox/patients';
import type { Card, KyphoplastyAppContext } from '../../cds/card';
import type { Assessment } from '../../src/clinical/types';
import { hookResponseProblems } from './cds-hooks-shapes';
import { APP_LAUNCH_URL, augmentationOrder, hookBody, prefetchFor, startTestService, type TestService } from './harness';

const today = new Date(Date.UTC(2026, 10, 24, 12));
const asOf = '2026-11-24';

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ today });
});
afterAll(() => service.close());

/** What the card must say, from the sample's hand-worked expectation. */
function expectedIndicator(verdict: string, cautions: number, missingRequired: number): string {
  if (verdict === 'not-candidate') return 'critical';
  if (verdict === 'needs-information' || cautions > 0 || missingRequired > 0) return 'warning';
  return 'info';
}

const SUMMARY_START: Record<string, RegExp> = {
  candidate: /^Vertebral augmentation: meets the documented criteria/,
  // §4: the reason in negative form, never the unmet criterion's positive label.
  'not-candidate': /^(Not a candidate: |Recorded as deceased)/,
  'needs-information': /^Vertebral augmentation: needs information before ordering/,
};

/** What the card may suggest: the missing required workup that can be ordered, none when not a candidate, no ionising imaging unless pregnancy is ruled out. */
function expectedSuggestions(engine: Assessment): string[] {
  if (engine.verdict === 'not-candidate') return [];
  const pregnancyRuledOut = engine.contraindications.find((c) => c.id === 'pregnancy')!.status === 'absent';
  return engine.workup
    .filter((w) => w.required && w.status !== 'done' && !['physical-exam', 'pain-score'].includes(w.id))
    .filter((w) => pregnancyRuledOut || !['spine-xray', 'spine-ct', 'bone-density', 'bone-scan'].includes(w.id))
    .map((w) => `Pre-procedure workup for vertebral augmentation: ${w.label}`);
}

describe.each(VIGNETTES.map((v) => [v.id, v] as const))('sample patient %s', (id, vignette) => {
  const resources = vignette.build(today);
  const record = recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
  const engine = assess(record, {}, asOf);
  const relativePresent = engine.contraindications.filter((c) => c.kind === 'relative' && c.status === 'present');
  const missingRequired = engine.workup.filter((w) => w.required && w.status !== 'done');

  it.each(['order-select', 'order-sign'] as const)('gets the card its verdict implies on %s', async (hook) => {
    const res = await service.call(`kyphoplasty-${hook}`, hookBody({ hook, patientId: id, orders: [augmentationOrder(id)], prefetch: prefetchFor(resources, id), encounterId: 'enc-9' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cards: Card[] };
    expect(hookResponseProblems(body)).toEqual([]);
    expect(body.cards).toHaveLength(1);
    const card = body.cards[0]!;

    expect(card.indicator).toBe(expectedIndicator(vignette.expected.verdictFromRecord, relativePresent.length, missingRequired.length));
    expect(card.summary).toMatch(SUMMARY_START[vignette.expected.verdictFromRecord]!);
    const notCandidate = engine.verdict === 'not-candidate';
    if (relativePresent.length && !notCandidate) expect(card.summary).toContain(`${relativePresent.length} caution`);
    if (missingRequired.length && !notCandidate) expect(card.summary).toContain(`${missingRequired.length} required test`);
    for (const c of engine.criteria.filter((c) => c.status === 'not-met')) expect(card.summary).not.toContain(c.label);

    // Markdown escapes record text, so compare against the detail with escapes removed.
    const detail = card.detail.replace(/\\(.)/g, '$1');
    for (const c of relativePresent) expect(detail).toContain(c.label);
    if (!notCandidate) for (const w of missingRequired) expect(detail).toContain(w.label);
    for (const flag of engine.redFlags) expect(detail).toContain(flag);
    expect(card.detail).not.toMatch(/(^|[^\\])</);
    expect(card.source.label).toContain(engine.specVersion);

    expect((card.suggestions ?? []).map((s) => (s.actions[0]!.resource as { reasonCode: Array<{ text: string }> }).reasonCode[0]!.text)).toEqual(expectedSuggestions(engine));
    for (const suggestion of card.suggestions ?? []) {
      expect(suggestion.actions[0]!.resource).toMatchObject({ resourceType: 'ServiceRequest', status: 'draft', subject: { reference: `Patient/${id}` }, encounter: { reference: 'Encounter/enc-9' } });
    }

    expect(card.links).toHaveLength(1);
    expect(card.links[0]).toMatchObject({ type: 'smart', url: APP_LAUNCH_URL });
    expect(JSON.parse(card.links[0]!.appContext!) as KyphoplastyAppContext).toEqual({
      kyphoplastyOrder: { reference: 'ServiceRequest/order-1', display: 'Percutaneous vertebral augmentation (kyphoplasty), lumbar', levels: [] },
    });
  });
});

it('names the treated levels from the order in the card and its app context', async () => {
  const vignette = VIGNETTES.find((v) => v.id === 'vcf-osteoporotic')!;
  const resources = vignette.build(today);
  const order = augmentationOrder(vignette.id, { id: 'sr-77', bodySite: 'L1 vertebral body' });
  const res = await service.call('kyphoplasty-order-sign', hookBody({ hook: 'order-sign', patientId: vignette.id, orders: [order], prefetch: prefetchFor(resources, vignette.id) }));
  const card = ((await res.json()) as { cards: Card[] }).cards[0]!;
  expect(JSON.parse(card.links[0]!.appContext!)).toEqual({ kyphoplastyOrder: { reference: 'ServiceRequest/sr-77', display: 'Percutaneous vertebral augmentation (kyphoplasty), lumbar', levels: ['L1'] } });
  expect(card.detail.replace(/\\(.)/g, '$1')).toContain('at L1');
});
