// Every answer the form asks, its label and input kind, grouped: what the record can prefill, then what only
// the physician can confirm. Data only, in src/clinical/ because both the form (src/ui/) and the app's FHIR
// Questionnaire (src/writeback/questionnaire.ts: linkId = field name) are generated from it, and src/writeback/
// imports nothing from src/ui/.
import type { Answers } from './types';

type Field = keyof Answers;

export type FieldKind = 'boolean' | 'number' | 'date' | 'levels' | 'etiology';

export interface FieldDef {
  field: Field;
  label: string;
  kind: FieldKind;
  hint?: string;
}

export interface FieldGroupDef {
  id: string;
  title: string;
  intro?: string;
  fields: FieldDef[];
}

export const FIELD_GROUPS: readonly FieldGroupDef[] = [
  {
    id: 'from-record',
    title: 'From the record',
    intro: 'Prefilled from the chart where it says something. Change anything: your answer then replaces the record.',
    fields: [
      { field: 'vcf', label: 'Vertebral compression fracture confirmed', kind: 'boolean' },
      { field: 'etiology', label: 'Cause of the fracture', kind: 'etiology' },
      { field: 'onsetDate', label: 'Symptom onset (date)', kind: 'date', hint: 'Acute or subacute: within 12 weeks.' },
      { field: 'hospitalized', label: 'Hospitalized now', kind: 'boolean', hint: 'Pain threshold: NRS 8 when hospitalized, 5 otherwise.' },
      { field: 'painScore', label: 'Pain score now (NRS 0-10)', kind: 'number' },
      { field: 'conservativeCareTried', label: 'Conservative care tried and failed', kind: 'boolean', hint: 'Analgesics, brace, physical therapy, activity modification, for at least 7 days.' },
    ],
  },
  {
    id: 'to-confirm',
    title: 'To confirm',
    intro: 'Only you can answer these: the record does not decide them.',
    fields: [
      { field: 'imagingConfirmsAcute', label: 'Advanced imaging shows an acute fracture at the target level (MRI marrow edema, or bone-scan / SPECT uptake)', kind: 'boolean' },
      { field: 'painAttributable', label: 'Pain is from the fracture (exam tenderness matches the imaging level)', kind: 'boolean' },
      { field: 'painWorsening', label: 'Pain worsening', kind: 'boolean' },
      { field: 'heightLossOver25', label: 'Vertebral height loss over 25%', kind: 'boolean' },
      { field: 'kyphoticDeformity', label: 'Kyphotic deformity', kind: 'boolean' },
      { field: 'progressiveHeightLoss', label: 'Progressive height loss', kind: 'boolean' },
      { field: 'rdqScore', label: 'Roland-Morris Disability Questionnaire score (0-24)', kind: 'number', hint: 'Over 17 counts as an adverse finding.' },
      { field: 'limitedMobility', label: 'Pain limits mobility or independent function', kind: 'boolean' },
      { field: 'levels', label: 'Levels to treat', kind: 'levels', hint: 'For example: T12, L1' },
      { field: 'mriContraindicated', label: 'MRI contraindicated (bone scan instead)', kind: 'boolean' },
      { field: 'pregnant', label: 'Pregnant', kind: 'boolean' },
      { field: 'activeInfection', label: 'Active spinal or systemic infection', kind: 'boolean' },
      { field: 'unstableFracture', label: 'Unstable fracture or acute cord / cauda equina injury (surgical evaluation first)', kind: 'boolean' },
      { field: 'nonunionOrCleft', label: 'Nonunion, pseudarthrosis or intravertebral cleft (Kümmell) on imaging', kind: 'boolean', hint: 'A chronic painful fracture with a cleft may still qualify, outside the 12 weeks.' },
      { field: 'neurologicDeficit', label: 'Neurologic deficit (myelopathy, cord compression, cauda equina, retropulsion)', kind: 'boolean' },
      { field: 'cementAllergy', label: 'Allergy to bone cement (PMMA) or contrast', kind: 'boolean' },
    ],
  },
];

/** Every field's definition by name: the verdict card asks some of them in its own words. */
export const FIELD_DEFS = Object.fromEntries(FIELD_GROUPS.flatMap((g) => g.fields).map((def) => [def.field, def])) as Record<Field, FieldDef>;
