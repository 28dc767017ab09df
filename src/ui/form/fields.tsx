// One input per answer kind, each labelled, keyboard-usable and showing its validation message inline.
import type { FieldDef } from './field-defs';
import type { FieldValue } from './form-state';

export interface FieldProps {
  def: FieldDef;
  value: FieldValue;
  error?: string;
  asOf: string;
  onChange(value: FieldValue): void;
}

const inputId = (def: FieldDef) => `answer-${def.field}`;
const errorId = (def: FieldDef) => `answer-${def.field}-error`;
const hintId = (def: FieldDef) => `answer-${def.field}-hint`;

function describedBy(def: FieldDef, error?: string): string | undefined {
  const ids = [def.hint ? hintId(def) : '', error ? errorId(def) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function FieldMessages({ def, error }: { def: FieldDef; error?: string }) {
  return (
    <>
      {def.hint ? <p class="hint" id={hintId(def)}>{def.hint}</p> : null}
      {error ? (
        <p class="field-error" id={errorId(def)} data-field={def.field}>
          <span aria-hidden="true">⚠ </span>{def.label}: {error}
        </p>
      ) : null}
    </>
  );
}

const CHOICES: ReadonlyArray<{ value: FieldValue; key: string; words: string }> = [
  { value: true, key: 'yes', words: 'Yes' },
  { value: false, key: 'no', words: 'No' },
  { value: undefined, key: 'unanswered', words: 'Not answered' },
];

export function TriStateField({ def, value, onChange }: FieldProps) {
  return (
    <fieldset class="tristate" aria-describedby={describedBy(def)}>
      <legend>{def.label}</legend>
      {CHOICES.map((choice) => {
        const id = `${inputId(def)}-${choice.key}`;
        return (
          <span class="choice" key={choice.key}>
            <input type="radio" id={id} name={inputId(def)} value={choice.key} checked={value === choice.value} onChange={() => onChange(choice.value)} />
            <label for={id}>{choice.words}</label>
          </span>
        );
      })}
    </fieldset>
  );
}

export function TextField({ def, value, error, asOf, onChange }: FieldProps) {
  const text = typeof value === 'string' ? value : '';
  const common = {
    id: inputId(def),
    name: def.field,
    value: text,
    'aria-invalid': error ? ('true' as const) : undefined,
    'aria-describedby': describedBy(def, error),
    onInput: (event: Event) => onChange((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="text-field">
      <label for={inputId(def)}>{def.label}</label>
      {def.kind === 'date' ? (
        <input type="date" max={asOf} {...common} />
      ) : def.kind === 'number' ? (
        <input type="text" inputMode="decimal" autoComplete="off" size={4} {...common} />
      ) : (
        <input type="text" autoComplete="off" {...common} />
      )}
    </div>
  );
}

const ETIOLOGIES = [
  { value: '', words: 'Not answered' },
  { value: 'osteoporotic', words: 'Osteoporotic' },
  { value: 'traumatic', words: 'Traumatic (low-energy)' },
  { value: 'malignant', words: 'Malignant (myeloma, metastasis)' },
];

export function EtiologyField({ def, value, onChange }: FieldProps) {
  return (
    <div class="text-field">
      <label for={inputId(def)}>{def.label}</label>
      <select id={inputId(def)} name={def.field} value={typeof value === 'string' ? value : ''} aria-describedby={describedBy(def)}
        onChange={(event) => onChange((event.currentTarget as HTMLSelectElement).value || undefined)}>
        {ETIOLOGIES.map((e) => <option key={e.value} value={e.value}>{e.words}</option>)}
      </select>
    </div>
  );
}
