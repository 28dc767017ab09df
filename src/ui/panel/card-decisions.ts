// Which questions the verdict card asks, and the most favourable answer to each: worked out when the panel first
// renders (the details and the card's questions both need the list). Pure.
import type { Answers, Assessment } from '../../clinical/types';

/** The answer that settles an unknown required criterion or absolute contraindication, by rule id. */
export const SETTLED_BY: ReadonlyArray<readonly [ruleId: string, field: keyof Answers]> = [
  ['imaging-confirmation', 'imagingConfirmsAcute'],
  ['pain-attributable', 'painAttributable'],
  ['vcf', 'vcf'],
  ['fracture-age', 'onsetDate'],
  ['severe-pain', 'painScore'],
  ['conservative-care', 'conservativeCareTried'],
  ['pain-course', 'painWorsening'],
  ['pregnancy', 'pregnant'],
  ['spinal-infection', 'activeInfection'],
  ['instability', 'unstableFracture'],
];

/** Only the physician can answer these two: they are on the card whatever the record holds. */
const ALWAYS_ASKED: ReadonlySet<keyof Answers> = new Set(['imagingConfirmsAcute', 'painAttributable']);

/**
 * The answers the card asks, from the assessment of the record alone (so the list stays put while the physician
 * answers): the two physician-only questions, then each unknown required criterion and absolute contraindication.
 */
export function decisionFields(fromRecord: Assessment): Array<keyof Answers> {
  const unknown = new Set([
    ...fromRecord.criteria.filter((c) => c.required && c.status === 'unknown').map((c) => c.id),
    ...fromRecord.contraindications.filter((c) => c.kind === 'absolute' && c.status === 'unknown').map((c) => c.id),
  ]);
  return SETTLED_BY.filter(([id, field]) => ALWAYS_ASKED.has(field) || unknown.has(id)).map(([, field]) => field);
}

/**
 * The most favourable answer to each card question: if the verdict stays "not a candidate" even with these, no
 * answer on the card can change it and the questions fold under "Details" (issue 19 item 1).
 */
export function mostFavourableAnswers(fields: ReadonlyArray<keyof Answers>, asOf: string): Answers {
  const favourable: Answers = {
    imagingConfirmsAcute: true, painAttributable: true, vcf: true, onsetDate: asOf, painScore: 10, conservativeCareTried: true,
    painWorsening: true, pregnant: false, activeInfection: false, unstableFracture: false,
  };
  return Object.fromEntries(fields.filter((f) => favourable[f] !== undefined).map((f) => [f, favourable[f]])) as Answers;
}
