// The physician's answers survive a reload (EHR tabs reload embedded apps): kept in sessionStorage, per patient and
// encounter of the launch, never in localStorage. An unreadable or foreign entry is ignored, never trusted.
// The field names come from the answers' own checker, not the form's labels: those load with the details (issue 22).
import { isAnswerField } from '../clinical/answers';
import type { Edits, Field } from './form/form-state';

const PREFIX = 'kyphoplasty-answers';

export function answersKey(patientId: string, encounterId: string | undefined): string {
  return `${PREFIX}:${patientId}:${encounterId ?? 'no-encounter'}`;
}

function storage(): Storage | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    return undefined;
  }
}

/** JSON has no undefined: an explicit "not answered" is stored as null. */
export function loadEdits(key: string): Edits {
  try {
    const raw = storage()?.getItem(key);
    if (!raw) return {};
    const parsed: unknown = JSON.parse(raw);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
    const edits: Edits = {};
    for (const [field, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (!isAnswerField(field)) continue;
      if (value === null) edits[field as Field] = undefined;
      else if (typeof value === 'boolean' || typeof value === 'string') edits[field as Field] = value;
    }
    return edits;
  } catch {
    return {};
  }
}

export function saveEdits(key: string, edits: Edits): void {
  try {
    const store = storage();
    if (!store) return;
    if (Object.keys(edits).length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(edits, (_k, v: unknown) => (v === undefined ? null : v)));
  } catch {
    // A full or refused storage only costs the restore after a reload.
  }
}
