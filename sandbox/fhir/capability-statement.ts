// The CapabilityStatement clients read first (fhirclient checks it before patient-scoped
// requests): R4, JSON, read + search-type for each type we hold (create for the write-back's types), with Medplum's search
// parameters, and the SMART security service with its OAuth endpoints.
import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';
import { WRITABLE_TYPES } from './writes';

export const SERVED_RESOURCE_TYPES = [
  'Patient', 'AllergyIntolerance', 'CarePlan', 'CareTeam', 'Claim', 'Condition', 'Device', 'DeviceRequest',
  'DiagnosticReport', 'DocumentReference', 'Encounter', 'ExplanationOfBenefit', 'Goal', 'ImagingStudy',
  'Immunization', 'Location', 'Medication', 'MedicationAdministration', 'MedicationRequest', 'MedicationStatement',
  'Observation', 'Organization', 'Practitioner', 'PractitionerRole', 'Procedure', 'Provenance', 'ServiceRequest',
  'Coverage', 'SupplyDelivery', 'QuestionnaireResponse',
] as const;

function resourceEntry(type: string): CapabilityStatementRestResource {
  const params = Object.values(getSearchParameters(type) ?? {}).filter((p) => p.code && p.type);
  const searchInclude = type === 'MedicationRequest' || type === 'MedicationStatement' ? [`${type}:medication`] : undefined;
  return {
    type: type as CapabilityStatementRestResource['type'],
    profile: `http://hl7.org/fhir/StructureDefinition/${type}`,
    interaction: [{ code: 'read' }, { code: 'search-type' }, ...(WRITABLE_TYPES.includes(type) ? [{ code: 'create' as const }] : [])],
    ...(WRITABLE_TYPES.includes(type) ? { conditionalCreate: true } : {}),
    ...(searchInclude ? { searchInclude } : {}),
    searchParam: params
      .map((p) => ({ name: p.code as string, type: p.type as NonNullable<CapabilityStatementRestResource['searchParam']>[number]['type'], definition: p.url }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  };
}

export function capabilityStatement(fhirBaseUrl: string, authorizeUrl: string, tokenUrl: string): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString().slice(0, 10),
    publisher: 'Kyphoplasty Candidacy local sandbox',
    kind: 'instance',
    software: { name: 'kyphoplasty-sandbox (Medplum FHIR router, in memory)', version: '0.1.0' },
    implementation: { description: 'Local SMART on FHIR EHR simulator (loopback only)', url: fhirBaseUrl },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        security: {
          cors: true,
          service: [
            {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR', display: 'SMART-on-FHIR' }],
              text: 'OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)',
            },
          ],
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [
                { url: 'authorize', valueUri: authorizeUrl },
                { url: 'token', valueUri: tokenUrl },
              ],
            },
          ],
        },
        resource: SERVED_RESOURCE_TYPES.map(resourceEntry),
      },
    ],
  };
}
