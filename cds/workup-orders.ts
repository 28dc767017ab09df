// Draft orders a card may suggest: one ServiceRequest per missing workup item, or a referral that fits an absolute
// contraindication. Coded from the one orders table the app uses too (src/clinical/orders.ts): CPT, LOINC for labs,
// SNOMED CT for a referral; the name as text, so a referral the engine reads by its words is read once filed.
import { orderCodings, type WorkupOrder } from '../src/clinical/orders';
import type { WorkupResult } from '../src/clinical/types';

/**
 * Required items missing or outdated: the ones the card counts, lists and may suggest. An `unknown` item (spec v3 §5:
 * the record could not be read completely, it may be on file) is never proposed as an order.
 */
export function missingRequiredWorkup(workup: readonly WorkupResult[]): WorkupResult[] {
  return workup.filter((item) => item.required && (item.status === 'missing' || item.status === 'outdated'));
}

/** Required items the record could not settle (v3 §5 `unknown`): named on the card, never ordered. */
export function unreadRequiredWorkup(workup: readonly WorkupResult[]): WorkupResult[] {
  return workup.filter((item) => item.required && item.status === 'unknown');
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
