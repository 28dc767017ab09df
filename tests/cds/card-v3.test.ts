// The order-time card as a physician acts on it (issue 20, issue 23 item 4): suggestions follow the verdict
// (clinical-rules §4; `pregnancy` X-ray and CT caution), the summary names the reason in negative form, cautions
// carry their values, days and drugs with the local-default thresholds (§7), imaging follows the order's region,
// every suggestion is coded from the one orders table the app uses too, cards carry overrideReasons and a stable
// uuid, and a payer's Da Vinci CRD coverage-information on the order is shown, never written.
import type { MedicationRequest, Observation, Patient, Resource } from 'fhir/r4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAnswers } from '../../src/clinical/answers';
import { assess } from '../../src/clinical/assess';
import { DXA, IMAGING_KINDS, OBSERVATIONS, SYSTEM } from '../../src/clinical/codes';
import { WORKUP_ORDERS } from '../../src/clinical/orders';
import type { Assessment } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import { buildDraftOrder, proposedOrders } from '../../src/writeback/service-requests';
import { VIGNETTES } from '../../sandbox/patients';
import { buildCard, type Card } from '../../cds/card';
import { CRD_COVERAGE_INFORMATION } from '../../cds/coverage';
import { orderRegion } from '../../cds/draft-orders';
import { OVERRIDE_REASONS } from '../../cds/override-reasons';
import { cardProblems, hookResponseProblems } from './cds-hooks-shapes';
import { augmentationOrder, hookBody, prefetchFor, startTestService, type TestService } from './harness';

const today = new Date(Date.UTC(2026, 10, 24, 12));
const asOf = '2026-11-24';

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ today });
});
afterAll(() => service.close());

const vignette = (id: string) => VIGNETTES.find((v) => v.id === id)!;
const resourcesOf = (id: string) => vignette(id).build(today);
const assessmentOf = (resources: Resource[], answers: Record<string, unknown> = {}): Assessment =>
  assess(recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }), parseAnswers(answers, asOf), asOf);

/** The sample's record with its Patient changed (deceased, another sex or age). */
function withPatient(resources: Resource[], change: Partial<Patient>): Resource[] {
  return resources.map((r) => (r.resourceType === 'Patient' ? { ...r, ...change } : r));
}

async function cardFor(patientId: string, resources: Resource[], order: Record<string, unknown> = augmentationOrder(patientId), hookInstance?: string): Promise<Card> {
  const body = hookBody({ hook: 'order-sign', patientId, orders: [order], prefetch: prefetchFor(resources, patientId), encounterId: 'enc-1' });
  const res = await service.call('kyphoplasty-order-sign', hookInstance ? { ...body, hookInstance } : body);
  expect(res.status).toBe(200);
  const json = (await res.json()) as { cards: Card[] };
  expect(hookResponseProblems(json)).toEqual([]);
  expect(json.cards).toHaveLength(1);
  return json.cards[0]!;
}

type Coding = { system?: string; code?: string; display?: string };
const codingsOf = (card: Card): Coding[][] => (card.suggestions ?? []).map((s) => ((s.actions[0]!.resource as { code: { coding: Coding[] } }).code.coding));
const codesOf = (card: Card) => codingsOf(card).flat().map((c) => c.code);
const detailText = (card: Card) => card.detail.replace(/\\(.)/g, '$1');

/** Codes of the orders that expose the patient to ionising radiation, from the engine's own lists (codes.md). */
const IONISING_CODES = new Set([
  ...IMAGING_KINDS.filter((k) => k.kind === 'spine-xray' || k.kind === 'spine-ct' || k.kind === 'bone-scan').flatMap((k) => k.cpt),
  ...(DXA.cpt ?? []),
]);
const LAB_CODES = new Set<string>([...OBSERVATIONS.cbc.loinc, ...OBSERVATIONS.inr.loinc, ...OBSERVATIONS.metabolicPanel.loinc]);

