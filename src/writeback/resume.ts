// Resuming: the newest in-progress QuestionnaireResponse of this app's Questionnaire for the patient, turned back
// into the form's edits. Only the physician's answers come back: what came from the record is read from the record
// again, as it is today.
import type { Bundle, QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from 'fhir/r4';
import type { Answers } from '../clinical/types';
import { ANSWER_SOURCE_EXTENSION, QUESTIONNAIRE_URL } from './canonical';
import { QUESTIONNAIRE_FIELDS } from './questionnaire';
import { originOfItem } from './dtr';

export type ResumedEdits = Partial<Record<keyof Answers, boolean | string>>;

const ofThisQuestionnaire = (qr: QuestionnaireResponse) => qr.questionnaire === QUESTIONNAIRE_URL || qr.questionnaire?.startsWith(`${QUESTIONNAIRE_URL}|`) === true;

/** The newest answers of this Questionnaire for the patient, when they are in progress: answers completed since win. */
export function latestInProgress(bundle: Bundle | undefined, patientId: string): QuestionnaireResponse | undefined {
  const newest = (bundle?.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is QuestionnaireResponse => r?.resourceType === 'QuestionnaireResponse')
    .filter((qr) => (qr.status === 'in-progress' || qr.status === 'completed') && ofThisQuestionnaire(qr) && qr.subject?.reference === `Patient/${patientId}`)
    .sort((a, b) => (b.authored ?? '').localeCompare(a.authored ?? ''))[0];
  return newest?.status === 'in-progress' ? newest : undefined;
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
function isPhysiciansAnswer(item: QuestionnaireResponseItem): boolean {
  const origin = originOfItem(item);
  if (origin) return origin !== 'auto';
  return item.extension?.find((e) => e.url === ANSWER_SOURCE_EXTENSION)?.extension?.find((e) => e.url === 'kind')?.valueCode === 'physician';
}

export function editsFromResponse(qr: QuestionnaireResponse): ResumedEdits {
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
