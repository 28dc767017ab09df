// What the verdict card says, worked out from the assessment: a one-line summary with its indicator, the questions
// only the physician can settle (each naming the record it refers to), the cautions, what stands on an answer alone,
// and the missing required workup with the order to place. Pure, so the note and the print say the same.
import { daysBetween, dayOf, isValidDay } from '../../clinical/dates';
import { clinicalText } from '../../clinical/display';
import { orderLine } from '../../clinical/orders';
import { decidingReason, missingWorkup, verdictWords } from '../../clinical/summary';
import { shortText } from '../../clinical/short-names';
import { conclusionOf } from '../../clinical/report-facts';
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

/** "INR: 1.1 (2026-11-10)": an evidence line with its short name (clinical/short-names.ts) and day, values formatted. */
export function evidenceText(e: Evidence): string {
  const day = dayOf(e.date) ?? e.date?.slice(0, 10);
  return `${clinicalText(shortText(e.display))}${day ? ` (${day})` : ''}`;
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
      const studies = newestFirst((criterion('imaging-confirmation')?.evidence ?? []).filter(isRecordEvidence));
      const study = studies[0];
      // v3 Evidence.conclusion: the report's impression is what the physician weighs; quoted with its study and date.
      const reported = studies.find((e) => conclusionOf(e) !== undefined);
      const where = levels ? `at ${levels}` : 'at the treated level';
      if (reported) return `${evidenceText(reported)}: "${conclusionOf(reported)}" Acute fracture ${where}?`;
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
        ? `Conservative care since ${since} is in the record (tried); its failure is not. Conservative care since ${since} failed?`
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

const INR_ABOVE = /\(> 1\.5\)/;
const PLATELETS_BELOW = /below 50\b/;

/**
 * The coagulopathy caution named by what was found ("INR above 1.5 (local default)"), with only the lines that
 * cross a threshold: a normal platelet count is not listed under it. A coded coagulopathy keeps the rule's label.
 */
function coagulopathyCaution(lines: string[]): Pick<Caution, 'title' | 'lines'> | undefined {
  const inr = lines.filter((l) => /^INR\b/.test(l) && INR_ABOVE.test(l));
  const platelets = lines.filter((l) => /^Plt\b/.test(l) && PLATELETS_BELOW.test(l));
  if (inr.length === 0 && platelets.length === 0) return undefined;
  const found = [inr.length ? 'INR above 1.5' : '', platelets.length ? 'platelets below 50 ×10⁹/L' : ''].filter(Boolean).join(' and ');
  const other = lines.filter((l) => !/^(?:INR|Plt)\b/.test(l));
  return { title: `Bleeding risk: ${found} (local default thresholds)`, lines: [...inr, ...platelets, ...other] };
}

/** Every relative contraindication present, with its record lines, then each red flag. */
export function cautionsOf(assessment: Assessment): Caution[] {
  const relative = assessment.contraindications
    .filter((c) => c.kind === 'relative' && c.status === 'present')
    .map((c) => {
      const lines = newestFirst(c.evidence.filter((e) => e.resourceType !== 'Record')).map(evidenceText);
      return { id: c.id, title: c.label, lines, ...(c.id === 'coagulopathy' ? coagulopathyCaution(lines) : {}) };
    });
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
  /** 'unknown' (spec v3 §5): the record could not be read completely; never proposed as an order. */
  status: 'missing' | 'outdated' | 'unknown';
  order?: string;
  last?: string;
}

export function missingOf(assessment: Assessment): MissingItem[] {
  return missingWorkup(assessment).map((item) => {
    const unknown = (item.status as string) === 'unknown';
    const order = unknown ? undefined : orderLine(item.id);
    const last = newestFirst(item.evidence)[0];
    return {
      id: item.id,
      label: item.label,
      status: unknown ? 'unknown' : item.status === 'outdated' ? 'outdated' : 'missing',
      ...(order ? { order } : {}),
      ...(item.status === 'outdated' && last?.date ? { last: dayOf(last.date) ?? last.date } : {}),
    };
  });
}

export { workupNotApplicable, workupNotApplicableReason } from '../../clinical/workup-applicability';

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
