// The service speaks up only for vertebral augmentation orders; every other order gets { cards: [] }.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { augmentationOrders, orderLevels } from '../../cds/draft-orders';
import { parseOrderHookRequest } from '../../cds/hook-request';
import { VIGNETTES } from '../../sandbox/patients';
import { augmentationOrder, hookBody, prefetchFor, startTestService, type TestService } from './harness';

const patientId = 'p1';
const request = (orders: unknown[], hook: 'order-select' | 'order-sign' = 'order-sign', selections?: string[]) =>
  parseOrderHookRequest(hookBody({ hook, patientId, orders, ...(selections ? { selections } : {}) }), hook);
const found = (orders: unknown[]) => augmentationOrders(request(orders)).map((o) => o.reference);

describe('which draft orders are vertebral augmentation', () => {
  it.each(['22510', '22511', '22512', '22513', '22514', '22515'])('CPT %s', (cpt) => {
    expect(found([augmentationOrder(patientId, { cpt, display: 'x' })])).toEqual(['ServiceRequest/order-1']);
  });

  it.each([
    ['a spinal fusion', { cpt: '22612', display: 'Arthrodesis, lumbar' }],
    // Retired codes name orders no one can place any more; only their words could still say what they are.
    ['a code retired in 2015, without words', { cpt: '22520', display: 'Spine procedure' }],
    ['a cancelled order', { status: 'revoked' }],
    ['a Procedure already done', { resourceType: 'Procedure' as const, status: 'completed' }],
  ])('not %s', (_name, options) => {
    expect(found([augmentationOrder(patientId, options)])).toEqual([]);
  });

  it('a Procedure in preparation (a proposed procedure) and an uncoded order named kyphoplasty', () => {
    const proposal = augmentationOrder(patientId, { resourceType: 'Procedure', id: 'proc-1' });
    const uncoded = { resourceType: 'ServiceRequest', id: 'sr-text', status: 'draft', intent: 'order', code: { text: 'Balloon kyphoplasty L2' } };
    expect(found([proposal, uncoded])).toEqual(['Procedure/proc-1', 'ServiceRequest/sr-text']);
  });

  it('order-select looks only at the orders just selected', () => {
    const orders = [augmentationOrder(patientId, { id: 'a' }), { resourceType: 'MedicationRequest', id: 'm', status: 'draft' }];
    expect(augmentationOrders(request(orders, 'order-select', ['MedicationRequest/m'])).map((o) => o.reference)).toEqual([]);
    expect(augmentationOrders(request(orders, 'order-select', ['ServiceRequest/a'])).map((o) => o.reference)).toEqual(['ServiceRequest/a']);
  });

  it('reads the levels from the body sites, top to bottom, once each', () => {
    expect(orderLevels([{ text: 'L1 vertebral body' }, { coding: [{ display: 'T12 and L1' }] }])).toEqual(['T12', 'L1']);
    expect(orderLevels([{ text: 'Lumbar spine' }])).toEqual([]);
    expect(orderLevels(undefined)).toEqual([]);
  });
});

describe('the service without an augmentation order', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(() => service.close());

  it.each(['order-select', 'order-sign'] as const)('%s answers { "cards": [] } for other orders', async (hook) => {
    const vignette = VIGNETTES[0]!;
    const mri = { resourceType: 'ServiceRequest', id: 'order-1', status: 'draft', intent: 'order', code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72148' }] } };
    const res = await service.call(`kyphoplasty-${hook}`, hookBody({ hook, patientId: vignette.id, orders: [mri], prefetch: prefetchFor(vignette.build(new Date()), vignette.id) }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"cards":[]}');
  });

  it('answers { "cards": [] } for an empty basket without reading any record', async () => {
    const res = await service.call('kyphoplasty-order-sign', hookBody({ hook: 'order-sign', patientId: 'nobody', orders: [] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ cards: [] });
  });
});
