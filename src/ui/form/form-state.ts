// The form's state: the physician's edits on top of what the record prefilled. Only edited fields become
// Answers (an untouched field keeps the record's own evidence); each edit is validated by parseAnswers,
// so a bad value is shown beside its field and never counted.
import { AnswersError, parseAnswers } from '../../clinical/answers';
import type { Prefill } from '../../clinical/prefill';
import type { Answers } from '../../clinical/types';

export type Field = keyof Answers;
/** A yes/no answer, the text typed in an input, or undefined for "not answered". */
export type FieldValue = boolean | string | undefined;
/** Present key = edited by the physician (undefined = explicitly "not answered"). */
export type Edits = Partial<Record<Field, FieldValue>>;

const NUMBER_FIELDS: ReadonlySet<Field> = new Set(['painScore', 'rdqScore']);

/** What the input shows: the edit when there is one, else the record's value. */
export function shownValue(field: Field, edits: Edits, prefill: Prefill): FieldValue {
  if (field in edits) return edits[field];
  const value = prefill.answers[field];
  if (value === undefined || typeof value === 'boolean') return value;
  // A pain score is a whole number on the scale: the record's 3.38 is shown as 3 (and counted as recorded).
  if (field === 'painScore' && typeof value === 'number') return String(Math.round(value));
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Form text into the JSON shape parseAnswers checks; undefined when the field is left blank. */
function rawValue(field: Field, value: FieldValue): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  if (NUMBER_FIELDS.has(field)) return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text;
  if (field === 'levels') return text.split(/[\s,;]+/).filter(Boolean);
  return text;
}

export interface FormResult {
  answers: Answers;
  /** The message for each invalid field, without the field-name prefix. */
  errors: Partial<Record<Field, string>>;
}

export function formAnswers(edits: Edits, asOf: string): FormResult {
  const answers: Answers = {};
  const errors: FormResult['errors'] = {};
  for (const field of Object.keys(edits) as Field[]) {
    const raw = rawValue(field, edits[field]);
    if (raw === undefined) continue;
    try {
      Object.assign(answers, parseAnswers({ [field]: raw }, asOf));
    } catch (error) {
      const problem = error instanceof AnswersError ? error.problems[0] ?? 'invalid' : 'invalid';
      errors[field] = problem.startsWith(`${field}: `) ? problem.slice(field.length + 2) : problem;
    }
  }
  return { answers, errors };
}
