// What an export holds: the resources of the requested types for the requested patients, one NDJSON line each,
// read from the sandbox's repository. A resource belongs to the patient its `subject` or `patient` names; a
// Medication belongs to the export when an exported MedicationRequest or MedicationStatement refers to it.
import type { MemoryRepository } from '@medplum/fhir-router';

type Resource = { resourceType: string; id?: string; meta?: { lastUpdated?: string }; [key: string]: unknown };

/** Every type the sandbox exports: what the app reads (src/fhir/read-types.ts), and Device. */
export const EXPORTABLE_TYPES: readonly string[] = [
  'Patient', 'Condition', 'Observation', 'DiagnosticReport', 'ImagingStudy', 'Procedure', 'MedicationRequest',
  'MedicationStatement', 'ServiceRequest', 'AllergyIntolerance', 'Encounter', 'CarePlan', 'DeviceRequest', 'Medication', 'Device',
];

function referenceOf(resource: Resource, field: string): string | undefined {
  const value = resource[field] as { reference?: unknown } | undefined;
  return typeof value?.reference === 'string' ? value.reference : undefined;
}

/** The patient id a resource belongs to, or undefined (Medication, or no subject). */
export function patientOf(resource: Resource): string | undefined {
  if (resource.resourceType === 'Patient') return resource.id;
  const ref = referenceOf(resource, 'subject') ?? referenceOf(resource, 'patient');
  const match = ref ? /(?:^|\/)Patient\/([^/]+)$/.exec(ref.replace(/\/_history\/[^/]+$/, '')) : null;
  return match?.[1];
}

export interface ExportRequest {
  types: readonly string[];
  patients: ReadonlySet<string>;
  /** Only resources changed after this instant (meta.lastUpdated). */
  since?: string;
}

/** The NDJSON lines of each requested type, in repository order. */
export async function exportLines(repo: MemoryRepository, request: ExportRequest): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const sinceMs = request.since ? Date.parse(request.since) : undefined;
  const changed = (r: Resource) => sinceMs === undefined || Date.parse(r.meta?.lastUpdated ?? '') > sinceMs;
  const medicationRefs = new Set<string>();
  const all = async (type: string) => (await repo.searchResources({ resourceType: type as 'Patient', count: 1_000_000 })) as unknown as Resource[];
  for (const type of request.types) {
    if (type === 'Medication') continue;
    const lines: string[] = [];
    for (const resource of await all(type)) {
      const patient = patientOf(resource);
      if (!patient || !request.patients.has(patient)) continue;
      if (type === 'MedicationRequest' || type === 'MedicationStatement') {
        const med = referenceOf(resource, 'medicationReference');
        if (med) medicationRefs.add(med);
      }
      if (changed(resource)) lines.push(JSON.stringify(resource));
    }
    out.set(type, lines);
  }
  if (request.types.includes('Medication')) {
    const meds = (await all('Medication')).filter((m) => medicationRefs.has(`Medication/${m.id}`) && changed(m));
    out.set('Medication', meds.map((m) => JSON.stringify(m)));
  }
  return out;
}
