// What apps wrote to a patient's chart (the write-back's three types), newest first, for the mock chart's page.
import type { Bundle, DocumentReference, QuestionnaireResponse, Resource, ServiceRequest } from 'fhir/r4';
import type { FhirApi } from './fhir-api';

export interface WrittenResources {
  notes: DocumentReference[];
  answers: QuestionnaireResponse[];
  orders: ServiceRequest[];
}

async function ofPatient<T extends Resource>(api: FhirApi, type: string, patientId: string): Promise<T[]> {
  const bundle = (await api.repo.search({ resourceType: type as never, filters: [{ code: 'patient', operator: 'eq' as never, value: `Patient/${patientId}` }] })) as unknown as Bundle;
  const found = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource as T] : []));
  return found.sort((a, b) => (b.meta?.lastUpdated ?? '').localeCompare(a.meta?.lastUpdated ?? ''));
}

export async function writtenResources(api: FhirApi, patientId: string): Promise<WrittenResources> {
  const [notes, answers, orders] = await Promise.all([
    ofPatient<DocumentReference>(api, 'DocumentReference', patientId),
    ofPatient<QuestionnaireResponse>(api, 'QuestionnaireResponse', patientId),
    ofPatient<ServiceRequest>(api, 'ServiceRequest', patientId),
  ]);
  // Only the app-proposed orders: the record's own ServiceRequests are part of the sample data, not writes.
  return { notes, answers, orders: orders.filter((o) => o.status === 'draft' && o.intent === 'proposal') };
}
