// What decides the verdict, in words: the verdict's own words and the reason that decides it, for the summary line
// of the card, the note and the plain-text summary (./summary.ts). Apart from the plain-text summary because the
// card's first frame needs only these (the browser budget, issue 22).
import { dayOf } from './dates';
import { clinicalText } from './display';
import { shortText } from './short-names';
import type { Assessment, Evidence } from './types';

const VERDICT_WORDS: Record<Assessment['verdict'], string> = {
  candidate: 'Meets the documented criteria',
  'not-candidate': 'Does not meet the documented criteria',
  'needs-information': 'Needs more information',
};

export function verdictWords(assessment: Pick<Assessment, 'verdict'>): string {
  return VERDICT_WORDS[assessment.verdict];
}

/** What a blocker is called on the summary line (clinical-rules §3 absolute contraindications, §2 criteria). */
const BLOCKER_WORDS: Record<string, string> = {
  pregnancy: 'pregnancy',
  'spinal-infection': 'active infection',
  instability: 'unstable fracture or acute cord / cauda equina injury',
  'under-18': 'under 18',
  'fracture-age': 'fracture older than 12 weeks',
  'imaging-confirmation': 'imaging does not show an acute fracture',
  'severe-pain': 'pain below the threshold',
  'conservative-care': 'conservative care not tried or not failed',
  'pain-course': 'pain not worsening and fewer than two adverse findings',
  'pain-attributable': 'pain not from the fracture',
};

const isRecordLine = (e: Evidence) => e.resourceType !== 'Record' && e.resourceType !== 'ClinicianInput' && e.resourceType !== 'Patient';

/** "12-05" within the assessment's year, else "2025-12-05": short enough for the summary line, never ambiguous. */
export function shortDay(date: string | undefined, asOf: string): string | undefined {
  const day = dayOf(date) ?? date?.slice(0, 10);
  if (!day) return undefined;
  return day.slice(0, 4) === asOf.slice(0, 4) ? day.slice(5) : day;
}

/** "hCG positive 11-22": the newest record line behind a blocker, short name, value and day. */
const newestRecordLine = (evidence: Evidence[]) => [...evidence].filter(isRecordLine).sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0];

function blockerEvidence(evidence: Evidence[], asOf: string): string | undefined {
  const line = newestRecordLine(evidence);
  if (!line) return undefined;
  const text = clinicalText(shortText(line.display)).replace(/\s*\((?:active|recurrence|relapse)\)$/i, '');
  const colon = text.indexOf(': ');
  const words = colon >= 0 ? `${text.slice(0, colon)} ${text.slice(colon + 2).toLowerCase()}` : text;
  const day = shortDay(line.date, asOf);
  return `${words}${day ? ` ${day}` : ''}`;
}

/**
 * The reason that decides the verdict, for the summary line (issue 19 item 1), or undefined when no single reason
 * does: death first (it is not a contraindication), then the first absolute contraindication present, then no
 * vertebral fracture in the record, then the first required criterion not met (clinical-rules §4 order).
 */
export function decidingReason(a: Assessment): string | undefined {
  if (a.patient.deceased) return 'Recorded as deceased';
  const absolute = a.contraindications.find((c) => c.kind === 'absolute' && c.status === 'present');
  if (absolute) {
    const found = blockerEvidence(absolute.evidence, a.asOf);
    const byAnswer = absolute.evidence.some((e) => e.resourceType === 'ClinicianInput');
    return `Not a candidate: ${BLOCKER_WORDS[absolute.id] ?? absolute.label.toLowerCase()}${found ? ` (${found})` : byAnswer ? ' (your answer)' : ''}`;
  }
  const vcf = a.criteria.find((c) => c.id === 'vcf');
  if (vcf && vcf.status !== 'met' && !vcf.evidence.some(isRecordLine) && !vcf.evidence.some((e) => e.resourceType === 'ClinicianInput')) {
    return 'No vertebral fracture in the record';
  }
  if (vcf?.status === 'not-met') return 'Not a candidate: vertebral fracture not confirmed (your answer)';
  const notMet = a.criteria.find((c) => c.required && c.status === 'not-met');
  if (!notMet) return undefined;
  // The fracture's age: its recorded onset is what the reader checks.
  const onset = notMet.id === 'fracture-age' ? shortDay(newestRecordLine(notMet.evidence)?.date, a.asOf) : undefined;
  return `Not a candidate: ${BLOCKER_WORDS[notMet.id] ?? notMet.label.toLowerCase()}${onset ? ` (onset ${onset})` : ''}`;
}
