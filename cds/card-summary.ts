// The card's indicator and its summary line (CDS Hooks: under 140 characters). A patient who is not a candidate
// is told why in negative form ("Not a candidate: chronic fracture, onset over 12 weeks"); otherwise the verdict,
// then the counts the physician must act on, then the payer's ask when there is room.
import type { Assessment } from '../src/clinical/types';
import { blockers } from './card-words';
import { missingRequiredWorkup } from './workup-orders';

export type Indicator = 'info' | 'warning' | 'critical';

export const SUMMARY_MAX = 139;
const SUBJECT = 'Vertebral augmentation';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function cautions(assessment: Assessment): string[] {
  return assessment.reasons.filter((reason) => reason.startsWith('Caution:'));
}

/** critical: not a candidate (death, an absolute contraindication, an unmet required criterion); warning: anything else to act on. */
export function cardIndicator(assessment: Assessment): Indicator {
  if (assessment.verdict === 'not-candidate' || blockers(assessment).length > 0) return 'critical';
  if (assessment.verdict === 'needs-information' || cautions(assessment).length > 0 || missingRequiredWorkup(assessment.workup).length > 0) {
    return 'warning';
  }
  return 'info';
}

function fit(text: string): string {
  return text.length <= SUMMARY_MAX ? text : `${text.slice(0, SUMMARY_MAX - 1).trimEnd()}…`;
}

/** "Recorded as deceased", or "Not a candidate: pregnancy (+1 more)": the first reason, cut to fit. */
function notCandidateHead(assessment: Assessment, room: number): string {
  if (assessment.patient.deceased) return 'Recorded as deceased';
  const found = blockers(assessment);
  const more = found.length > 1 ? ` (+${found.length - 1} more)` : '';
  const head = 'Not a candidate: ';
  const words = found[0]?.words ?? 'a required criterion is not met';
  const space = room - head.length - more.length;
  return `${head}${words.length > space ? `${words.slice(0, Math.max(space - 1, 12)).trimEnd()}…` : words}${more}`;
}

export function cardSummary(assessment: Assessment, payerHeadline?: string): string {
  const tail: string[] = [];
  if (assessment.verdict !== 'not-candidate') {
    // Counts only where they are the next step: a patient who is not a candidate needs no workup (§4, §5).
    const cautionCount = cautions(assessment).length;
    const missing = missingRequiredWorkup(assessment.workup).length;
    if (cautionCount > 0) tail.push(plural(cautionCount, 'caution'));
    if (missing > 0) tail.push(`${plural(missing, 'required test')} missing`);
  }
  const suffix = tail.length ? `; ${tail.join('; ')}` : '';
  let head: string;
  if (assessment.verdict === 'candidate') head = `${SUBJECT}: meets the documented criteria`;
  else if (assessment.verdict === 'needs-information') head = `${SUBJECT}: needs information before ordering`;
  else head = notCandidateHead(assessment, SUMMARY_MAX - suffix.length);
  const text = head + suffix;
  // The payer's ask goes last, and only whole: the verdict and its counts come first.
  const payer = payerHeadline ? `; ${payerHeadline}` : '';
  return fit(text.length + payer.length <= SUMMARY_MAX ? text + payer : text);
}
