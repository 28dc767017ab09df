// Hand-made FHIR Bundles for the component tests, read through the real path (recordFromBundle).
import type { PatientRecord } from '../../src/clinical/record';
import { recordFromBundle } from '../../src/fhir/bundle';

export const AS_OF = '2026-11-24';
const DAY = 86_400_000;

/** YYYY-MM-DD, n days before AS_OF. */
export function daysAgo(n: number): string {
  return new Date(Date.parse(`${AS_OF}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);
}

type Resource = Record<string, unknown> & { resourceType: string; id: string };
const subject = { reference: 'Patient/p1' };
const loinc = 'http://loinc.org';

export const patient = (extra: Record<string, unknown> = {}): Resource => ({
  resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1948-05-02', name: [{ given: ['Ada'], family: 'Quigley' }], ...extra,
});

export const condition = (id: string, code: string, display: string, onset?: string): Resource => ({
  resourceType: 'Condition', id, subject,
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code, display }] },
  ...(onset ? { onsetDateTime: onset } : {}),
});

export const painScore = (id: string, value: number, date: string): Resource => ({
  resourceType: 'Observation', id, status: 'final', subject,
  code: { coding: [{ system: loinc, code: '72514-3', display: 'Pain severity 0-10' }] },
  effectiveDateTime: date, valueQuantity: { value, unit: '{score}' },
});

export const analgesic = (id: string, date: string): Resource => ({
  resourceType: 'MedicationRequest', id, subject, status: 'active', intent: 'order', authoredOn: date,
  medicationCodeableConcept: { text: 'Oxycodone 5 mg tablet' },
});

export const spineMri = (id: string, date: string): Resource => ({
  resourceType: 'ImagingStudy', id, subject, status: 'available', started: date,
  modality: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: 'MR' }],
  description: 'MRI lumbar spine without contrast',
});

export function bundle(...resources: Resource[]) {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })) };
}

/**
 * An osteoporotic L1 fracture three weeks old, pain 5 then 7 (worsening), an analgesic, a spine MRI:
 * everything the record can give. Still needed: imaging confirmation and pain attributable (physician only).
 */
export function needsInformationRecord(extra: Resource[] = []): PatientRecord {
  return recordFromBundle(bundle(
    patient(),
    condition('fx', 'M80.08XA', 'Age-related osteoporotic fracture of vertebra', daysAgo(21)),
    painScore('pain-old', 5, daysAgo(20)),
    painScore('pain-new', 7, daysAgo(2)),
    analgesic('med1', daysAgo(18)),
    spineMri('mri1', daysAgo(15)),
    ...extra,
  ));
}

export const lab = (id: string, loincCode: string, display: string, value: number, unit: string, date: string): Resource => ({
  resourceType: 'Observation', id, status: 'final', subject,
  code: { coding: [{ system: loinc, code: loincCode, display }] },
  effectiveDateTime: date, valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
});

export const medication = (id: string, text: string, date: string): Resource => ({
  resourceType: 'MedicationRequest', id, subject, status: 'active', intent: 'order', authoredOn: date,
  medicationCodeableConcept: { text },
});
