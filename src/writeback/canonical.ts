// The app's own names in FHIR: the Questionnaire's canonical URL and version, its answer-source extension, and the
// identifier system of every resource the app writes. One place, so the shipped questionnaire.json, the
// QuestionnaireResponse and the tests agree. The host is the project's namespace, not a server the app contacts.
export const APP_NAMESPACE = 'https://kyphoplasty-candidacy.example.org/fhir';
export const QUESTIONNAIRE_URL = `${APP_NAMESPACE}/Questionnaire/kyphoplasty-candidacy`;
/** Bumped when an item, its type or its options change (the linkIds are the Answers fields). */
export const QUESTIONNAIRE_VERSION = '1.0.0';
export const QUESTIONNAIRE_CANONICAL = `${QUESTIONNAIRE_URL}|${QUESTIONNAIRE_VERSION}`;
export const ETIOLOGY_SYSTEM = `${APP_NAMESPACE}/CodeSystem/fracture-etiology`;
/**
 * Retired (issue 23: answers now carry DTR information-origin, dtr.ts): on each item of responses saved before,
 * `kind` (record | physician) and, for the record, `source` references. Still read when resuming (resume.ts).
 */
export const ANSWER_SOURCE_EXTENSION = `${APP_NAMESPACE}/StructureDefinition/answer-source`;
/** Client-generated identifiers (RFC 3986 URN of a random UUID): the key that makes a retried create idempotent. */
export const IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';
