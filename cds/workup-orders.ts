// Draft orders a card may suggest: one ServiceRequest per missing workup item, or a referral that fits an absolute
// contraindication. Coded from the one orders table the app uses too (src/clinical/orders.ts): CPT, LOINC for labs,
// SNOMED CT for a referral; the name as text, so a referral the engine reads by its words is read once filed.
import { orderCodings, type WorkupOrder } from '../src/clinical/orders';
import type { WorkupResult } from '../src/clinical/types';

/** Required items not done within their window: the ones the card counts and lists. */
export function missingRequiredWorkup(workup: readonly WorkupResult[]): WorkupResult[] {
  return workup.filter((item) => item.required && item.status !== 'done');
}

export interface DraftOrderInput {
  patientId: string;
  encounterId?: string;
  /** The augmentation order these are for, when it has an id. */
  orderReference?: string;
}

/** A draft ServiceRequest for a suggestion's create action; `reason` says why it is proposed. */
export function draftServiceRequest(order: WorkupOrder, reason: string, input: DraftOrderInput): Record<string, unknown> {
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    code: { coding: orderCodings(order), text: order.name },
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.encounterId ? { encounter: { reference: `Encounter/${input.encounterId}` } } : {}),
    reasonCode: [{ text: reason }],
    ...(input.orderReference ? { supportingInfo: [{ reference: input.orderReference }] } : {}),
  };
}

/** The reason text of a workup suggestion (the sample tests read it back). */
export function workupReason(item: WorkupResult): string {
  return `Pre-procedure workup for vertebral augmentation: ${item.label}`;
}
