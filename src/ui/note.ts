// "Copy note" and the saved DocumentReference: clinical prose for the chart, built from the assessment's own strings
// (never markup) with values formatted and short clinical names. In order (issue 19 item 4): a first line about gaps
// when the record was not read completely; the verdict; who; the fracture with its ICD-10-CM codes and its level with
// the level's source; the imaging and its impression; the pain trend; conservative care with dates and duration
// (tried from the record, failed per the physician); osteoporosis evidence and treatment; contraindications; cautions
// (or "Cautions: none"); missing workup; who evaluated, when (with the time zone), by which rules and app version.
// The full detail (every criterion and its evidence) stays available as summaryText.
import { dayOf } from '../clinical/dates';
import { clinicalText } from '../clinical/display';
import { unreadWorkup } from '../clinical/summary';
import type { Answers, Assessment, Evidence } from '../clinical/types';
import { painScoreOf } from './form/record-settled';
import { careDuration, fractureCodesText, imagingOf, newestFirst, treatedLevelsWithSource } from '../clinical/report-facts';
import { answerOnlyOf, cautionsOf, evidenceText, fractureAgeWords, headline, isRecordEvidence, missingOf, workupNotApplicableReason } from './panel/card-model';

export interface NoteInput {
  assessment: Assessment;
  answers: Answers;
  /** YYYY-MM-DD, the onset the form shows (the answer, else the record's). */
  onset?: string;
  /** The signed-in clinician, from a verified fhirUser (a Practitioner). */
  evaluator?: string;
  /** "2026-11-30 14:05 Europe/Berlin (UTC+01:00)": when the note was made, with its zone. */
  evaluatedAt: string;
  /** The fracture's ICD-10-CM codes (clinical/report-facts.ts fractureIcdCodes). */
  fractureCodes?: readonly string[];
  /** The levels of the order a CDS Hooks card opened the app for. */
  orderLevels?: readonly string[];
}

const criterion = (a: Assessment, id: string) => a.criteria.find((c) => c.id === id);
const oldestFirst = (evidence: Evidence[]) => [...evidence].sort((x, y) => (x.date ?? '').localeCompare(y.date ?? ''));

