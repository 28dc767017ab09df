// One assessment into one CDS Hooks card: summary, indicator, markdown detail, the app link with the order in
// appContext, the suggestions the verdict allows, the payer's ask read from the order, the reasons a physician may
// give for overriding it, and a uuid stable for the hook call, for the EHR's feedback.
import type { PatientRecord } from '../src/clinical/record';
import type { Assessment } from '../src/clinical/types';
import { cardUuid } from './card-ids';
import { cardDetail } from './card-detail';
import { cardIndicator, cardSummary, type Indicator } from './card-summary';
import { cardSuggestions } from './card-suggestions';
import { dosageFrom } from './card-words';
import { payerAsk } from './coverage';
import type { AugmentationOrder } from './draft-orders';
import { OVERRIDE_REASONS, type OverrideReason } from './override-reasons';

export { cardDetail } from './card-detail';
export { cardIndicator, cardSummary, SUMMARY_MAX, type Indicator } from './card-summary';

export interface CardLink {
  label: string;
  url: string;
  type: 'absolute' | 'smart';
  appContext?: string;
}

export interface CardAction {
  type: 'create' | 'update' | 'delete';
  description: string;
  resource?: Record<string, unknown>;
}

export interface CardSuggestion {
  label: string;
  uuid: string;
  isRecommended?: boolean;
  actions: CardAction[];
}

export interface Card {
  uuid: string;
  summary: string;
  indicator: Indicator;
  detail: string;
  source: { label: string; url?: string };
  links: CardLink[];
  suggestions?: CardSuggestion[];
  selectionBehavior?: 'any' | 'at-most-one';
  overrideReasons: OverrideReason[];
}

/** What the app reads from the launch's appContext (JSON in a string, as CDS Hooks defines it). */
export interface KyphoplastyAppContext {
  kyphoplastyOrder: {
    /** "ServiceRequest/123", when the order has an id. */
    reference?: string;
    display: string;
    /** Levels the order names, top to bottom. */
    levels: string[];
  };
}

export interface CardInput {
  assessment: Assessment;
  order: AugmentationOrder;
  patientId: string;
  encounterId?: string;
  appLaunchUrl: string;
  /** The hook call's hookInstance: the card's uuid is stable for it (random without it). */
  hookInstance?: string;
  /** The record assessed, for what the assessment does not carry (a medication's dosage). */
  record?: PatientRecord;
}

export function appContextOf(order: AugmentationOrder): string {
  const context: KyphoplastyAppContext = {
    kyphoplastyOrder: { ...(order.reference ? { reference: order.reference } : {}), display: order.display, levels: order.levels },
  };
  return JSON.stringify(context);
}

export function buildCard(input: CardInput): Card {
  const { assessment, order } = input;
  const uuid = cardUuid(input.hookInstance, order.reference ?? order.display);
  const { suggestions, withheld } = cardSuggestions({
    assessment,
    order,
    cardUuid: uuid,
    draft: {
      patientId: input.patientId,
      ...(input.encounterId ? { encounterId: input.encounterId } : {}),
      ...(order.reference ? { orderReference: order.reference } : {}),
    },
  });
  // Read from the order as the EHR sent it (Da Vinci CRD): shown, never written back.
  const payer = payerAsk(order.resource);
  const questionnaireLinks: CardLink[] = (payer?.questionnaires ?? []).map((url) => ({ label: "Payer's questionnaire (documentation for coverage)", url, type: 'absolute' }));
  return {
    uuid,
    summary: cardSummary(assessment, payer?.headline),
    indicator: cardIndicator(assessment),
    detail: cardDetail(assessment, order, { withheld, ...(payer ? { payer } : {}), ...(input.record ? { extra: dosageFrom(input.record)! } : {}) }),
    source: { label: `Kyphoplasty Candidacy rules ${assessment.specVersion} (app ${assessment.engineVersion})` },
    links: [{ label: 'Open Kyphoplasty Candidacy', url: input.appLaunchUrl, type: 'smart', appContext: appContextOf(order) }, ...questionnaireLinks],
    ...(suggestions.length ? { suggestions, selectionBehavior: 'any' as const } : {}),
    overrideReasons: [...OVERRIDE_REASONS],
  };
}
