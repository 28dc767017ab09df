// assessment.md § Answers: bad answers are rejected with the field named, never silently counted.
import { isValidDay } from './dates';
import type { Answers, Etiology } from './types';

export class AnswersError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid answers: ${problems.join('; ')}`);
    this.name = 'AnswersError';
  }
}

const BOOLEAN_FIELDS = [
  'vcf', 'hospitalized', 'imagingConfirmsAcute', 'painAttributable', 'conservativeCareTried', 'painWorsening',
  'heightLossOver25', 'kyphoticDeformity', 'progressiveHeightLoss', 'limitedMobility', 'mriContraindicated',
  'pregnant', 'activeInfection', 'cementAllergy', 'neurologicDeficit', 'unstableFracture', 'nonunionOrCleft',
] as const satisfies ReadonlyArray<keyof Answers>;

const ETIOLOGIES: readonly Etiology[] = ['osteoporotic', 'traumatic', 'malignant'];

/** Cervical to sacral: any of these is a vertebra (outside T1-L5 is a caution, not an error). */
export const VERTEBRAL_LEVEL = /^(C[1-7]|T([1-9]|1[0-2])|L[1-5]|S[1-5])$/;

const KNOWN_FIELDS = new Set<string>([...BOOLEAN_FIELDS, 'etiology', 'onsetDate', 'painScore', 'rdqScore', 'levels']);

/** Whether `name` is an answer field (every field of the form, ./answer-fields.ts). */
export function isAnswerField(name: string): name is keyof Answers {
  return KNOWN_FIELDS.has(name);
}

function inRange(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** Checks unknown input (a parsed JSON file, a form) and returns typed Answers, or throws AnswersError naming each field. */
export function parseAnswers(input: unknown, asOf?: string): Answers {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new AnswersError(['answers must be a JSON object']);
  const raw = input as Record<string, unknown>;
  const problems: string[] = [];
  const answers: Answers = {};
  for (const key of Object.keys(raw)) if (!KNOWN_FIELDS.has(key)) problems.push(`${key}: unknown field`);
  for (const field of BOOLEAN_FIELDS) {
    const value = raw[field];
    if (value === undefined || value === null) continue;
    if (typeof value === 'boolean') answers[field] = value;
    else problems.push(`${field}: must be true or false`);
  }
  if (raw.etiology !== undefined && raw.etiology !== null) {
    if (ETIOLOGIES.includes(raw.etiology as Etiology)) answers.etiology = raw.etiology as Etiology;
    else problems.push(`etiology: must be one of ${ETIOLOGIES.join(', ')}`);
  }
  if (raw.onsetDate !== undefined && raw.onsetDate !== null) {
    if (typeof raw.onsetDate !== 'string' || !isValidDay(raw.onsetDate)) problems.push('onsetDate: must be a date, YYYY-MM-DD');
    else if (asOf && raw.onsetDate > asOf) problems.push(`onsetDate: ${raw.onsetDate} is after the evaluation date ${asOf}`);
    else answers.onsetDate = raw.onsetDate;
  }
  if (raw.painScore !== undefined && raw.painScore !== null) {
    if (inRange(raw.painScore, 0, 10)) answers.painScore = raw.painScore;
    else problems.push('painScore: must be a number from 0 to 10');
  }
  if (raw.rdqScore !== undefined && raw.rdqScore !== null) {
    if (inRange(raw.rdqScore, 0, 24) && Number.isInteger(raw.rdqScore)) answers.rdqScore = raw.rdqScore;
    else problems.push('rdqScore: must be a whole number from 0 to 24');
  }
  if (raw.levels !== undefined && raw.levels !== null) {
    if (!Array.isArray(raw.levels)) problems.push('levels: must be a list such as ["T12", "L1"]');
    else {
      const levels = raw.levels.map((l) => (typeof l === 'string' ? l.trim().toUpperCase() : l));
      const bad = levels.filter((l) => typeof l !== 'string' || !VERTEBRAL_LEVEL.test(l));
      if (bad.length > 0) problems.push(`levels: unknown level ${bad.map((b) => JSON.stringify(b)).join(', ')}`);
      else if (new Set(levels).size !== levels.length) problems.push('levels: a level is listed twice');
      else answers.levels = levels as string[];
    }
  }
  if (problems.length > 0) throw new AnswersError(problems);
  return answers;
}
