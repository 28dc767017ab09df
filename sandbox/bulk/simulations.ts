// Bulk export simulations, chosen by the FHIR base a client is given: /bulk-sim/<name>/fhir. Each is a way a real
// bulk server lets a client down (issue 21); the worklist must turn each into a named gap or a clear error.
export const BULK_SIMULATIONS = [
  /** Observation is silently left out of the manifest (no error entry), as a server does with a _typeFilter it cannot apply. */
  'missing_type',
  /** One patient's MedicationRequests are not exported; the manifest's error[] names them in an OperationOutcome file. */
  'error_file',
  /** The first two status polls answer 429 Too Many Requests with Retry-After. */
  'status_429',
  /** Every Observation file URL answers 410 Gone (the link expired before it was downloaded). */
  'expired_file',
  /** The first status poll and the first file download answer 500 with an OperationOutcome of code `transient`. */
  'transient_500',
  /** An OperationOutcome ("some resources were omitted") inside the Condition file, as some servers write it inline. */
  'inline_outcome',
  /** The `patient` parameter of a POST kick-off is refused (400), as servers that do not support it answer. */
  'no_patient_param',
] as const;

export type BulkSimulation = (typeof BULK_SIMULATIONS)[number] | 'none';

export function parseBulkSimulation(value: string | undefined): BulkSimulation | undefined {
  if (value === undefined || value === 'none') return 'none';
  return (BULK_SIMULATIONS as readonly string[]).includes(value) ? (value as BulkSimulation) : undefined;
}

/** The type `missing_type` drops and `expired_file` expires. */
export const SIMULATED_TYPE = 'Observation';
/** The type `error_file` fails for one patient. */
export const ERROR_FILE_TYPE = 'MedicationRequest';
/** The patient `error_file` prefers (a vignette on anticoagulants), else the first patient with that type. */
export const ERROR_FILE_PATIENT = 'vcf-warfarin';
