// The answers as a QuestionnaireResponse of the app's Questionnaire: one item per answered field, each saying
// whether the value came from the record (with the resources it was read from) or from the physician.
import type { Extension, Identifier, QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer, Reference } from 'fhir/r4';
import type { Prefill } from '../clinical/prefill';
import type { Answers } from '../clinical/types';
import { ANSWER_SOURCE_EXTENSION, ETIOLOGY_SYSTEM, QUESTIONNAIRE_CANONICAL } from './canonical';
import { uniqueReferences } from './evidence-references';
import { ETIOLOGY_OPTIONS, QUESTIONNAIRE_FIELDS } from './questionnaire';

export interface AnswersInput {
  patientId: string;
  /** The physician's own answers (the form's edits, validated). */
  answers: Answers;
  /** What the record suggests, with its sources: used for the fields the physician left alone. */
  prefill: Pick<Prefill, 'answers' | 'sources'>;
  status: 'completed' | 'in-progress';
  /** ISO dateTime */
  authored: string;
  identifier: Identifier;
  author?: Reference;
  encounterId?: string;
}

export function answerValues(field: keyof Answers, value: Answers[keyof Answers]): QuestionnaireResponseItemAnswer[] {
  if (value === undefined) return [];
  if (field === 'etiology') {
    const option = ETIOLOGY_OPTIONS.find((o) => o.code === value);
    return option ? [{ valueCoding: { system: ETIOLOGY_SYSTEM, code: option.code, display: option.display } }] : [];
  }
  if (field === 'onsetDate') return [{ valueDate: value as string }];
  if (field === 'levels') return (value as string[]).map((level) => ({ valueString: level }));
  if (field === 'rdqScore') return [{ valueInteger: value as number }];
  if (field === 'painScore') return [{ valueDecimal: value as number }];
  return [{ valueBoolean: value as boolean }];
}

function sourceExtension(kind: 'record' | 'physician', sources: Reference[]): Extension {
  return {
    url: ANSWER_SOURCE_EXTENSION,
    extension: [{ url: 'kind', valueCode: kind }, ...sources.map((valueReference) => ({ url: 'source', valueReference }))],
  };
}

export function answerItems(answers: Answers, prefill: AnswersInput['prefill']): QuestionnaireResponseItem[] {
  return QUESTIONNAIRE_FIELDS.flatMap((def): QuestionnaireResponseItem[] => {
    const field = def.field;
    const byPhysician = answers[field] !== undefined;
    const answer = answerValues(field, byPhysician ? answers[field] : prefill.answers[field]);
    if (answer.length === 0) return [];
    const sources = byPhysician ? [] : uniqueReferences(prefill.sources[field]?.evidence ?? []);
    return [{ linkId: field, text: def.label, extension: [sourceExtension(byPhysician ? 'physician' : 'record', sources)], answer }];
  });
}

export function buildQuestionnaireResponse(input: AnswersInput): QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: input.identifier,
    questionnaire: QUESTIONNAIRE_CANONICAL,
    status: input.status,
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.encounterId ? { encounter: { reference: `Encounter/${input.encounterId}` } } : {}),
    authored: input.authored,
    ...(input.author ? { author: input.author } : {}),
    item: answerItems(input.answers, input.prefill),
  };
}
