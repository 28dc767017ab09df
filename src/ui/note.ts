// "Copy note": about ten lines of clinical prose for the chart, built from the assessment's own strings (never
// markup) with values formatted: who, which fracture and how old, the imaging and what the physician confirmed, the
// pain course, conservative care, contraindications and cautions, missing workup, who evaluated, when, and by which
// rules. The full detail (every criterion and its evidence) stays available as summaryText.
import { dayOf } from '../clinical/dates';
import { clinicalText } from '../clinical/display';
import type { Answers, Assessment, Evidence } from '../clinical/types';
import { painScoreOf } from './form/record-settled';
import { answerOnlyOf, cautionsOf, evidenceText, fractureAgeWords, headline, isRecordEvidence, missingOf, treatedLevels, workupNotApplicableReason } from './panel/card-model';

export interface NoteInput {
  assessment: Assessment;
  answers: Answers;
  /** YYYY-MM-DD, the onset the form shows (the answer, else the record's). */
  onset?: string;
  /** The signed-in clinician, from fhirUser when the EHR grants it. */
  evaluator?: string;
  /** "2026-11-30 14:05": when the note was made. */
  evaluatedAt: string;
}

const criterion = (a: Assessment, id: string) => a.criteria.find((c) => c.id === id);
const oldestFirst = (evidence: Evidence[]) => [...evidence].sort((x, y) => (x.date ?? '').localeCompare(y.date ?? ''));

function painCourse(a: Assessment): string {
  const scores = oldestFirst([...(criterion(a, 'pain-course')?.evidence ?? []), ...(criterion(a, 'severe-pain')?.evidence ?? [])]
    .filter((e) => e.resourceType === 'Observation' && painScoreOf(e) !== undefined));
  const seen = new Set<string>();
  const course = scores.filter((e) => {
    const key = `${e.id ?? ''}${e.date ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).map((e) => `${Math.round(painScoreOf(e)!)} (${dayOf(e.date) ?? 'undated'})`);
  const answered = criterion(a, 'severe-pain')?.evidence.find((e) => e.resourceType === 'ClinicianInput');
  const parts = [course.length ? `NRS ${course.join(', then ')}` : 'no pain score in the record', answered ? `now ${clinicalText(answered.display.replace(/^.*?:\s*/, ''))} (physician)` : ''];
  return `Pain: ${parts.filter(Boolean).join('; ')}.`;
}

function yesNo(value: boolean | undefined): string {
  return value === undefined ? 'not yet confirmed' : value ? 'yes' : 'no';
}

export function clinicalNote({ assessment: a, answers, onset, evaluator, evaluatedAt }: NoteInput): string {
  const p = a.patient;
  const cautions = cautionsOf(a);
  const lines: string[] = [];
  lines.push(`Vertebral augmentation (kyphoplasty) candidacy, ${evaluatedAt}: ${headline(a, answers, onset, cautions.length)}.`);
  lines.push(`Patient: ${p.name ?? 'name not recorded'}, born ${p.birthDate ?? 'date not recorded'}${p.sex ? `, ${p.sex}` : ''}, record id ${p.id}.`);

  const levels = treatedLevels(a, answers);
  const fracture = (criterion(a, 'vcf')?.evidence ?? []).filter(isRecordEvidence)[0];
  const age = fractureAgeWords(onset, a.asOf);
  lines.push(`Fracture: ${fracture ? clinicalText(fracture.display) : 'no fracture diagnosis in the record'}; level ${levels.length ? levels.join(', ') : 'not entered'}; onset ${onset ?? 'not recorded'}${age ? ` (${age})` : ''}.`);

  const imaging = [...(criterion(a, 'imaging-confirmation')?.evidence ?? [])].filter(isRecordEvidence).sort((x, y) => (y.date ?? '').localeCompare(x.date ?? ''))[0];
  lines.push(`Imaging: ${imaging ? evidenceText(imaging) : 'no spine MRI or bone scan in the record'}; acute fracture confirmed by the physician: ${yesNo(answers.imagingConfirmsAcute)}. Pain matches the level on exam: ${yesNo(answers.painAttributable)}.`);
  lines.push(painCourse(a));

  const care = (criterion(a, 'conservative-care')?.evidence ?? []).filter(isRecordEvidence).map(evidenceText);
  lines.push(`Conservative care: ${care.length ? `${care.join('; ')} (failure: confirm)` : answers.conservativeCareTried ? 'tried and failed, per the physician; none in the record' : 'none documented'}.`);

  const absolute = a.contraindications.filter((c) => c.kind === 'absolute' && c.status === 'present').map((c) => c.label);
  const unknown = a.contraindications.filter((c) => c.kind === 'absolute' && c.status === 'unknown').map((c) => c.label.toLowerCase());
  lines.push(`Contraindications: ${absolute.length ? absolute.join('; ') : 'no absolute contraindication documented'}${unknown.length ? `; still to rule out: ${unknown.join('; ')}` : ''}.`);
  if (cautions.length) lines.push(`Cautions: ${cautions.map((c) => (c.lines.length ? `${c.title} (${c.lines.join('; ')})` : c.title)).join('. ')}.`);
  for (const warning of answerOnlyOf(a)) lines.push(warning.text.replace('met by your answer', "met by the physician's answer"));

  const missing = missingOf(a);
  const notApplicable = workupNotApplicableReason(a);
  if (notApplicable) lines.push(`Workup: not applicable now (${notApplicable}).`);
  else lines.push(`Missing required workup: ${missing.length ? missing.map((m) => `${m.label.replace(/^Blood work: /, '')}${m.order ? ` (order: ${m.order})` : ''}`).join('; ') : 'none'}.`);

  lines.push(`Evaluated by ${evaluator ?? 'the signed-in clinician (not identified by the EHR)'}; rules ${a.specVersion}, app ${a.engineVersion}; record as of ${a.asOf}. Decision support only: the physician decides.`);
  return lines.join('\n');
}

/** "2026-11-30 14:05" in the browser's time zone. */
export function localDateTime(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}
