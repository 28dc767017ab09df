// The answers as a QuestionnaireResponse of the app's Questionnaire, shaped as Da Vinci DTR asks: one item per
// answered field, each answer saying where it came from (DTR information-origin: auto from the record, with the
// resources it was read from; override or manual by the physician, who is named), the response naming its author
// and, when the app was launched from an order, that order (basedOn and DTR qr-context).
import type { Identifier, QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer, Reference } from 'fhir/r4';
import type { Prefill } from '../clinical/prefill';
import type { Answers } from '../clinical/types';
import { ETIOLOGY_SYSTEM, QUESTIONNAIRE_CANONICAL } from './canonical';
import { derivationReference, informationOrigin, QR_CONTEXT_EXTENSION, type InformationOrigin } from './dtr';
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
  /** The signed-in user (fhirUser of the verified id_token): the response's author. */
  author?: Reference;
  /**
   * Who gave the physician's answers (DTR dtrx-1: an override or manual answer names its author), normally `author`.
   * Separate so the save panel, which compares what it saved with `answerItems(answers, prefill)`, passes the same
   * author to both (src/ui/SaveToChartPanel.tsx); until it does, answers name no author of their own.
   */
  answerAuthor?: Reference;
  encounterId?: string;
  /** The order the app was launched from (launch-order.ts), e.g. "ServiceRequest/123": what these answers document. */
  orderReference?: string;
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

export function answerItems(answers: Answers, prefill: AnswersInput['prefill'], author?: Reference): QuestionnaireResponseItem[] {
  return QUESTIONNAIRE_FIELDS.flatMap((def): QuestionnaireResponseItem[] => {
    const field = def.field;
    const byPhysician = answers[field] !== undefined;
    const values = answerValues(field, byPhysician ? answers[field] : prefill.answers[field]);
    if (values.length === 0) return [];
    const origin: InformationOrigin = !byPhysician ? 'auto' : prefill.answers[field] !== undefined ? 'override' : 'manual';
    const sources = origin === 'auto' ? uniqueReferences(prefill.sources[field]?.evidence ?? []).map(derivationReference) : [];
    const answer = values.map((value) => ({ ...value, extension: [informationOrigin(origin, author), ...sources] }));
    return [{ linkId: field, text: def.label, answer }];
  });
}

/** Only an order (ServiceRequest) is what answers are based on; a Procedure reference of the launch is not. */
const ORDER = /^ServiceRequest\/[A-Za-z0-9\-.]{1,64}$/;

export function buildQuestionnaireResponse(input: AnswersInput): QuestionnaireResponse {
  const order = input.orderReference && ORDER.test(input.orderReference) ? { reference: input.orderReference } : undefined;
  return {
    resourceType: 'QuestionnaireResponse',
    ...(order ? { extension: [{ url: QR_CONTEXT_EXTENSION, valueReference: order }] } : {}),
    identifier: input.identifier,
    ...(order ? { basedOn: [order] } : {}),
    questionnaire: QUESTIONNAIRE_CANONICAL,
    status: input.status,
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.encounterId ? { encounter: { reference: `Encounter/${input.encounterId}` } } : {}),
    authored: input.authored,
    ...(input.author ? { author: input.author } : {}),
    item: answerItems(input.answers, input.prefill, input.answerAuthor),
  };
}
