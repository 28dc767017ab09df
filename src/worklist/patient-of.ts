// The patient a bulk resource belongs to: a Patient's own id, else the id its subject/patient reference names
// (src/fhir/references.ts reads the reference, as the bundle path does). Medication and other shared resources: none.
import { rawString, type Json } from '../fhir/narrow';
import { subjectReference } from '../fhir/references';

export function patientIdOf(resource: Json): string | undefined {
  if (resource.resourceType === 'Patient') return rawString(resource.id);
  const reference = subjectReference(resource)?.replace(/\/_history\/[^/]+$/, '');
  return reference ? /(?:^|\/)Patient\/([^/]+)$/.exec(reference)?.[1] : undefined;
}

/** `Medication/ID` references of a MedicationRequest or MedicationStatement (contained ones need nothing). */
export function medicationReferenceOf(resource: Json): string | undefined {
  const ref = resource.medicationReference;
  const value = ref && typeof ref === 'object' ? rawString((ref as Json).reference) : undefined;
  return value && !value.startsWith('#') ? value.replace(/^.*\/(Medication\/[^/]+)$/, '$1') : undefined;
}
