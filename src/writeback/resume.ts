// Resuming: the newest QuestionnaireResponse of this app's Questionnaire for the patient (in progress or completed),
// offered with its author and date, and turned back into the form's edits only when a clinician wrote it: answers a
// patient-facing app (or anyone but a Practitioner) planted are shown for reading, never applied as the physician's.
// Only the physician's answers come back: what came from the record is read from the record again, as it is today.
import type { Bundle, QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import type { Answers } from '../clinical/types';
import { ANSWER_SOURCE_EXTENSION, QUESTIONNAIRE_URL } from './canonical';
import { QUESTIONNAIRE_FIELDS } from './questionnaire';
import { originOfItem } from './dtr';

export type ResumedEdits = Partial<Record<keyof Answers, boolean | string>>;

const ofThisQuestionnaire = (qr: QuestionnaireResponse) => qr.questionnaire === QUESTIONNAIRE_URL || qr.questionnaire?.startsWith(`${QUESTIONNAIRE_URL}|`) === true;

/** The newest answers of this Questionnaire for the patient, in progress or completed. */
export function latestSavedAnswers(bundle: Bundle | undefined, patientId: string): QuestionnaireResponse | undefined {
  return (bundle?.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is QuestionnaireResponse => r?.resourceType === 'QuestionnaireResponse')
    .filter((qr) => (qr.status === 'in-progress' || qr.status === 'completed') && ofThisQuestionnaire(qr) && qr.subject?.reference === `Patient/${patientId}`)
    .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''))[0];
}

/** The newest answers when they are in progress (answers completed since win). */
export function latestInProgress(bundle: Bundle | undefined, patientId: string): QuestionnaireResponse | undefined {
  const newest = latestSavedAnswers(bundle, patientId);
  return newest?.status === 'in-progress' ? newest : undefined;
}

/** A reference to a clinician: a Practitioner or PractitionerRole (relative or absolute reference). */
export function isClinicianReference(reference: string | undefined): boolean {
  return /(?:^|\/)(?:Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/.test(reference ?? '');
}

/** Answers a clinician wrote: the author is a Practitioner or PractitionerRole. */
export function writtenByClinician(qr: QuestionnaireResponse): boolean {
  return isClinicianReference(qr.author?.reference);
}

/** "Dr. Robin Sandbox, 12-07 00:51 UTC" (the year too when it is not this year's): who saved the answers, and when. */
export function savedBy(qr: QuestionnaireResponse, thisYear: string): string {
  const who = qr.author?.display ?? qr.author?.reference ?? 'no author recorded';
  const at = qr.authored ? `${qr.authored.slice(0, 4) === thisYear ? qr.authored.slice(5, 16) : qr.authored.slice(0, 16)}`.replace('T', ' ') : 'an unknown date';
  return `${who}, ${at}${qr.authored ? ' UTC' : ''}`;
}

function formValue(answers: QuestionnaireResponseItemAnswer[]): boolean | string | undefined {
  const first = answers[0];
  if (!first) return undefined;
  if (first.valueBoolean !== undefined) return first.valueBoolean;
  if (first.valueCoding?.code) return first.valueCoding.code;
  if (first.valueString !== undefined) return answers.map((a) => a.valueString).filter(Boolean).join(', ');
  const value = first.valueDate ?? first.valueDecimal ?? first.valueInteger;
  return value === undefined ? undefined : String(value);
}

/**
 * Issue 23: the physician's answers are DTR override or manual; responses saved before carry the app's retired
 * answer-source extension with kind "physician".
 */
export function isPhysiciansAnswer(item: QuestionnaireResponseItem): boolean {
  const origin = originOfItem(item);
  if (origin) return origin !== 'auto';
  return item.extension?.find((e) => e.url === ANSWER_SOURCE_EXTENSION)?.extension?.find((e) => e.url === 'kind')?.valueCode === 'physician';
}

/** The physician's answers of a clinician's QuestionnaireResponse as form edits; nothing from anyone else. */
export function editsFromResponse(qr: QuestionnaireResponse): ResumedEdits {
  if (!writtenByClinician(qr)) return {};
  const known = new Set<string>(QUESTIONNAIRE_FIELDS.map((f) => f.field));
  const edits: ResumedEdits = {};
  for (const item of qr.item ?? []) {
    if (!known.has(item.linkId)) continue;
    if (!isPhysiciansAnswer(item)) continue;
    const value = formValue(item.answer ?? []);
    if (value !== undefined) edits[item.linkId as keyof Answers] = value;
  }
  return edits;
}
