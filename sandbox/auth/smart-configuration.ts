// /.well-known/smart-configuration: what fhirclient reads to find the endpoints and to decide
// on PKCE (it trusts code_challenge_methods_supported). RFC 9207: every authorization response carries
// `iss` = `issuer`, so a client can tell which authorization server answered (OAuth mix-up defence).
import type { EhrEndpoints } from './endpoints';

export function smartConfiguration(endpoints: EhrEndpoints) {
  return {
    issuer: endpoints.origin,
    authorization_response_iss_parameter_supported: true,
    authorization_endpoint: endpoints.authorizeUrl,
    token_endpoint: endpoints.tokenUrl,
    token_endpoint_auth_methods_supported: ['none'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: [
      'openid', 'fhirUser', 'launch', 'launch/patient', 'online_access', 'offline_access',
      'patient/*.rs', 'patient/*.read', 'user/*.rs', 'user/*.read',
      'patient/Patient.rs', 'patient/Condition.rs', 'patient/Observation.rs', 'patient/MedicationRequest.rs',
      'patient/MedicationStatement.rs', 'patient/Medication.rs', 'patient/Encounter.rs', 'patient/Procedure.rs',
      'patient/DiagnosticReport.rs', 'patient/ImagingStudy.rs', 'patient/AllergyIntolerance.rs', 'patient/ServiceRequest.rs',
      'patient/CarePlan.rs', 'patient/DeviceRequest.rs',
    ],
    capabilities: [
      'launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-standalone-patient',
      'context-banner', 'context-style', 'permission-patient', 'permission-user', 'permission-offline',
      'permission-online', 'permission-v1', 'permission-v2', 'sso-openid-connect',
    ],
  };
}