describe('suggestions follow the verdict (§4)', () => {
  it('pregnancy present: "Not a candidate: pregnancy", no imaging and no lab, and the traumatic fracture named as such', async () => {
    const card = await cardFor('vcf-pregnant', resourcesOf('vcf-pregnant'));
    expect(card.indicator).toBe('critical');
    expect(card.summary).toBe('Not a candidate: pregnancy');
    expect(card.suggestions).toBeUndefined();
    const detail = detailText(card);
    expect(detail).toContain('traumatic fracture');
    expect(detail).not.toMatch(/osteoporotic (pathway|fracture)/);
    // The positive hCG behind the verdict, with its day.
    const hcg = resourcesOf('vcf-pregnant').find((r) => r.resourceType === 'Observation' && /pregnancy test/i.test((r as Observation).code.coding?.[0]?.display ?? '')) as Observation;
    expect(detail).toContain(`Positive on ${hcg.effectiveDateTime!.slice(0, 10)}`);
  });

  it('recorded as deceased: says so, critical, no suggestion at all', async () => {
    const resources = withPatient(resourcesOf('vcf-little-data'), { deceasedDateTime: '2026-11-01' });
    expect(assessmentOf(resources).patient.deceased).toBe(true);
    const card = await cardFor('vcf-little-data', resources);
    expect(card.summary).toMatch(/^Recorded as deceased/);
    expect(card.indicator).toBe('critical');
    expect(card.suggestions).toBeUndefined();
  });

  it('chronic fracture: the summary names the chronic fracture, not the unmet criterion, and suggests nothing', async () => {
    const card = await cardFor('vcf-chronic', resourcesOf('vcf-chronic'));
    expect(card.summary).toBe('Not a candidate: chronic fracture, onset over 12 weeks');
    expect(card.summary).not.toContain('acute or subacute');
    expect(card.summary.length).toBeLessThan(140);
    expect(card.suggestions).toBeUndefined();
    expect(detailText(card)).toContain('Workup**: not applicable');
  });

  it('pregnancy not ruled out (a woman of 40, no test): labs, MRI and the pregnancy test, no X-ray, CT, DXA or bone scan', async () => {
    const resources = withPatient(resourcesOf('vcf-little-data'), { gender: 'female', birthDate: '1986-03-02' });
    const engine = assessmentOf(resources);
    expect(engine.contraindications.find((c) => c.id === 'pregnancy')!.status).toBe('unknown');
    expect(engine.workup.find((w) => w.id === 'spine-xray')!.status).toBe('missing');
    const card = await cardFor('vcf-little-data', resources);
    const codes = codesOf(card);
    expect(codes.filter((c) => IONISING_CODES.has(c!))).toEqual([]);
    expect(codes).toEqual(expect.arrayContaining(['72148', '84703']));
    expect(codes.some((c) => LAB_CODES.has(c!))).toBe(true);
    expect(detailText(card)).toMatch(/Not suggested\*\*\n\n- X-ray, CT, DXA and bone scan: pregnancy is not ruled out/);
  });

  it('the app proposes no ionising imaging either, from the same rule', () => {
    const engine = assessmentOf(withPatient(resourcesOf('vcf-little-data'), { gender: 'female', birthDate: '1986-03-02' }));
    const proposed = proposedOrders(engine).map((p) => p.order.cpt);
    expect(proposed.length).toBeGreaterThan(0);
    expect(proposed.filter((c) => IONISING_CODES.has(c))).toEqual([]);
  });

  it('instability present: only the spine surgery referral, coded', () => {
    const engine = assessmentOf(resourcesOf('vcf-osteoporotic'), { unstableFracture: true });
    expect(engine.verdict).toBe('not-candidate');
    const card = buildCard({ assessment: engine, order: { resourceType: 'ServiceRequest', display: 'Kyphoplasty', levels: [], resource: {} }, patientId: 'p', appLaunchUrl: 'https://app.example/launch.html' });
    expect(card.summary).toBe('Not a candidate: unstable fracture or acute cord / cauda equina injury');
    expect(card.suggestions).toHaveLength(1);
    expect(card.suggestions![0]!.label).toMatch(/spine surgery/i);
    expect(codingsOf(card)[0]).toEqual([expect.objectContaining({ system: SYSTEM.snomed, code: '3457005' })]);
  });
});

