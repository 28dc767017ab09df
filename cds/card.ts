// One assessment into one CDS Hooks card: summary, indicator, markdown detail, the app link with the
// order in appContext, and suggestions that order the missing workup.
import { randomUUID } from 'node:crypto';
import type { Assessment } from '../src/clinical/types';
import type { AugmentationOrder } from './draft-orders';
import { bulletList, markdownText } from './markdown';
import { missingRequiredWorkup, workupOrderCode, workupServiceRequest } from './workup-orders';

export type Indicator = 'info' | 'warning' | 'critical';

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
}

export const SUMMARY_MAX = 139;
const SUBJECT = 'Vertebral augmentation';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function cautions(assessment: Assessment): string[] {
  return assessment.reasons.filter((reason) => reason.startsWith('Caution:'));
}

function absoluteContraindications(assessment: Assessment) {
  return assessment.contraindications.filter((c) => c.kind === 'absolute' && c.status === 'present');
}

function unmetRequiredCriteria(assessment: Assessment) {
  return assessment.criteria.filter((c) => c.required && c.status === 'not-met');
}

/** critical: an absolute contraindication or an unmet required criterion; warning: anything else to act on. */
export function cardIndicator(assessment: Assessment): Indicator {
  if (assessment.verdict === 'not-candidate' || absoluteContraindications(assessment).length > 0 || unmetRequiredCriteria(assessment).length > 0) {
    return 'critical';
  }
  if (assessment.verdict === 'needs-information' || cautions(assessment).length > 0 || missingRequiredWorkup(assessment.workup).length > 0) {
    return 'warning';
  }
  return 'info';
}

function fit(text: string): string {
  return text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX - 1).trimEnd()}…`;
}

export function cardSummary(assessment: Assessment): string {
  const tail: string[] = [];
  const cautionCount = cautions(assessment).length;
  const missing = missingRequiredWorkup(assessment.workup).length;
  if (cautionCount > 0) tail.push(plural(cautionCount, 'caution'));
  if (missing > 0) tail.push(`${plural(missing, 'required test')} missing`);
  const suffix = tail.length ? `; ${tail.join('; ')}` : '';
  let head: string;
  if (assessment.verdict === 'candidate') head = `${SUBJECT}: meets the documented criteria`;
  else if (assessment.verdict === 'needs-information') head = `${SUBJECT}: needs information before ordering`;
  else {
    head = `${SUBJECT}: not a candidate`;
    const blocker = absoluteContraindications(assessment)[0]?.label ?? unmetRequiredCriteria(assessment)[0]?.label;
    // The blocker's words may be long: the counts are what the summary must keep.
    const room = SUMMARY_MAX - suffix.length - head.length - 3;
    if (blocker && room >= 12) head += ` (${blocker.length > room ? `${blocker.slice(0, room - 1).trimEnd()}…` : blocker})`;
  }
  return fit(head + suffix);
}

const VERDICT_WORDS: Record<Assessment['verdict'], string> = {
  candidate: 'Candidate: meets the documented criteria',
  'not-candidate': 'Not a candidate',
  'needs-information': 'Needs information',
};

export function cardDetail(assessment: Assessment, order: AugmentationOrder): string {
  const sections: string[] = [];
  const levels = order.levels.length ? ` at ${order.levels.join(', ')}` : '';
  sections.push(`**${markdownText(VERDICT_WORDS[assessment.verdict])}** for ${markdownText(order.display + levels)} (${markdownText(assessment.pathway)} pathway${assessment.hospitalized ? ', hospitalized' : ''}).`);
  const reasons = assessment.reasons.filter((reason) => !reason.startsWith('Caution:'));
  if (reasons.length) sections.push(`**Reasons**\n\n${bulletList(reasons)}`);
  const caution = cautions(assessment).map((line) => line.replace(/^Caution:\s*/, ''));
  if (caution.length) sections.push(`**Cautions**\n\n${bulletList(caution)}`);
  const missing = missingRequiredWorkup(assessment.workup).map(
    (item) => `${item.label}: ${item.status === 'outdated' ? `outdated (window ${item.window})` : 'missing'}${item.note ? `. ${item.note}` : ''}`,
  );
  if (missing.length) sections.push(`**Missing workup**\n\n${bulletList(missing)}`);
  if (assessment.redFlags.length) sections.push(`**Red flags**\n\n${bulletList(assessment.redFlags)}`);
  if (assessment.dataGaps.length) sections.push(`**Could not be read**\n\n${bulletList(assessment.dataGaps)}`);
  sections.push(`Rules ${markdownText(assessment.specVersion)}, engine ${markdownText(assessment.engineVersion)}, as of ${markdownText(assessment.asOf)}. Open the app to answer what only the physician can confirm.`);
  return sections.join('\n\n');
}

function suggestions(input: CardInput): CardSuggestion[] {
  const levels = input.order.levels.length ? input.order.levels : input.assessment.recordLevels;
  const out: CardSuggestion[] = [];
  for (const item of missingRequiredWorkup(input.assessment.workup)) {
    const code = workupOrderCode(item.id, levels);
    if (!code) continue;
    const resource = workupServiceRequest(item, code, {
      patientId: input.patientId,
      levels,
      ...(input.encounterId ? { encounterId: input.encounterId } : {}),
      ...(input.order.reference ? { orderReference: input.order.reference } : {}),
    });
    out.push({
      label: `Add order: ${code.display}`,
      uuid: randomUUID(),
      isRecommended: true,
      actions: [{ type: 'create', description: `Add a draft order: ${code.display} (${item.label})`, resource }],
    });
  }
  return out;
}

export function appContextOf(order: AugmentationOrder): string {
  const context: KyphoplastyAppContext = {
    kyphoplastyOrder: { ...(order.reference ? { reference: order.reference } : {}), display: order.display, levels: order.levels },
  };
  return JSON.stringify(context);
}

export function buildCard(input: CardInput): Card {
  const { assessment } = input;
  const suggested = suggestions(input);
  return {
    uuid: randomUUID(),
    summary: cardSummary(assessment),
    indicator: cardIndicator(assessment),
    detail: cardDetail(assessment, input.order),
    source: { label: `Kyphoplasty Candidacy rules ${assessment.specVersion} (app ${assessment.engineVersion})` },
    links: [{ label: 'Open Kyphoplasty Candidacy', url: input.appLaunchUrl, type: 'smart', appContext: appContextOf(input.order) }],
    ...(suggested.length ? { suggestions: suggested, selectionBehavior: 'any' as const } : {}),
  };
}
