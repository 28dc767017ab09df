// One cohort patient: the exported resources become a FHIR Bundle read by the bundle path's reader
// (src/fhir/bundle.ts: one normalisation for the app, the assess command and the worklist), the export's gaps are
// added to the record, and assess() gives the assessment the app would give for the same record.
import { assess } from '../clinical/assess';
import type { Assessment } from '../clinical/types';
import { ENGINE_VERSION, SPEC_VERSION } from '../clinical/version';
import { RecordError, recordFromBundle } from '../fhir/bundle';
import type { Json } from '../fhir/narrow';
import type { CohortEntry } from './cohort';
import { applyGaps, type ExportGap } from './gaps';
import { medicationReferenceOf } from './patient-of';
import { worklistRow, type WorklistRow } from './rows';

/** The text of the gap a patient without an exported Patient resource gets. */
export const NO_PATIENT_RESOURCE = 'Patient: the patient resource was not in the export: name, age and sex unknown';

export function patientBundle(patientId: string, resources: Json[], medications: ReadonlyMap<string, Json>): { bundle: Json; gaps: ExportGap[] } {
  const gaps: ExportGap[] = [];
  const entries: Json[] = [];
  const hasPatient = resources.some((r) => r.resourceType === 'Patient' && r.id === patientId);
  if (!hasPatient) {
    entries.push({ resource: { resourceType: 'Patient', id: patientId } });
    gaps.push({ kind: 'missing-type', text: NO_PATIENT_RESOURCE, types: ['Patient'] });
  }
  const added = new Set<string>();
  for (const resource of resources) {
    entries.push({ resource });
    const med = medicationReferenceOf(resource);
    if (med && !added.has(med) && medications.has(med)) {
      added.add(med);
      entries.push({ resource: medications.get(med)! });
    }
  }
  return { bundle: { resourceType: 'Bundle', type: 'collection', entry: entries }, gaps };
}

export function assessPatient(
  entry: CohortEntry,
  resources: Json[],
  medications: ReadonlyMap<string, Json>,
  gaps: readonly ExportGap[],
  asOf: string,
): Assessment {
  const { bundle, gaps: own } = patientBundle(entry.id, resources, medications);
  const record = applyGaps(recordFromBundle(bundle, entry.id), [...gaps, ...own]);
  return assess(record, {}, asOf);
}

/** One patient's work, as the pool hands it to a worker: the NDJSON lines as exported, and the gaps that concern them. */
export interface PatientJob {
  entry: CohortEntry;
  lines: string[];
  gaps: ExportGap[];
}

/** The row of one patient; a record the reader refuses becomes a row that says so, never the end of the run. */
export function evaluateRow(job: PatientJob, medications: ReadonlyMap<string, Json>, asOf: string): WorklistRow {
  try {
    const resources = job.lines.map((line) => JSON.parse(line) as Json);
    return worklistRow(job.entry, assessPatient(job.entry, resources, medications, job.gaps, asOf));
  } catch (error) {
    if (!(error instanceof RecordError) && !(error instanceof SyntaxError)) throw error;
    const text = `the record could not be read: ${error.message}`;
    return {
      id: job.entry.id,
      levels: [],
      ...(job.entry.onset ? { onset: job.entry.onset } : {}),
      cohortReason: job.entry.why,
      verdict: 'needs-information',
      verdictText: 'Needs more information',
      reasons: [`Still needed: a readable record (${text}).`],
      cautions: [],
      notRuledOut: [],
      redFlags: [],
      missingWorkup: [],
      gaps: [text, ...job.gaps.map((g) => g.text)],
      ruleVersion: SPEC_VERSION,
      appVersion: ENGINE_VERSION,
      asOf,
    };
  }
}