describe('workup the record could not settle (spec v3 §5 unknown)', () => {
  it('is named on the card and never suggested as an order', () => {
    const assessment = assessmentOf(resourcesOf('vcf-little-data'));
    const missing = assessment.workup.filter((item) => item.required && (item.status === 'missing' || item.status === 'outdated'));
    expect(missing.length).toBeGreaterThan(0);
    // The same record, read from a server that could not return Observations completely.
    const unread: Assessment = { ...assessment, workup: assessment.workup.map((item) => (missing.includes(item) ? { ...item, status: 'unknown' as const, note: 'could not be read completely: may be on file' } : item)) };
    const order = { resourceType: 'ServiceRequest', display: 'Kyphoplasty', levels: [], resource: {} } as const;
    const before = buildCard({ assessment, order: { ...order, levels: [] }, patientId: 'p', appLaunchUrl: 'https://app.example/launch.html' });
    const after = buildCard({ assessment: unread, order: { ...order, levels: [] }, patientId: 'p', appLaunchUrl: 'https://app.example/launch.html' });
    expect(before.suggestions?.length ?? 0).toBeGreaterThan(0);
    expect(after.suggestions ?? []).toEqual([]);
    expect(detailText(after)).toMatch(/could not settle/);
    expect(detailText(after)).toContain(`${missing[0]!.label}: could not be read completely`);
  });
});

