// The FHIR Questionnaire of the form, generated from the form's own field definitions (clinical/answer-fields.ts):
// one item per Answers field, linkId = the field name, so the form, the shipped public/questionnaire.json and
// every QuestionnaireResponse name an answer the same way. Option values are the spec's (assessment.md).
import type { Questionnaire, QuestionnaireItem } from 'fhir/r4';
import type { Etiology } from '../clinical/types';
import { FIELD_GROUPS, type FieldDef } from '../clinical/answer-fields';
import { ETIOLOGY_SYSTEM, QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION } from './canonical';
import { populationExtensions, withInitialExpression } from './sdc-population';

export const ETIOLOGY_OPTIONS: ReadonlyArray<{ code: Etiology; display: string }> = [
  { code: 'osteoporotic', display: 'Osteoporotic' },
  { code: 'traumatic', display: 'Traumatic' },
  { code: 'malignant', display: 'Malignant (metastasis or myeloma)' },
];

/** Whole-number answers; the pain score may carry a decimal (a VAS converted to NRS). */
const INTEGER_FIELDS = new Set(['rdqScore']);
const BOUNDS: Record<string, [number, number]> = { painScore: [0, 10], rdqScore: [0, 24] };

function boundsExtensions(field: string, type: 'integer' | 'decimal'): QuestionnaireItem['extension'] {
  const bounds = BOUNDS[field];
  if (!bounds) return undefined;
  const key = type === 'integer' ? 'valueInteger' : 'valueDecimal';
  return [
    { url: 'http://hl7.org/fhir/StructureDefinition/minValue', [key]: bounds[0] },
    { url: 'http://hl7.org/fhir/StructureDefinition/maxValue', [key]: bounds[1] },
  ];
}

function itemOf(def: FieldDef): QuestionnaireItem {
  const base = { linkId: def.field, text: def.label };
  switch (def.kind) {
    case 'boolean':
      return { ...base, type: 'boolean' };
    case 'date':
      return { ...base, type: 'date' };
    case 'levels':
      return { ...base, type: 'string', repeats: true };
    case 'etiology':
      return { ...base, type: 'choice', answerOption: ETIOLOGY_OPTIONS.map((o) => ({ valueCoding: { system: ETIOLOGY_SYSTEM, code: o.code, display: o.display } })) };
    case 'number': {
      const type = INTEGER_FIELDS.has(def.field) ? 'integer' : 'decimal';
      const extension = boundsExtensions(def.field, type);
      return { ...base, type, ...(extension ? { extension } : {}) };
    }
  }
}

/**
 * The profiles the Questionnaire follows: SDC expression-based population (launchContext, variables,
 * initialExpression) and Da Vinci DTR's standard questionnaire, so a DTR app or SDC filler knows how to fill it.
 */
export const QUESTIONNAIRE_PROFILES = [
  'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-pop-exp',
  'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire',
];

export const QUESTIONNAIRE_FIELDS: readonly FieldDef[] = FIELD_GROUPS.flatMap((g) => g.fields);

export function buildQuestionnaire(): Questionnaire {
  return {
    resourceType: 'Questionnaire',
    id: 'kyphoplasty-candidacy',
    meta: { profile: QUESTIONNAIRE_PROFILES },
    extension: populationExtensions(),
    url: QUESTIONNAIRE_URL,
    version: QUESTIONNAIRE_VERSION,
    name: 'KyphoplastyCandidacy',
    title: 'Vertebral augmentation (kyphoplasty) candidacy: answers',
    status: 'active',
    subjectType: ['Patient'],
    description: 'The answers of the Kyphoplasty Candidacy app: each item is one field of its Answers (linkId = field name), answered from the record or by the physician.',
    item: QUESTIONNAIRE_FIELDS.map((def) => withInitialExpression(itemOf(def))),
  };
}
