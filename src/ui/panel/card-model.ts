// What the verdict card says, worked out from the assessment: a one-line summary with its indicator, the questions
// only the physician can settle (each naming the record it refers to), the cautions, what stands on an answer alone,
// and the missing required workup with the order to place. Pure, so the note and the print say the same. The summary
// line and the questions' list are in ./card-headline.ts and ./card-decisions.ts (the card's first frame needs only
// those); they are re-exported here for the note and the print.
import { dayOf } from '../../clinical/dates';
import { clinicalText } from '../../clinical/display';
import { orderLine } from '../../clinical/orders';
import { missingWorkup, verdictWords } from '../../clinical/summary';
import { shortText } from '../../clinical/short-names';
import { conclusionOf } from '../../clinical/report-facts';
import type { Answers, Assessment, Evidence } from '../../clinical/types';
import { SETTLED_BY } from './card-decisions';
import { isRecordEvidence, plural, treatedLevels } from './card-headline';

export { decisionFields, mostFavourableAnswers } from './card-decisions';
export {
  answerOnlyOf, cautionCount, fractureAgeWords, fractureWeeks, headline, indicatorOf, isRecordEvidence, plural, treatedLevels,
  type AnswerOnly, type Indicator,
} from './card-headline';

/** "INR: 1.1 (2026-11-10)": an evidence line with its short name (clinical/short-names.ts) and day, values formatted. */
export function evidenceText(e: Evidence): string {
  const day = dayOf(e.date) ?? e.date?.slice(0, 10);
  return `${clinicalText(shortText(e.display))}${day ? ` (${day})` : ''}`;
}

const newestFirst = (evidence: Evidence[]) => [...evidence].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));

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
