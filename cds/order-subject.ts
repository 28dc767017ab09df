// Every draft order must be for the patient in context: an order whose subject names someone else is a
// request the service cannot answer truthfully (the card would judge one patient's record for another's
// order), so it is refused, never reviewed.
export interface SubjectMismatch {
  index: number;
  subject: string;
}

/** The id of a Patient reference: "Patient/1", "https://ehr/fhir/Patient/1", "Patient/1/_history/2". */
export function referencedPatientId(reference: string): string | undefined {
  const segments = reference.split('/');
  const history = segments.lastIndexOf('_history');
  const end = history > 0 ? history : segments.length;
  if (end < 2 || segments[end - 2] !== 'Patient') return undefined;
  return segments[end - 1] || undefined;
}

/**
 * The first draft order whose `subject` is not `Patient/{patientId}`. An order without a subject is
 * being written in this patient's chart and passes; a subject that names no Patient by reference
 * (an identifier or a display only) cannot be compared and is refused.
 */
export function orderForAnotherPatient(entries: Array<{ resource?: unknown }>, patientId: string): SubjectMismatch | undefined {
  for (const [index, entry] of entries.entries()) {
    const resource = entry?.resource;
    if (typeof resource !== 'object' || resource === null) continue;
    const subject = (resource as { subject?: unknown }).subject;
    if (subject === undefined || subject === null) continue;
    const reference = typeof subject === 'object' ? (subject as { reference?: unknown }).reference : undefined;
    const id = typeof reference === 'string' ? referencedPatientId(reference) : undefined;
    if (id !== patientId) return { index, subject: typeof reference === 'string' ? reference.slice(0, 200) : '(no reference)' };
  }
  return undefined;
}
