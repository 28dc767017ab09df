// The CapabilityStatement clients read first (fhirclient checks it before patient-scoped
// requests): R4, JSON, read + search-type for each type we hold (create for the write-back's types), with Medplum's search
// parameters, and the SMART security service with its OAuth endpoints.
//
// Lean (issue 18: the app reads it in the same round as the searches, and it was most of the bytes the app read): only
// the types the sandbox serves, each search parameter as its name and type (no definition URL, no base profile URL: a
// parameter of the base specification is known by its name), and the parameters every type has listed once at the
// rest level (`rest.searchParam`, "for searching all resources"). What is listed is exactly what is supported.
import { getSearchParameters } from '@medplum/core';
import type { CapabilityStatement, CapabilityStatementRestResource, CapabilityStatementRestResourceSearchParam } from 'fhir/r4';
import { WRITABLE_TYPES } from './writes';

export const SERVED_RESOURCE_TYPES = [
  'Patient', 'AllergyIntolerance', 'CarePlan', 'CareTeam', 'Claim', 'Condition', 'Device', 'DeviceRequest',
  'DiagnosticReport', 'DocumentReference', 'Encounter', 'ExplanationOfBenefit', 'Goal', 'ImagingStudy',
  'Immunization', 'Location', 'Medication', 'MedicationAdministration', 'MedicationRequest', 'MedicationStatement',
  'Observation', 'Organization', 'Practitioner', 'PractitionerRole', 'Procedure', 'Provenance', 'ServiceRequest',
  'Coverage', 'SupplyDelivery', 'QuestionnaireResponse',
] as const;

type SearchParam = CapabilityStatementRestResourceSearchParam;

function searchParams(type: string): SearchParam[] {
  return Object.values(getSearchParameters(type) ?? {})
    .filter((p) => p.code && p.type)
    .map((p) => ({ name: p.code as string, type: p.type as SearchParam['type'] }));
}

const key = (p: SearchParam) => `${p.name} ${p.type}`;
const byName = (a: SearchParam, b: SearchParam) => a.name.localeCompare(b.name);

/** The parameters (same name and type) every served type has: listed once, at the rest level. */
function commonSearchParams(): SearchParam[] {
  const [first, ...others] = SERVED_RESOURCE_TYPES.map((type) => new Map(searchParams(type).map((p) => [key(p), p])));
  return [...(first?.values() ?? [])].filter((p) => others.every((params) => params.has(key(p)))).sort(byName);
}

function resourceEntry(type: string, common: ReadonlySet<string>): CapabilityStatementRestResource {
  const searchInclude = type === 'MedicationRequest' || type === 'MedicationStatement' ? [`${type}:medication`] : undefined;
  return {
    type: type as CapabilityStatementRestResource['type'],
    interaction: [{ code: 'read' }, { code: 'search-type' }, ...(WRITABLE_TYPES.includes(type) ? [{ code: 'create' as const }] : [])],
    ...(WRITABLE_TYPES.includes(type) ? { conditionalCreate: true } : {}),
    ...(searchInclude ? { searchInclude } : {}),
    searchParam: searchParams(type).filter((p) => !common.has(key(p))).sort(byName),
  };
}

export function capabilityStatement(fhirBaseUrl: string, authorizeUrl: string, tokenUrl: string): CapabilityStatement {
  const common = commonSearchParams();
  const commonKeys = new Set(common.map(key));
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
        resource: SERVED_RESOURCE_TYPES.map((type) => resourceEntry(type, commonKeys)),
        // Reads and searches in one POST (./batch.ts).
        interaction: [{ code: 'batch' }],
        searchParam: common,
      },
    ],
  };
}
