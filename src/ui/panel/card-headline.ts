// The verdict card's first paint: its summary line and indicator. Kept apart from ./card-model.ts (the questions,
// cautions, workup and reasons under it) because the browser budget counts every script fetched before the verdict
// shows (60 KB gzip, issue 22): the card's first frame needs only this, the rest arrives with the details. Pure, so
// the note and the print say the same.
import { daysBetween, isValidDay } from '../../clinical/dates';
import { decidingReason, verdictWords } from '../../clinical/deciding-reason';
import type { Answers, Assessment, Evidence } from '../../clinical/types';

export type Indicator = 'success' | 'info' | 'warning' | 'critical';

export const isRecordEvidence = (e: Evidence) => e.resourceType !== 'ClinicianInput' && e.resourceType !== 'Record';

/** The levels the physician entered, else those the record documents. */
export function treatedLevels(assessment: Assessment, answers: Answers): string[] {
  return answers.levels?.length ? answers.levels : assessment.recordLevels;
}

/**
 * How many cautions the card lists (./card-model.ts cautionsOf): one per relative contraindication present, one per
 * red flag. Counted without building their lines, for the summary line.
 */
export function cautionCount(assessment: Assessment): number {
  return assessment.contraindications.filter((c) => c.kind === 'relative' && c.status === 'present').length + assessment.redFlags.length;
}

const ANSWER_ONLY_WORDS: Record<string, string> = {
  'imaging-confirmation': 'no imaging report in the record (spine MRI or bone scan): attach it for coverage',
  'severe-pain': 'no pain score in the record: record it in the chart',
  'conservative-care': 'no conservative care in the record: document what was tried, and since when',
  'pain-course': 'no pain scores or findings in the record: document them',
  vcf: 'no vertebral fracture diagnosis in the record: add it to the chart',
  'fracture-age': 'no dated fracture in the record: document the onset',
};

export interface AnswerOnly {
  id: string;
  text: string;
}

/** Required criteria met only by the physician's answer, with nothing in the record behind them. */
export function answerOnlyOf(assessment: Assessment): AnswerOnly[] {
  return assessment.criteria
    .filter((c) => c.required && c.status === 'met' && ANSWER_ONLY_WORDS[c.id] && !c.evidence.some(isRecordEvidence))
    .map((c) => ({ id: c.id, text: `${c.label}: met by your answer; ${ANSWER_ONLY_WORDS[c.id]}.` }));
}

export function indicatorOf(assessment: Assessment, cautions: number, answerOnly: number): Indicator {
  if (assessment.verdict === 'not-candidate') return 'critical';
  if (cautions > 0 || answerOnly > 0) return 'warning';
  return assessment.verdict === 'candidate' ? 'success' : 'info';
}

export function fractureWeeks(onset: string | undefined, asOf: string): number | undefined {
  if (!onset || !isValidDay(onset)) return undefined;
  const days = daysBetween(onset, asOf);
  return days >= 0 ? Math.floor(days / 7) : undefined;
}

/** "1 week", "3 weeks": a count with its noun. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "3 weeks", "under 1 week", or undefined without a valid onset. */
export function fractureAgeWords(onset: string | undefined, asOf: string): string | undefined {
  const weeks = fractureWeeks(onset, asOf);
  return weeks === undefined ? undefined : weeks === 0 ? 'under 1 week' : plural(weeks, 'week');
}

/**
 * The summary line (under 140 characters). A not-candidate starts with the reason that decides it ("Not a candidate:
 * pregnancy (hCG positive 11-22). L1 traumatic fracture, 1 week"); a record with no vertebral fracture says so
 * first; otherwise "L1 osteoporotic fracture, 3 weeks: meets the documented criteria, 2 cautions". A candidate with
 * no treated level says so.
 */
export function headline(assessment: Assessment, answers: Answers, onset: string | undefined, cautions: number): string {
  const levels = treatedLevels(assessment, answers);
  const cause = answers.etiology ?? assessment.etiology[0] ?? (assessment.pathway === 'malignant' ? 'malignant' : undefined);
  const age = fractureAgeWords(onset, assessment.asOf);
  const subject = [levels.join(', '), cause, 'fracture'].filter(Boolean).join(' ');
  const described = `${subject.charAt(0).toUpperCase()}${subject.slice(1)}${age ? `, ${age}` : ''}`;
  const tail = cautions > 0 ? `, ${plural(cautions, 'caution')}` : '';
  const reason = decidingReason(assessment);
  let text: string;
  if (assessment.verdict === 'not-candidate' && reason) {
    text = `${reason}${levels.length || cause || age ? `. ${described}` : ''}${tail}`;
  } else if (reason === 'No vertebral fracture in the record') {
    text = `${reason}: ${verdictWords(assessment).toLowerCase()}${tail}`;
  } else {
    const noLevel = assessment.verdict === 'candidate' && levels.length === 0 ? '; no treated level entered' : '';
    text = `${described}: ${verdictWords(assessment).toLowerCase()}${tail}${noLevel}`;
  }
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}
