// The assessment as plain text: the command line's `--format text` and the app's "Copy summary".
import { dayOf } from './dates';
import { clinicalText } from './display';
import { plainText } from './plain-text';
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

/** Required items missing or outdated: what to order. An `unknown` item (v3 §5) is never among them. */
export function missingWorkup(assessment: Assessment) {
  return assessment.workup.filter((item) => item.required && (item.status === 'missing' || item.status === 'outdated'));
}

/** Required items the record could not settle (v3 §5 `unknown`): may be on file, never proposed as an order. */
export function unreadWorkup(assessment: Assessment) {
  return assessment.workup.filter((item) => item.required && item.status === 'unknown');
}

/** "L1 (report dr-1, 2026-11-10)": a report level with the newest report naming it. */
export function reportLevelText(level: Assessment['reportLevels'][number]): string {
  const source = [level.reportId ? `report ${level.reportId}` : 'report', level.date?.slice(0, 10)].filter(Boolean).join(', ');
  return `${level.level} (${source})`;
}

export function summaryText(a: Assessment): string {
  const lines: string[] = [];
  const p = a.patient;
  const who = [p.name ?? `Patient ${p.id}`, p.age !== undefined ? `${p.age}${p.ageApproximate ? '~' : ''} y` : undefined, p.sex, p.deceased ? 'deceased' : undefined]
    .filter(Boolean)
    .join(', ');
  const missing = missingWorkup(a);
  const unread = unreadWorkup(a);
  lines.push(`Kyphoplasty candidacy (decision support; the physician decides) as of ${a.asOf}`);
  lines.push(`Patient: ${who}`);
  lines.push(`Verdict: ${a.verdict} - ${verdictWords(a)}${missing.length ? ` (${missing.length} workup item${missing.length > 1 ? 's' : ''} missing)` : ''}`);
  lines.push(`Pathway: ${a.pathway}${a.hospitalized ? ', hospitalized' : ''}; etiology: ${a.etiology.join(', ') || 'not documented'}`);
  for (const reason of a.reasons) lines.push(`  - ${reason}`);
  if (a.redFlags.length) {
    lines.push('', 'Red flags (consider biopsy during augmentation):');
    for (const flag of a.redFlags) lines.push(`  - ${flag}`);
  }
  lines.push('', `Fracture levels in the record: ${a.recordLevels.length ? a.recordLevels.join(', ') : 'none named'}`);
  lines.push(`Levels named in spine imaging reports (last 12 weeks; proposals, not counted): ${a.reportLevels.length ? a.reportLevels.map(reportLevelText).join(', ') : 'none'}`);
  lines.push('', 'Criteria:');
  for (const c of a.criteria) {
    lines.push(`  [${c.status}] ${c.label}${c.required ? '' : ' (supporting)'}${c.note ? ` - ${c.note}` : ''}`);
    for (const e of c.evidence) {
      lines.push(`      ${e.resourceType}: ${clinicalText(e.display)}${e.date ? ` (${e.date.slice(0, 10)})` : ''}`);
      if (e.conclusion) lines.push(`        Conclusion: ${e.conclusion}`);
    }
  }
  lines.push('', 'Contraindications and cautions:');
  for (const c of a.contraindications) {
    lines.push(`  [${c.status}] ${c.label} (${c.kind})${c.note ? ` - ${c.note}` : ''}`);
    for (const e of c.evidence) if (e.resourceType !== 'Record') lines.push(`      ${e.resourceType}: ${clinicalText(e.display)}${e.date ? ` (${e.date.slice(0, 10)})` : ''}`);
  }
  lines.push('', a.workupComplete ? 'Workup: every required item is on file.' : missing.length ? 'Workup still needed:' : 'Workup: nothing to order from what was read.');
  for (const w of missing) lines.push(`  [${w.status}] ${w.label} (within ${w.window})${w.note ? ` - ${w.note}` : ''}`);
  if (unread.length) {
    lines.push('', 'Workup the record could not settle (may be on file; not ordered):');
    for (const w of unread) lines.push(`  [unknown] ${w.label} (within ${w.window})${w.note ? ` - ${w.note}` : ''}`);
  }
  for (const w of a.workup.filter((item) => !missing.includes(item) && !unread.includes(item) && item.note)) lines.push(`  Note, ${w.label}: ${w.note}`);
  if (a.dataGaps.length) {
    lines.push('', 'Could not be read:');
    for (const gap of a.dataGaps) lines.push(`  - ${gap}`);
  }
  lines.push('', `Rule set ${a.specVersion}, app ${a.engineVersion}.`);
  // FHIR text is made plain where it is read (src/fhir/narrow.ts, with ./plain-text); each line is made plain again here so that
  // no field, from the record or not, can break a line and forge one of the lines above.
  return lines.map(plainText).join('\n');
}
