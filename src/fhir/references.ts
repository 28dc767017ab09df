// Which patient a resource is about, whatever the reference form: `Patient/123`, a full URL, or `urn:uuid:...`.
import { at, rawString, type Json } from './narrow';

const SUBJECT_PATHS = [['subject'], ['patient'], ['beneficiary']] as const;

export function subjectReference(resource: Json): string | undefined {
  for (const path of SUBJECT_PATHS) {
    const ref = rawString(at(resource, ...path, 'reference'));
    if (ref) return ref;
  }
  return undefined;
}

/** True when `reference` names the patient with this id, or one of the patient's known full URLs. */
export function refersToPatient(reference: string, patientId: string, aliases: ReadonlySet<string>): boolean {
  if (aliases.has(reference)) return true;
  const withoutHistory = reference.replace(/\/_history\/[^/]+$/, '');
  return withoutHistory === `Patient/${patientId}` || withoutHistory.endsWith(`/Patient/${patientId}`);
}
