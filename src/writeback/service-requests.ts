// The missing required workup as draft, proposed orders: never signed, never active. The EHR's own ordering
// turns a proposal into an order. Only items with an orderable code (CPT in clinical/orders.ts) become a draft;
// an exam at the visit or a treatment decision stays in the note and the copyable list.
import type { Identifier, Reference, ServiceRequest } from 'fhir/r4';
import { WORKUP_ORDERS, type WorkupOrder } from '../clinical/orders';
import { missingWorkup } from '../clinical/summary';
import { workupNotApplicable } from '../clinical/workup-applicability';
import type { Assessment } from '../clinical/types';

export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';

export interface ProposedOrder {
  workupId: string;
  label: string;
  order: WorkupOrder & { cpt: string };
}

/**
 * One proposal per missing item that has a CPT-coded order (the first the list names). None when an absolute
 * contraindication (or death) ends the question, as the panel says: workup not applicable now.
 */
export function proposedOrders(a: Assessment): ProposedOrder[] {
  if (workupNotApplicable(a)) return [];
  return missingWorkup(a).flatMap((item) => {
    const order = (WORKUP_ORDERS[item.id] ?? []).find((o): o is WorkupOrder & { cpt: string } => Boolean(o.cpt));
    return order ? [{ workupId: item.id, label: item.label, order }] : [];
  });
}

/** The Condition the record gives for the fracture: the reason of every proposal. */
export function fractureCondition(a: Assessment): Reference | undefined {
  const e = a.criteria.find((c) => c.id === 'vcf')?.evidence.find((x) => x.resourceType === 'Condition' && x.id);
  return e ? { reference: `Condition/${e.id}` } : undefined;
}

export interface DraftOrderInput {
  proposal: ProposedOrder;
  patientId: string;
  /** ISO dateTime */
  authoredOn: string;
  identifier: Identifier;
  reason?: Reference;
  requester?: Reference;
  encounterId?: string;
}

export function buildDraftOrder(input: DraftOrderInput): ServiceRequest {
  const { order, label } = input.proposal;
  return {
    resourceType: 'ServiceRequest',
    identifier: [input.identifier],
    status: 'draft',
    intent: 'proposal',
    code: { coding: [{ system: CPT_SYSTEM, code: order.cpt, display: order.name }], text: order.name },
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.encounterId ? { encounter: { reference: `Encounter/${input.encounterId}` } } : {}),
    authoredOn: input.authoredOn,
    ...(input.requester ? { requester: input.requester } : {}),
    ...(input.reason ? { reasonReference: [input.reason] } : {}),
    note: [{ text: `Proposed by the Kyphoplasty Candidacy app: missing required workup (${label}).` }],
  };
}

/** The same proposals as text to copy where ordering from the app is not granted. */
export function ordersAsText(proposals: readonly ProposedOrder[]): string {
  return proposals.map((p) => `${p.order.name}, CPT ${p.order.cpt} (${p.label})`).join('\n');
}
