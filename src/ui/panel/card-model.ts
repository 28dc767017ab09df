// What the verdict card says, worked out from the assessment: a one-line summary with its indicator, the questions
// only the physician can settle (each naming the record it refers to), the cautions, what stands on an answer alone,
// and the missing required workup with the order to place. Pure, so the note and the print say the same.
import { daysBetween, dayOf, isValidDay } from '../../clinical/dates';
import { clinicalText } from '../../clinical/display';
import { orderLine } from '../../clinical/orders';
import { missingWorkup, verdictWords } from '../../clinical/summary';
import type { Answers, Assessment, Evidence } from '../../clinical/types';

export type Indicator = 'success' | 'info' | 'warning' | 'critical';

/** The answer that settles an unknown required criterion or absolute contraindication, by rule id. */
const SETTLED_BY: ReadonlyArray<readonly [ruleId: string, field: keyof Answers]> = [
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

export const isRecordEvidence = (e: Evidence) => e.resourceType !== 'ClinicianInput' && e.resourceType !== 'Record';

/** "Text (2026-11-10)": an evidence line with its day, values formatted. */
export function evidenceText(e: Evidence): string {
  const day = dayOf(e.date) ?? e.date?.slice(0, 10);
  return `${clinicalText(e.display)}${day ? ` (${day})` : ''}`;
}

const newestFirst = (evidence: Evidence[]) => [...evidence].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));

/** The levels the physician entered, else those the record documents. */
export function treatedLevels(assessment: Assessment, answers: Answers): string[] {
  return answers.levels?.length ? answers.levels : assessment.recordLevels;
}

/** The question each card control asks, naming the record it refers to. */
export function decisionQuestion(field: keyof Answers, assessment: Assessment, answers: Answers): string {
  const levels = treatedLevels(assessment, answers).join(', ');
  const criterion = (id: string) => assessment.criteria.find((c) => c.id === id);
  switch (field) {
    case 'imagingConfirmsAcute': {
      const study = newestFirst((criterion('imaging-confirmation')?.evidence ?? []).filter(isRecordEvidence))[0];
      const where = levels ? `at ${levels}` : 'at the treated level';
      return study
        ? `${evidenceText(study)}: acute fracture ${where} (marrow edema on STIR, or uptake on bone scan)?`
        : `No spine MRI or bone scan in the record. Does advanced imaging show an acute fracture ${where}?`;
    }
    case 'painAttributable':
      return `Pain is from the fracture${levels ? ` at ${levels}` : ''}: exam tenderness matches the imaging level?`;
    case 'vcf': return 'No vertebral fracture is coded in the record. Vertebral compression fracture confirmed?';
    case 'onsetDate': return 'The recorded fracture has no onset date. Symptom onset (date)?';
    case 'painScore': return 'No pain score within 14 days in the record. Pain score now (NRS 0-10)?';
    case 'conservativeCareTried': {
      // v3 conservative-care: the record may show care tried but not its failure.
      const since = /^Conservative care since (\S+) documented/.exec(criterion('conservative-care')?.note ?? '')?.[1];
      return since
        ? `Conservative care since ${since} in the record; its failure is not documented. Conservative care tried and failed?`
        : 'No conservative care started 7 to 84 days ago in the record. Conservative care tried and failed?';
    }
    case 'painWorsening': return 'Fewer than two readable pain scores in 12 weeks. Pain worsening?';
    case 'pregnant': return 'No pregnancy test within 7 days in the record. Pregnant?';
    case 'activeInfection': return 'Active spinal or systemic infection?';
    case 'unstableFracture': return 'Unstable fracture or acute cord / cauda equina injury?';
    default: return String(field);
  }
}

export interface Caution {
  id: string;
  title: string;
  lines: string[];
}

/** Every relative contraindication present, with its record lines, then each red flag. */
export function cautionsOf(assessment: Assessment): Caution[] {
  const relative = assessment.contraindications
    .filter((c) => c.kind === 'relative' && c.status === 'present')
    .map((c) => ({ id: c.id, title: c.label, lines: newestFirst(c.evidence.filter((e) => e.resourceType !== 'Record')).map(evidenceText) }));
  const flags = assessment.redFlags.map((flag, i) => ({ id: `red-flag-${i}`, title: clinicalText(flag), lines: [] }));
  return [...relative, ...flags];
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

export interface MissingItem {
  id: string;
  label: string;
  status: 'missing' | 'outdated';
  order?: string;
  last?: string;
}

export function missingOf(assessment: Assessment): MissingItem[] {
  return missingWorkup(assessment).map((item) => {
    const order = orderLine(item.id);
    const last = newestFirst(item.evidence)[0];
    return {
      id: item.id,
      label: item.label,
      status: item.status === 'outdated' ? 'outdated' : 'missing',
      ...(order ? { order } : {}),
      ...(item.status === 'outdated' && last?.date ? { last: dayOf(last.date) ?? last.date } : {}),
    };
  });
}

/** An absolute contraindication (or death) ends the question: the workup is not what the physician needs now. */
export function workupNotApplicable(assessment: Assessment): boolean {
  return assessment.patient.deceased === true || assessment.contraindications.some((c) => c.kind === 'absolute' && c.status === 'present');
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

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "L1 osteoporotic fracture, 3 weeks: meets the documented criteria, 2 cautions" (under 140 characters). */
export function headline(assessment: Assessment, answers: Answers, onset: string | undefined, cautions: number): string {
  const levels = treatedLevels(assessment, answers);
  const cause = answers.etiology ?? assessment.etiology[0] ?? (assessment.pathway === 'malignant' ? 'malignant' : undefined);
  const weeks = fractureWeeks(onset, assessment.asOf);
  const subject = [levels.join(', '), cause, 'fracture'].filter(Boolean).join(' ');
  const age = weeks === undefined ? '' : weeks === 0 ? ', under 1 week' : `, ${plural(weeks, 'week')}`;
  const tail = cautions > 0 ? `, ${plural(cautions, 'caution')}` : '';
  const text = `${subject.charAt(0).toUpperCase()}${subject.slice(1)}${age}: ${verdictWords(assessment).toLowerCase()}${tail}`;
  return text.length <= 140 ? text : `${text.slice(0, 139)}…`;
}

/** The reasons not already on the card: cautions have their own list, and "the physician decides" is said once. */
export function cardReasons(assessment: Assessment): string[] {
  return assessment.reasons.filter((r) => !r.startsWith('Caution: ') && !r.startsWith('Meets the documented criteria'));
}

/** What the live region says after a change: "Now meets the documented criteria; 2 cautions". */
export function announcement(assessment: Assessment, cautions: number): string {
  return `Now ${verdictWords(assessment).toLowerCase()}; ${plural(cautions, 'caution')}`;
}

/** The card control a "Still needed" reason points to, so the reason can link to it. */
export function reasonTarget(reason: string, assessment: Assessment, asked: ReadonlyArray<keyof Answers>): keyof Answers | undefined {
  const still = /^Still needed: (?:rule out )?(.*)\.$/i.exec(reason)?.[1]?.toLowerCase();
  if (!still) return undefined;
  const rule = [...assessment.criteria, ...assessment.contraindications].find((r) => r.label.toLowerCase() === still);
  const field = SETTLED_BY.find(([id]) => id === rule?.id)?.[1];
  return field && asked.includes(field) ? field : undefined;
}
