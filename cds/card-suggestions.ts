// The orders a card suggests, following the verdict: none for a patient recorded as deceased; when an absolute
// contraindication is present or the patient is not a candidate, at most the referral that fits it (spine surgery
// for instability, paediatric spine under 18); otherwise the missing required workup, never an X-ray, CT, DXA or
// bone scan while pregnancy is not ruled out. Imaging is for the region the order treats (its bodySite, else its
// CPT code), else the record's fracture levels. Every suggestion is a coded draft ServiceRequest.
import { REFERRALS, ionisingImagingBarred, orderableWorkup, regionOfLevels, workupOrderFor, type SpineRegion } from '../src/clinical/orders';
import type { Assessment } from '../src/clinical/types';
import { stableUuid } from './card-ids';
import type { CardSuggestion } from './card';
import type { AugmentationOrder } from './draft-orders';
import { draftServiceRequest, missingRequiredWorkup, workupReason, type DraftOrderInput } from './workup-orders';

export interface SuggestionInput {
  assessment: Assessment;
  order: AugmentationOrder;
  draft: DraftOrderInput;
  /** The card's uuid: each suggestion's uuid is derived from it. */
  cardUuid: string;
}

export interface Suggested {
  suggestions: CardSuggestion[];
  /** What was left out on purpose, for the detail. */
  withheld: string[];
}

/** The region to image: the order's own, else the record's levels; undefined lets the table choose its default. */
export function imagingRegion(order: AugmentationOrder, assessment: Assessment): SpineRegion | undefined {
  return order.region ?? regionOfLevels(assessment.recordLevels);
}

const IONISING = 'X-ray, CT, DXA and bone scan: pregnancy is not ruled out (X-ray and CT caution in pregnancy); order a pregnancy test first';

export function cardSuggestions(input: SuggestionInput): Suggested {
  const { assessment, draft } = input;
  const suggestion = (key: string, label: string, description: string, resource: Record<string, unknown>): CardSuggestion => ({
    label,
    uuid: stableUuid(input.cardUuid, key),
    isRecommended: true,
    actions: [{ type: 'create', description, resource }],
  });
  if (assessment.patient.deceased) return { suggestions: [], withheld: [] };
  if (assessment.verdict === 'not-candidate') {
    const referrals = assessment.contraindications
      .filter((c) => c.kind === 'absolute' && c.status === 'present' && REFERRALS[c.id])
      .map((c) => {
        const referral = REFERRALS[c.id]!;
        return suggestion(`referral:${c.id}`, `Add order: ${referral.name}`, `Add a draft referral: ${referral.name} (${c.label})`, draftServiceRequest(referral, c.label, draft));
      });
    // The detail says the workup is not applicable: nothing more to list as withheld.
    return { suggestions: referrals, withheld: [] };
  }
  const region = imagingRegion(input.order, assessment);
  const orderable = orderableWorkup(assessment, region);
  const suggestions = orderable.map(({ item, order }) =>
    suggestion(`workup:${item.id}`, `Add order: ${order.name}`, `Add a draft order: ${order.name} (${item.label})`, draftServiceRequest(order, workupReason(item), draft)),
  );
  const barred = ionisingImagingBarred(assessment) && missingRequiredWorkup(assessment.workup).some((w) => workupOrderFor(w.id, region)?.ionising);
  return { suggestions, withheld: barred ? [IONISING] : [] };
}
