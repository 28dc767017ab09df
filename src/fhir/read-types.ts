// Every resource type the app reads: the scopes it asks for and the grants it compares. Listed here, not derived
// from the query plan, so the app's first screen does not carry the plan; tests/fhir/queries.test.ts checks that
// the two agree.
export const READ_RESOURCE_TYPES: readonly string[] = [
  'Patient', 'Condition', 'Observation', 'DiagnosticReport', 'ImagingStudy', 'Procedure', 'MedicationRequest',
  'MedicationStatement', 'ServiceRequest', 'AllergyIntolerance', 'Encounter', 'CarePlan', 'DeviceRequest', 'Medication',
];