export function painCourse(a: Assessment): string {
  const scores = oldestFirst([...(criterion(a, 'pain-course')?.evidence ?? []), ...(criterion(a, 'severe-pain')?.evidence ?? [])]
    .filter((e) => e.resourceType === 'Observation' && painScoreOf(e) !== undefined));
  const seen = new Set<string>();
  const course = scores.filter((e) => {
    const key = `${e.id ?? ''}${e.date ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).map((e) => `${Math.round(painScoreOf(e)!)} (${dayOf(e.date) ?? 'undated'})`);
  const values = course.map((c) => Number(c.split(' ')[0]));
  const trend = values.length >= 2 ? (values[values.length - 1]! > values[0]! ? ', worsening' : values[values.length - 1]! < values[0]! ? ', improving' : ', unchanged') : '';
  const answered = criterion(a, 'severe-pain')?.evidence.find((e) => e.resourceType === 'ClinicianInput');
  const parts = [course.length ? `NRS ${course.join(', then ')}${trend}` : 'no pain score in the record', answered ? `now ${clinicalText(answered.display.replace(/^.*?:\s*/, ''))} (physician)` : ''];
  return `Pain: ${parts.filter(Boolean).join('; ')}.`;
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? 'not yet confirmed' : value ? 'yes' : 'no';
}

/** The first line when the record was not read completely: what follows may miss what is on file. */
export function gapLine(a: Assessment): string | undefined {
  if (a.dataGaps.length === 0) return undefined;
  const parts = a.dataGaps.length === 1 ? '1 part' : `${a.dataGaps.length} parts`;
  return `RECORD READ INCOMPLETELY: ${parts} of the record could not be read (${a.dataGaps.join('; ')}); items that depend on them are unknown, and workup listed as missing may be on file.`;
}

export function conservativeCare(a: Assessment, answers: Answers): string {
  const all = (criterion(a, 'conservative-care')?.evidence ?? []).filter(isRecordEvidence);
  // The care itself; a pain score among the evidence is what documents its failure (v3), named with the failure.
  const evidence = all.filter((e) => e.resourceType !== 'Observation');
  const painAfter = newestFirst(all.filter((e) => e.resourceType === 'Observation'))[0];
  const care = newestFirst(evidence).map(evidenceText);
  // Spec v3 conservative-care: the record shows care tried; failure is the physician's answer (or the pain rule).
  const failed = answers.conservativeCareTried === true ? 'failed per the physician'
    : answers.conservativeCareTried === false ? 'not failed per the physician'
    : criterion(a, 'conservative-care')?.status === 'met' ? `failure documented: pain at or above the threshold 7 days or more into care${painAfter ? ` (${evidenceText(painAfter)})` : ''}`
    : 'failure not yet confirmed by the physician';
  if (!care.length) return `Conservative care: ${answers.conservativeCareTried ? 'tried and failed per the physician; none in the record' : 'none documented'}.`;
  const since = careDuration(evidence, a.asOf);
  return `Conservative care tried (record)${since ? ` ${since}` : ''}: ${care.join('; ')}; ${failed}.`;
}

export function osteoporosis(a: Assessment): string {
  // The fracture itself is on the Fracture line: here only what documents the bone disease (DXA, osteoporosis codes).
  const fracture = new Set((criterion(a, 'vcf')?.evidence ?? []).map((e) => `${e.resourceType}/${e.id ?? ''}`));
  const evidence = newestFirst((criterion(a, 'osteoporosis')?.evidence ?? []).filter((e) => isRecordEvidence(e) && !fracture.has(`${e.resourceType}/${e.id ?? ''}`))).map(evidenceText);
  const treatment = a.workup.find((w) => w.id === 'osteoporosis-treatment');
  const treated = newestFirst((treatment?.evidence ?? []).filter(isRecordEvidence)).map(evidenceText);
  return `Osteoporosis: ${evidence.length ? evidence.slice(0, 3).join('; ') : 'not documented'}. Treatment: ${treated.length ? treated.slice(0, 3).join('; ') : 'none on file'}${treatment?.note ? ` (${treatment.note})` : ''}.`;
}

export function clinicalNote({ assessment: a, answers, onset, evaluator, evaluatedAt, fractureCodes = [], orderLevels = [] }: NoteInput): string {
  const p = a.patient;
  const cautions = cautionsOf(a);
  const lines: string[] = [];
  const gaps = gapLine(a);
  if (gaps) lines.push(gaps);
  lines.push(`Vertebral augmentation (kyphoplasty) candidacy: ${headline(a, answers, onset, cautions.length)}.`);
  lines.push(`Patient: ${p.name ?? 'name not recorded'}, born ${p.birthDate ?? 'date not recorded'}${p.sex ? `, ${p.sex}` : ''}, record id ${p.id}.`);

  const { levels, source } = treatedLevelsWithSource(a, answers, orderLevels);
  const fracture = (criterion(a, 'vcf')?.evidence ?? []).filter(isRecordEvidence)[0];
  const age = fractureAgeWords(onset, a.asOf);
  const icd = fractureCodesText(fractureCodes);
  lines.push(`Fracture: ${fracture ? `${clinicalText(fracture.display)}${icd}` : 'no fracture diagnosis in the record'}; level ${levels.length ? `${levels.join(', ')} (${source})` : 'not entered'}; onset ${onset ?? 'not recorded'}${age ? ` (${age})` : ''}.`);

  const { study, impression } = imagingOf(a);
  lines.push(`Imaging: ${study ? evidenceText(study) : 'no spine MRI or bone scan in the record'}${impression ? `; impression${impression.date ? ` (${dayOf(impression.date) ?? impression.date})` : ''}: "${impression.text}"` : ''}; acute fracture confirmed by the physician: ${yesNo(answers.imagingConfirmsAcute)}. Pain matches the level on exam: ${yesNo(answers.painAttributable)}.`);
  lines.push(painCourse(a));
  lines.push(conservativeCare(a, answers));
  lines.push(osteoporosis(a));

  const absolute = a.contraindications.filter((c) => c.kind === 'absolute' && c.status === 'present').map((c) => c.label);
  const unknown = a.contraindications.filter((c) => c.kind === 'absolute' && c.status === 'unknown').map((c) => c.label.toLowerCase());
  lines.push(`Contraindications: ${absolute.length ? absolute.join('; ') : 'no absolute contraindication documented'}${unknown.length ? `; still to rule out: ${unknown.join('; ')}` : ''}.`);
  lines.push(cautions.length ? `Cautions: ${cautions.map((c) => (c.lines.length ? `${c.title} (${c.lines.join('; ')})` : c.title)).join('. ')}.` : 'Cautions: none.');
  for (const warning of answerOnlyOf(a)) lines.push(warning.text.replace('met by your answer', "met by the physician's answer"));

  const missing = missingOf(a);
  const notApplicable = workupNotApplicableReason(a);
  const missingText = (m: (typeof missing)[number]) => `${m.label.replace(/^Blood work: /, '')}${m.status === 'unknown' ? ' (could not be checked)' : ''}${m.order ? ` (order: ${m.order})` : ''}`;
  if (notApplicable) lines.push(`Workup: not applicable now (${notApplicable}).`);
  else {
    lines.push(`Missing required workup: ${missing.length ? missing.map(missingText).join('; ') : 'none'}.`);
    // v3 §5: an item the record could not settle is neither "missing" nor ordered.
    const unread = unreadWorkup(a);
    if (unread.length) lines.push(`Workup not read completely (may be on file; not ordered): ${unread.map((w) => w.label.replace(/^Blood work: /, '')).join('; ')}.`);
  }

  lines.push(`Evaluated by ${evaluator ?? 'the signed-in clinician (not identified by the EHR)'} on ${evaluatedAt}; rules ${a.specVersion}, app ${a.engineVersion}; record as of ${a.asOf}. Decision support only: the physician decides.`);
  return lines.join('\n');
}

export { localDateTime } from './local-time';
