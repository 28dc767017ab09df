// The clinician's form: the record's facts, then the answers in two groups (less those the verdict card asks).
// Every change re-evaluates at once. The heading is the detail section's (answers-heading).
import type { Prefill } from '../../clinical/prefill';
import { FIELD_GROUPS } from './field-defs';
import { FieldRow } from './FieldRow';
import type { Edits, Field, FieldValue, FormResult } from './form-state';
import { RecordFacts } from './RecordFacts';

export interface AnswersFormProps {
  prefill: Prefill;
  edits: Edits;
  errors: FormResult['errors'];
  asOf: string;
  /** Fields asked on the verdict card: not asked twice. */
  omit?: readonly Field[];
  onEdit(field: Field, value: FieldValue): void;
  onReset(field?: Field): void;
}

export function AnswersForm({ prefill, edits, errors, asOf, omit = [], onEdit, onReset }: AnswersFormProps) {
  const editedCount = Object.keys(edits).length;
  return (
    <form class="answers" aria-labelledby="answers-heading" noValidate onSubmit={(event) => event.preventDefault()}>
      <p class="hint">The assessment updates as you answer. Your answers stay in this browser tab until it closes; nothing is sent to the EHR unless you click a save in Save to chart.</p>
      <RecordFacts facts={prefill.facts} />
      {FIELD_GROUPS.map((group) => (
        <section class="field-group" key={group.id} aria-labelledby={`group-${group.id}`}>
          <h3 id={`group-${group.id}`}>{group.title}</h3>
          {group.intro ? <p class="hint">{group.intro}</p> : null}
          {group.fields.filter((def) => !omit.includes(def.field)).map((def) => (
            <FieldRow key={def.field} def={def} prefill={prefill} edits={edits} asOf={asOf} onEdit={onEdit} onReset={onReset}
              {...(errors[def.field] ? { error: errors[def.field]! } : {})} />
          ))}
        </section>
      ))}
      <p>
        <button type="button" onClick={() => onReset()} disabled={editedCount === 0}>
          Undo all my answers
        </button>
      </p>
    </form>
  );
}
