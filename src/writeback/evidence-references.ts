// Evidence that names a record resource becomes a FHIR reference; the physician's answers and record-level notes
// ("Record", "ClinicianInput") have no resource to point at.
import type { Reference } from 'fhir/r4';
import type { Evidence } from '../clinical/types';

const RESOURCE_TYPE = /^[A-Z][A-Za-z]{1,63}$/;
const RESOURCE_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function evidenceReference(e: Evidence): Reference | undefined {
  if (e.resourceType === 'ClinicianInput' || e.resourceType === 'Record') return undefined;
  if (!RESOURCE_TYPE.test(e.resourceType) || !e.id || !RESOURCE_ID.test(e.id)) return undefined;
  return { reference: `${e.resourceType}/${e.id}` };
}

/** Each cited resource once, in the order first cited. */
export function uniqueReferences(evidence: Iterable<Evidence>): Reference[] {
  const seen = new Set<string>();
  const out: Reference[] = [];
  for (const e of evidence) {
    const ref = evidenceReference(e);
    if (!ref?.reference || seen.has(ref.reference)) continue;
    seen.add(ref.reference);
    out.push(ref);
  }
  return out;
}

/** "Practitioner/123" from a fhirUser claim (absolute or relative); undefined when it is not a user resource. */
export function userReference(fhirUser: string | undefined): Reference | undefined {
  if (!fhirUser) return undefined;
  const match = /(?:^|\/)((?:Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64})$/.exec(fhirUser.trim());
  return match ? { reference: match[1]! } : undefined;
}
