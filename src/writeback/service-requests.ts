// The missing required workup as draft, proposed orders: never signed, never active. The EHR's own ordering
// turns a proposal into an order. Each draft is coded from the one orders table (src/clinical/orders.ts) the CDS Hooks
// card suggests from too: CPT first, then LOINC for a lab. Only items with a CPT-coded order become a draft here;
// an exam at the visit, a treatment decision or a referral stays in the note and the copyable list.
import type { Identifier, Reference, ServiceRequest } from 'fhir/r4';
import { orderCodings, orderableWorkup, regionOfLevels, type WorkupOrder } from '../clinical/orders';
import type { Assessment } from '../clinical/types';

export const CPT_SYSTEM = 'http://www.ama-assn.org/go/cpt';

export interface ProposedOrder {
  workupId: string;
  label: string;
  order: WorkupOrder & { cpt: string };
}

/**
 * One proposal per missing item that has a CPT-coded order, for the region of the record's fracture levels. None
 * when an absolute contraindication (or death) ends the question, as the panel says: workup not applicable now; no
 * X-ray, CT, DXA or bone scan while pregnancy is not ruled out (clinical/orders.ts orderableWorkup).
 */
export function proposedOrders(a: Assessment): ProposedOrder[] {
  return orderableWorkup(a, regionOfLevels(a.recordLevels)).flatMap(({ item, order }) =>
    order.cpt ? [{ workupId: item.id, label: item.label, order: order as WorkupOrder & { cpt: string } }] : [],
  );
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
    code: { coding: orderCodings(order), text: order.name },
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
  return proposals.map((p) => `${p.order.name}, CPT ${p.order.cpt}${p.order.loinc ? `, LOINC ${p.order.loinc}` : ''} (${p.label})`).join('\n');
}
