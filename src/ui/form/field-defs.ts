// The form's field definitions live in src/clinical/answer-fields.ts (the Questionnaire is generated from them too).
export { FIELD_DEFS, FIELD_GROUPS, type FieldDef, type FieldGroupDef, type FieldKind } from '../../clinical/answer-fields';
