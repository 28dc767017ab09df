// Who may see what: the bearer token must be live, its scopes must cover the resource type, and a
// token that reaches the type only through patient/ scopes stays inside its patient's records.
import type { IncomingMessage } from 'node:http';
import type { Resource } from 'fhir/r4';
import type { AccessToken, GrantStore } from '../auth/grants';
import { decideAccess, parseScopes, type Permission } from '../auth/scopes';
import { fhirError } from './outcome';

export interface AccessScope {
  token: AccessToken;
  /** The patient every request must stay in, or undefined when user/system scopes apply. */
  patientOnly: boolean;
}

function unauthorized(description: string) {
  return fhirError(401, 'login', description, {
    'WWW-Authenticate': `Bearer error="invalid_token", error_description="${description}"`,
  });
}

export function authenticate(req: IncomingMessage, grants: GrantStore): AccessToken {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw unauthorized('A bearer access token is required');
  const token = grants.findAccessToken(match[1]);
  if (token === 'expired') throw unauthorized('The access token has expired');
  if (!token) throw unauthorized('The access token is not valid');
  return token;
}

/** Throws 403 unless the token's scopes allow `permission` on `resourceType`. */
export function authorizeType(token: AccessToken, resourceType: string, permission: Permission): AccessScope {
  const decision = decideAccess(parseScopes(token.scope).resourceScopes, resourceType, permission);
  const verb = { c: 'create', r: 'read', u: 'update', d: 'delete', s: 'search' }[permission];
  if (!decision.allowed) {
    throw fhirError(403, 'forbidden', `The granted scopes do not allow ${verb} of ${resourceType} (granted: ${token.scope || 'none'})`, {
      'WWW-Authenticate': 'Bearer error="insufficient_scope"',
    });
  }
  if (decision.patientOnly && !token.patient) {
    throw fhirError(403, 'forbidden', `patient/ scopes need a patient in context, and this token has none`);
  }
  return { token, patientOnly: decision.patientOnly };
}

export function forbiddenPatient(patientId: string, tokenPatient: string | undefined) {
  return fhirError(403, 'forbidden', `This token is for patient ${tokenPatient ?? '(none)'}, not ${patientId}`);
}

/** The patients a resource belongs to, by its usual patient-pointing elements. */
export function patientsOf(resource: Resource): string[] {
  if (resource.resourceType === 'Patient') return resource.id ? [resource.id] : [];
  const record = resource as unknown as Record<string, { reference?: unknown } | undefined>;
  const ids: string[] = [];
  for (const key of ['subject', 'patient', 'beneficiary']) {
    const reference = record[key]?.reference;
    if (typeof reference === 'string' && reference.startsWith('Patient/')) ids.push(reference.slice('Patient/'.length));
  }
  return ids;
}

/** True when a patient-only token may see this resource (non-patient resources are shared). */
export function inPatientCompartment(resource: Resource, patient: string | undefined): boolean {
  const owners = patientsOf(resource);
  return owners.length === 0 || (patient !== undefined && owners.includes(patient));
}
