// Creates, as an EHR accepts them from a SMART app: only the types the app writes, only with a `.c` scope for the
// type, only for the token's patient, only R4-valid shapes (422 with the validator's OperationOutcome), and with
// conditional create (If-None-Exist) so a retried write finds the first one instead of making a second. Three
// simulations make the failures an app must survive: write_denied (403), write_invalid (422), write_server_error
// (the first create of each type is stored, then answered 500: the lost response that tempts a client to duplicate).
import type { IncomingMessage } from 'node:http';
import { validateResource } from '@medplum/core';
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import type { AccessToken } from '../auth/grants';
import { BodyTooLargeError, mediaType, readBody } from '../../http-kit/body';
import { authorizeType, forbiddenPatient, patientsOf } from './access-control';
import { fhirError, FhirHttpError, operationOutcome } from './outcome';
import type { FhirApi, FhirRequestTarget } from './fhir-api';

export const WRITABLE_TYPES: readonly string[] = ['DocumentReference', 'QuestionnaireResponse', 'ServiceRequest'];
const JSON_TYPES = new Set(['application/fhir+json', 'application/json']);

type MedplumResource = Parameters<FhirApi['repo']['createResource']>[0];

/** Per sandbox: the token families whose first create of a type has already failed under write_server_error. */
const failedOnce = new WeakMap<object, Set<string>>();

export interface WriteAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

async function parseBody(req: IncomingMessage, type: string): Promise<Resource> {
  if (!JSON_TYPES.has(mediaType(req))) throw fhirError(415, 'not-supported', 'Send the resource as application/fhir+json');
  let text: string;
  try {
    text = await readBody(req, 1024 * 1024);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw fhirError(413, 'too-costly', error.message);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fhirError(400, 'structure', 'The body is not JSON');
  }
  const resource = parsed as Resource | null;
  if (!resource || typeof resource !== 'object' || resource.resourceType !== type) {
    throw fhirError(400, 'invalid', `The body must be a ${type} (resourceType)`);
  }
  return resource;
}

function validationOutcome(resource: Resource): OperationOutcome | undefined {
  let issues: OperationOutcome['issue'];
  try {
    issues = validateResource(resource as never).filter((i) => i.severity === 'error') as OperationOutcome['issue'];
  } catch (error) {
    const outcome = (error as { outcome?: OperationOutcome }).outcome;
    issues = outcome?.issue ?? operationOutcome('invalid', String(error)).issue;
  }
  return issues.length ? { resourceType: 'OperationOutcome', issue: issues } : undefined;
}

async function matching(api: FhirApi, type: string, condition: string): Promise<Resource[]> {
  const params = new URLSearchParams(condition);
  if ([...params.keys()].some((k) => k !== 'identifier')) throw fhirError(400, 'not-supported', 'If-None-Exist supports identifier= only');
  const bundle = (await api.repo.search({ resourceType: type as never, filters: [...params.entries()].map(([code, value]) => ({ code, operator: 'eq' as never, value })) })) as unknown as Bundle;
  return (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
}

function created(target: FhirRequestTarget, resource: Resource, status: number): WriteAnswer {
  const location = `${target.fhirBaseUrl}/${resource.resourceType}/${resource.id}${resource.meta?.versionId ? `/_history/${resource.meta.versionId}` : ''}`;
  return { status, body: resource, headers: { Location: location, ...(resource.meta?.versionId ? { ETag: `W/"${resource.meta.versionId}"` } : {}) } };
}

/** POST [base]/[type]. Throws FhirHttpError for every refusal. */
export async function createResource(api: FhirApi, req: IncomingMessage, token: AccessToken, type: string, target: FhirRequestTarget): Promise<WriteAnswer> {
  if (!WRITABLE_TYPES.includes(type)) throw fhirError(405, 'not-supported', `This sandbox accepts creates of ${WRITABLE_TYPES.join(', ')} only`);
  const access = authorizeType(token, type, 'c');
  const resource = await parseBody(req, type);
  if (token.simulation === 'write_denied') throw fhirError(403, 'forbidden', `Simulation: this EHR does not let the app create ${type} (write_denied)`);
  if (access.patientOnly) {
    const owners = patientsOf(resource);
    if (owners.length === 0 || owners.some((p) => p !== token.patient)) throw forbiddenPatient(owners.find((p) => p !== token.patient) ?? '(none)', token.patient);
  }
  if (token.simulation === 'write_invalid') {
    throw new FhirHttpError(422, operationOutcome('invariant', `Simulation: ${type} rejected by the EHR's profile validation (write_invalid)`));
  }
  const problems = validationOutcome(resource);
  if (problems) throw new FhirHttpError(422, problems);

  const condition = req.headers['if-none-exist'];
  if (typeof condition === 'string' && condition.trim()) {
    const existing = await matching(api, type, condition.trim());
    if (existing.length > 1) throw fhirError(412, 'duplicate', `If-None-Exist matched ${existing.length} ${type} resources`);
    if (existing.length === 1) return created(target, existing[0]!, 200);
  }
  const { id: _clientId, meta: _clientMeta, ...content } = resource;
  const stored = (await api.repo.createResource(content as MedplumResource)) as unknown as Resource;

  if (token.simulation === 'write_server_error') {
    const seen = failedOnce.get(api.grants) ?? new Set<string>();
    failedOnce.set(api.grants, seen);
    const key = `${token.family}:${type}`;
    if (!seen.has(key)) {
      seen.add(key);
      throw fhirError(500, 'exception', `Simulation: the server failed after storing the ${type} (write_server_error)`);
    }
  }
  return created(target, stored, 201);
}