describe('cautions carry their values, days and drugs (§3, §7)', () => {
  it('warfarin: the INR value and day, the drug with its dose, thresholds marked local default', async () => {
    const resources = resourcesOf('vcf-warfarin');
    const inrCodes: readonly string[] = OBSERVATIONS.inr.loinc;
    const inr = resources.find((r) => r.resourceType === 'Observation' && inrCodes.includes((r as Observation).code.coding?.[0]?.code ?? '')) as Observation;
    const warfarin = resources.find((r) => r.resourceType === 'MedicationRequest' && /warfarin/i.test(JSON.stringify((r as MedicationRequest).medicationCodeableConcept))) as MedicationRequest;
    const card = await cardFor('vcf-warfarin', resources);
    const cautions = detailText(card).split('**Cautions**')[1]!.split('\n\n**')[0]!;
    expect(cautions).toContain(`${inr.valueQuantity!.value} (> 1.5) on ${inr.effectiveDateTime!.slice(0, 10)}`);
    expect(cautions).toMatch(/Warfarin 5 mg/i);
    expect(cautions).toContain(warfarin.dosageInstruction![0]!.text!);
    expect(cautions).toContain(warfarin.authoredOn!.slice(0, 10));
    expect(cautions).toMatch(/INR above 1\.5, platelets below 50 ×10⁹\/L, results within 30 days \(local default/);
  });
});

describe('imaging for the region the order treats', () => {
  const regionCodes = (region: 'thoracic' | 'lumbar') =>
    ['spine-xray', 'spine-mri'].flatMap((id) => WORKUP_ORDERS[id]!.filter((o) => o.region === region).map((o) => o.cpt!));

  it('a thoracic order (CPT 22513) without bodySite gets thoracic X-ray and MRI', async () => {
    const order = augmentationOrder('vcf-little-data', { cpt: '22513', display: 'Kyphoplasty, thoracic' });
    const codes = codesOf(await cardFor('vcf-little-data', resourcesOf('vcf-little-data'), order));
    expect(codes).toEqual(expect.arrayContaining(regionCodes('thoracic')));
    expect(codes.filter((c) => regionCodes('lumbar').includes(c!))).toEqual([]);
  });

  it('a lumbar order (CPT 22514) gets lumbar imaging; its bodySite level wins over its code', async () => {
    const lumbar = codesOf(await cardFor('vcf-little-data', resourcesOf('vcf-little-data'), augmentationOrder('vcf-little-data', { cpt: '22514' })));
    expect(lumbar).toEqual(expect.arrayContaining(regionCodes('lumbar')));
    const t8 = codesOf(await cardFor('vcf-little-data', resourcesOf('vcf-little-data'), augmentationOrder('vcf-little-data', { cpt: '22514', bodySite: 'T8 vertebra' })));
    expect(t8).toEqual(expect.arrayContaining(regionCodes('thoracic')));
    const vertebroplasty = codesOf(await cardFor('vcf-little-data', resourcesOf('vcf-little-data'), augmentationOrder('vcf-little-data', { cpt: '22510', display: 'Vertebroplasty, cervicothoracic' })));
    expect(vertebroplasty).toEqual(expect.arrayContaining(regionCodes('thoracic')));
  });
});

describe('the region an order treats', () => {
  const cpt = (code: string) => ({ codings: [{ system: 'http://www.ama-assn.org/go/cpt', code }] });
  it('reads its levels first, then region words in bodySite, then its CPT code; add-on codes name none', () => {
    expect(orderRegion(['T11', 'T12'], undefined, cpt('22514'))).toBe('thoracic');
    expect(orderRegion(['T12', 'L1'], undefined, cpt('22513'))).toBe('lumbar');
    expect(orderRegion([], [{ text: 'Thoracic spine' }], cpt('22514'))).toBe('thoracic');
    expect(orderRegion([], [{ coding: [{ display: 'Lumbar vertebral body' }] }], cpt('22513'))).toBe('lumbar');
    expect(orderRegion([], undefined, cpt('22513'))).toBe('thoracic');
    expect(orderRegion([], undefined, cpt('22510'))).toBe('thoracic');
    expect(orderRegion([], undefined, cpt('22511'))).toBe('lumbar');
    expect(orderRegion([], undefined, cpt('22512'))).toBeUndefined();
    expect(orderRegion([], undefined, { codings: [{ system: 'http://snomed.info/sct', code: '22513' }] })).toBeUndefined();
  });
});

describe('every suggestion is coded, from the table the app uses', () => {
  it.each(VIGNETTES.map((v) => v.id))('%s: CPT, LOINC or SNOMED CT on every suggested order, with its name as text', async (id) => {
    for (const cpt of ['22513', '22514', '22512']) {
      const card = await cardFor(id, resourcesOf(id), augmentationOrder(id, { cpt }));
      for (const suggestion of card.suggestions ?? []) {
        const code = (suggestion.actions[0]!.resource as { code: { coding: Coding[]; text: string } }).code;
        expect(code.coding.length, suggestion.label).toBeGreaterThan(0);
        for (const c of code.coding) {
          expect([SYSTEM.cpt, SYSTEM.loinc, SYSTEM.snomed]).toContain(c.system);
          expect(c.code).toMatch(/^[0-9][0-9-]*$/);
        }
        expect(code.text).toBeTruthy();
      }
    }
  });

  it("the app's draft of a lab carries the codes of the card's suggestion for it (CPT and LOINC)", async () => {
    const resources = resourcesOf('vcf-little-data');
    const card = await cardFor('vcf-little-data', resources);
    const proposals = proposedOrders(assessmentOf(resources));
    const cbc = proposals.find((p) => p.workupId === 'cbc')!;
    const draft = buildDraftOrder({ proposal: cbc, patientId: 'vcf-little-data', authoredOn: '2026-11-24T10:00:00Z', identifier: { system: 'urn:ietf:rfc:3986', value: 'urn:uuid:1' } });
    const suggested = codingsOf(card).find((codings) => codings.some((c) => c.code === cbc.order.cpt))!;
    expect(draft.code!.coding).toEqual(suggested);
    expect(suggested.map((c) => c.system)).toEqual([SYSTEM.cpt, SYSTEM.loinc]);
  });

  it('a filed fracture-liaison referral, coded as suggested, is read by the engine as osteoporosis-treatment done', async () => {
    const resources = resourcesOf('vcf-little-data');
    const card = await cardFor('vcf-little-data', resources);
    const referral = card.suggestions!.map((s) => s.actions[0]!.resource!).find((r) => /fracture liaison/i.test(JSON.stringify(r)))!;
    const filed = { ...referral, id: 'ref-1', status: 'active', authoredOn: '2026-11-20' } as unknown as Resource;
    expect(assessmentOf(resources).workup.find((w) => w.id === 'osteoporosis-treatment')!.status).toBe('missing');
    expect(assessmentOf([...resources, filed]).workup.find((w) => w.id === 'osteoporosis-treatment')!.status).toBe('done');
  });
});

describe('overrideReasons and a stable uuid (CDS Hooks 2.0 feedback)', () => {
  it('every card lists the override reasons; the same hook instance gets the same card and suggestion ids', async () => {
    const resources = resourcesOf('vcf-little-data');
    const a = await cardFor('vcf-little-data', resources, undefined, 'hook-instance-1');
    const b = await cardFor('vcf-little-data', resources, undefined, 'hook-instance-1');
    const c = await cardFor('vcf-little-data', resources, undefined, 'hook-instance-2');
    expect(cardProblems(a)).toEqual([]);
    expect(a.overrideReasons.map((r) => r.display)).toEqual(expect.arrayContaining(['Patient declines', 'Physician judgement', 'Already ordered elsewhere']));
    expect(a.overrideReasons).toEqual(OVERRIDE_REASONS);
    expect(b.uuid).toBe(a.uuid);
    expect(b.suggestions!.map((s) => s.uuid)).toEqual(a.suggestions!.map((s) => s.uuid));
    expect(c.uuid).not.toBe(a.uuid);
    const ids = [a.uuid, ...a.suggestions!.map((s) => s.uuid)];
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("the payer's coverage information on the order (Da Vinci CRD, issue 23 item 4)", () => {
  const QUESTIONNAIRE = 'https://payer.example.org/fhir/Questionnaire/vertebral-augmentation';
  const coverage = (...sub: Array<Record<string, unknown>>) => ({ url: CRD_COVERAGE_INFORMATION, extension: [{ url: 'coverage', valueReference: { reference: 'Coverage/cov-1' } }, ...sub] });

  it('pa-needed: the card says prior authorization is needed, what documentation, and links the questionnaire', async () => {
    const order = {
      ...augmentationOrder('vcf-warfarin'),
      extension: [coverage(
        { url: 'covered', valueCode: 'conditional' },
        { url: 'pa-needed', valueCode: 'auth-needed' },
        { url: 'doc-needed', valueCode: 'clinical' },
        { url: 'questionnaire', valueCanonical: `${QUESTIONNAIRE}|1.0` },
        { url: 'questionnaire', valueCanonical: 'javascript:alert(1)' },
        { url: 'date', valueDate: '2026-11-24' },
        { url: 'coverage-assertion-id', valueString: 'assert-1' },
      )],
    };
    const card = await cardFor('vcf-warfarin', resourcesOf('vcf-warfarin'), order);
    const detail = detailText(card);
    expect(detail).toContain('Payer: prior authorization needed');
    expect(detail).toContain('Payer: documentation needed (clinical)');
    expect(card.summary).toMatch(/; payer: prior authorization needed$/);
    expect(card.summary.length).toBeLessThan(140);
    expect(card.links.filter((l) => l.type === 'absolute')).toEqual([{ label: expect.stringMatching(/questionnaire/i), url: QUESTIONNAIRE, type: 'absolute' }]);
    expect(JSON.stringify(card)).not.toContain('javascript:');
    // Read, never written: no suggestion carries the payer's extension.
    expect(JSON.stringify(card.suggestions ?? [])).not.toContain('davinci-crd');
  });

  it('no-auth: said as such, nothing added to the summary', async () => {
    const order = { ...augmentationOrder('vcf-warfarin'), extension: [coverage({ url: 'covered', valueCode: 'covered' }, { url: 'pa-needed', valueCode: 'no-auth' })] };
    const card = await cardFor('vcf-warfarin', resourcesOf('vcf-warfarin'), order);
    expect(detailText(card)).toContain('Payer: no prior authorization needed');
    expect(card.summary).not.toContain('payer');
    expect(card.links).toHaveLength(1);
  });

  it('keeps a hostile payer text as text', async () => {
    const order = { ...augmentationOrder('vcf-warfarin'), extension: [coverage({ url: 'pa-needed', valueCode: '<img src=x onerror=alert(1)>' }, { url: 'reason', valueCodeableConcept: { text: `**bold** ${'x'.repeat(5000)}` } })] };
    const card = await cardFor('vcf-warfarin', resourcesOf('vcf-warfarin'), order);
    expect(card.detail).not.toMatch(/(^|[^\\])</);
    expect(card.detail).not.toContain('**bold**');
    expect(card.detail.length).toBeLessThan(6000);
  });
});
