// Da Vinci DTR's names for where an answer came from and what a response is about, so payers' DTR apps and
// SDC tools read our QuestionnaireResponses without knowing this app. They replace the app's own answer-source
// extension (canonical.ts ANSWER_SOURCE_EXTENSION), which is still read from responses saved before (resume.ts).
import type { Extension, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer, Reference } from 'fhir/r4';

/** On each answer (context QuestionnaireResponse.item.answer): `source` auto | override | manual, and `author`. */
export const INFORMATION_ORIGIN_EXTENSION = 'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/information-origin';
/** FHIR core extension (any element): a resource the value was read from; on each answer taken from the record. */
export const DERIVATION_REFERENCE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/derivation-reference';
/** On the QuestionnaireResponse: the order (or encounter, coverage) the answers document. */
export const QR_CONTEXT_EXTENSION = 'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/qr-context';

/** auto: from the record untouched; override: the physician replaced what the record gave; manual: the physician alone. */
export type InformationOrigin = 'auto' | 'override' | 'manual';

/**
 * DTR's invariant dtrx-1: an auto answer carries no author; an override or manual one names who answered. The
 * author comes only from the verified fhirUser: when it is unknown, none is invented (the response then falls short
 * of dtrx-1 rather than naming someone who did not answer).
 */
export function informationOrigin(source: InformationOrigin, author: Reference | undefined): Extension {
  return {
    url: INFORMATION_ORIGIN_EXTENSION,
    extension: [{ url: 'source', valueCode: source }, ...(source !== 'auto' && author ? [{ url: 'author', valueReference: author }] : [])],
  };
}

export function derivationReference(valueReference: Reference): Extension {
  return { url: DERIVATION_REFERENCE_EXTENSION, extension: [{ url: 'reference', valueReference }] };
}

/** The origin of an answer written with the DTR extension, if it has one. */
export function originOfAnswer(answer: QuestionnaireResponseItemAnswer | undefined): InformationOrigin | undefined {
  const code = answer?.extension?.find((e) => e.url === INFORMATION_ORIGIN_EXTENSION)?.extension?.find((e) => e.url === 'source')?.valueCode;
  return code === 'auto' || code === 'override' || code === 'manual' ? code : undefined;
}

/** The origin of an item's answers (all of one item's answers share it). */
export function originOfItem(item: QuestionnaireResponseItem): InformationOrigin | undefined {
  return originOfAnswer(item.answer?.[0]);
}
