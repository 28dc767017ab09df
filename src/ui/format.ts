// Small display helpers shared by the panel and the form. Text only: every value is rendered as a text node.
import type { Evidence } from '../clinical/types';

/** The calendar day of a FHIR date or dateTime, as written (no time-zone shift). */
export function day(value: string | undefined): string | undefined {
  return value ? value.slice(0, 10) : undefined;
}

const RECORD_WORDS: Record<string, string> = {
  ClinicianInput: 'Your answer',
  Record: 'Record',
  MedicationRequest: 'Medication order',
  MedicationStatement: 'Medication',
  DiagnosticReport: 'Report',
  ImagingStudy: 'Imaging study',
  ServiceRequest: 'Order',
  AllergyIntolerance: 'Allergy',
  DeviceRequest: 'Device order',
  CarePlan: 'Care plan',
};

/** "Observation", "Your answer", "Medication order": the kind of record a line of evidence comes from. */
export function recordKind(evidence: Evidence): string {
  return RECORD_WORDS[evidence.resourceType] ?? evidence.resourceType;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
