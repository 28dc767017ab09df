// The clinician's form: the record's facts, then the answers in two groups. Every change re-evaluates at once.
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
  onEdit(field: Field, value: FieldValue): void;
  onReset(field?: Field): void;
}

export function AnswersForm({ prefill, edits, errors, asOf, onEdit, onReset }: AnswersFormProps) {
  const editedCount = Object.keys(edits).length;
  return (
    <form class="answers" aria-labelledby="answers-heading" noValidate onSubmit={(event) => event.preventDefault()}>
      <h2 id="answers-heading">Answers</h2>
      <p class="hint">The assessment updates as you answer. Nothing is saved or sent to the EHR.</p>
      <RecordFacts facts={prefill.facts} />
      {FIELD_GROUPS.map((group) => (
        <section class="field-group" key={group.id} aria-labelledby={`group-${group.id}`}>
          <h3 id={`group-${group.id}`}>{group.title}</h3>
          {group.intro ? <p class="hint">{group.intro}</p> : null}
          {group.fields.map((def) => (
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
