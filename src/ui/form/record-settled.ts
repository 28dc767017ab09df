// The form says what the record settles: answers the rules already decide from the record (pregnancy from an hCG,
// the cause from the diagnosis codes) are shown prefilled "from the record" with their source, as the prefill's
// own values are. Display only: like every prefilled value, they reach the rules only when the physician edits them.
import type { Prefill } from '../../clinical/prefill';
import type { Assessment, Evidence } from '../../clinical/types';

/** The value of a pain-score evidence line ("...: 7 {score}"), or undefined. */
export function painScoreOf(e: Evidence): number | undefined {
  const value = /:\s*(\d+(?:\.\d+)?)\s*(?:\{score\}|\/10)?\s*$/.exec(e.display)?.[1];
  return value === undefined ? undefined : Number(value);
}

const fromRecordLines = (evidence: Assessment['criteria'][number]['evidence']) =>
  evidence.filter((e) => e.resourceType !== 'Record' && e.resourceType !== 'ClinicianInput' && e.resourceType !== 'Patient');

export function withRecordSettled(prefill: Prefill, fromRecord: Assessment): Prefill {
  const answers = { ...prefill.answers };
  const sources = { ...prefill.sources };

  const pregnancy = fromRecord.contraindications.find((c) => c.id === 'pregnancy');
  const pregnancyLines = pregnancy ? fromRecordLines(pregnancy.evidence) : [];
  if (answers.pregnant === undefined && pregnancy && pregnancy.status !== 'unknown' && pregnancyLines.length) {
    answers.pregnant = pregnancy.status === 'present';
    sources.pregnant = { display: pregnancy.status === 'present' ? 'Pregnancy documented' : 'Negative pregnancy test', evidence: pregnancyLines };
  }

  const fracture = fromRecordLines(fromRecord.criteria.find((c) => c.id === 'vcf')?.evidence ?? []);
  if (answers.etiology === undefined && fromRecord.etiology.length === 1) {
    answers.etiology = fromRecord.etiology[0]!;
    sources.etiology = { display: 'From the diagnosis codes', evidence: fracture };
  } else if (answers.etiology === undefined && fromRecord.etiology.length > 1) {
    sources.etiology = { display: `The record supports more than one cause (${fromRecord.etiology.join(', ')}): choose one`, evidence: fracture };
  }
  // Worsening from the scores, as the pain-course rule reads them (latest higher than earliest within 12 weeks).
  const scores = (fromRecord.criteria.find((c) => c.id === 'pain-course')?.evidence ?? [])
    .filter((e) => e.resourceType === 'Observation' && e.date && painScoreOf(e) !== undefined)
    .sort((x, y) => x.date!.localeCompare(y.date!));
  if (answers.painWorsening === undefined && scores.length >= 2) {
    const first = painScoreOf(scores[0]!)!;
    const last = painScoreOf(scores[scores.length - 1]!)!;
    answers.painWorsening = last > first;
    sources.painWorsening = { display: `Pain scores ${Math.round(first)}, then ${Math.round(last)}: ${last > first ? 'worsening' : 'not worsening'}`, evidence: scores };
  }
  return { ...prefill, answers, sources };
}
