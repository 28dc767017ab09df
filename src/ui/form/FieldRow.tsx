// One answer: its input, its message, what the record said about it, and whether the value is the physician's.
import { clinicalText } from '../../clinical/display';
import type { Prefill } from '../../clinical/prefill';
import { EvidenceList } from '../panel/EvidenceList';
import type { FieldDef } from './field-defs';
import { EtiologyField, FieldMessages, TextField, TriStateField } from './fields';
import { shownValue, type Edits, type Field, type FieldValue } from './form-state';

export interface FieldRowProps {
  def: FieldDef;
  prefill: Prefill;
  edits: Edits;
  error?: string;
  asOf: string;
  onEdit(field: Field, value: FieldValue): void;
  onReset(field: Field): void;
}

export function FieldRow({ def, prefill, edits, error, asOf, onEdit, onReset }: FieldRowProps) {
  const edited = def.field in edits;
  const source = prefill.sources[def.field];
  const recordValue = prefill.answers[def.field] !== undefined;
  const value = shownValue(def.field, edits, prefill);
  const Input = def.kind === 'boolean' ? TriStateField : def.kind === 'etiology' ? EtiologyField : TextField;
  const origin = edited
    ? value === undefined || value === '' ? 'Not answered: the record decides' : 'Your answer'
    : recordValue ? 'From the record' : undefined;
  return (
    <div class={`field${edited ? ' is-edited' : ''}`} data-field={def.field}>
      <Input def={def} value={value} asOf={asOf} onChange={(v) => onEdit(def.field, v)} {...(error ? { error } : {})} />
      <FieldMessages def={def} {...(error ? { error } : {})} />
      {origin || source ? (
        <div class="field-source">
          {origin ? <span class={`tag${edited ? ' tag-answer' : ''}`}>{origin}</span> : null}
          {source ? <span class="source-text">{edited ? ' Record: ' : ' '}{clinicalText(source.display)}</span> : null}
          {edited ? (
            <button type="button" class="link-button" onClick={() => onReset(def.field)}>
              {recordValue ? 'Back to the record' : 'Clear'}
              <span class="visually-hidden"> ({def.label})</span>
            </button>
          ) : null}
          {source ? <EvidenceList evidence={source.evidence.slice(0, 3)} /> : null}
        </div>
      ) : null}
    </div>
  );
}
