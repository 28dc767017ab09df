// The FHIR REST endpoint: read and search, and the creates the app's write-back makes (./writes.ts), behind
// SMART access control, over Medplum's router and in-memory repository. Every error is an OperationOutcome.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getSearchParameter, getStatus, isOk, isResourceType, OperationOutcomeError } from '@medplum/core';
import { makeSimpleRequest, type FhirRouter, type MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import type { GrantStore } from '../auth/grants';
import { sendFhirJson, sendJson } from '../../http-kit/respond';
import { authenticate, authorizeType, forbiddenPatient, inPatientCompartment, type AccessScope } from './access-control';
import { grantView } from './grant-view';
import { fhirError, FhirHttpError, operationOutcome } from './outcome';
import { normaliseSearch, patientsNamed } from './search-query';
import { toSearchset } from './search-bundle';
import { createResource } from './writes';
import { parseSort, sortResources } from './search-sort';
import { ehrProfile, finishPage, searchRules, type EhrProfileName } from './ehr-profiles';
import { answerBatch } from './batch';

export interface FhirApi {
  repo: MemoryRepository;
  router: FhirRouter;
  grants: GrantStore;
  /** The CapabilityStatement of this EHR profile (./ehr-profiles.ts), or of the plain sandbox. */
  capabilityStatement(fhirBaseUrl: string, profile?: EhrProfileName): unknown;
  /** The sandbox's EHR profile for tokens whose launch chose none (./ehr-profiles.ts); undefined: the plain sandbox. */
  ehrProfile?: EhrProfileName;
  smartConfiguration(fhirBaseUrl: string): unknown;
}

export interface FhirRequestTarget {
  /** The base URL the request came through (`.../fhir` or a simulation alias). */
  fhirBaseUrl: string;
  /** Path below the base, without leading slash: "Condition", "Patient/123", "metadata". */
  path: string;
  query: URLSearchParams;
}

async function routed(api: FhirApi, path: string): Promise<Resource> {
  let outcome: OperationOutcome;
  let resource: Resource | undefined;
  try {
    [outcome, resource] = (await api.router.handleRequest(makeSimpleRequest('GET', path), api.repo)) as unknown as [OperationOutcome, Resource?];
  } catch (error) {
    if (error instanceof OperationOutcomeError) throw new FhirHttpError(getStatus(error.outcome), error.outcome as unknown as OperationOutcome);
    throw error;
  }
  if (!isOk(outcome as never) || !resource) throw new FhirHttpError(getStatus(outcome as never) || 500, outcome);
  return resource;
}

async function read(api: FhirApi, access: AccessScope, type: string, id: string): Promise<Resource> {
  if (access.patientOnly && type === 'Patient' && id !== access.token.patient) throw forbiddenPatient(id, access.token.patient);
  const stored = await routed(api, `/${type}/${encodeURIComponent(id)}`);
  if (access.patientOnly && !inPatientCompartment(stored, access.token.patient)) throw forbiddenPatient(id, access.token.patient);
  const view = grantView(access.token, type, 'r');
  const resource = view ? view.present(stored) : stored;
  if (view && !view.matches(resource, new URLSearchParams())) throw fhirError(403, 'forbidden', `${type}/${id} is outside the granted scope (${access.token.scope})`);
  return resource;
}

/** Narrows a patient-only search to the token's patient, refusing searches about anyone else. */
function confineToPatient(type: string, params: URLSearchParams, patient: string): void {
  if (type === 'Patient') {
    const ids = params.getAll('_id').flatMap((v) => v.split(','));
    const other = ids.find((id) => id !== patient);
    if (other) throw forbiddenPatient(other, patient);
    params.set('_id', patient);
    return;
  }
  const named = patientsNamed(params);
  const other = named.find((id) => id !== patient);
  if (other) throw forbiddenPatient(other, patient);
  if (named.length > 0) return;
  if (getSearchParameter(type, 'patient')) params.set('patient', `Patient/${patient}`);
  else if (getSearchParameter(type, 'subject')) params.set('subject', `Patient/${patient}`);
}

async function search(api: FhirApi, access: AccessScope, type: string, target: FhirRequestTarget): Promise<Bundle> {
  const normalised = normaliseSearch(target.query);
  // Simulation: a server that does not honour `_sort` (some return the oldest first); the app must notice (issue 12).
  if (access.token.simulation === 'ignores_sort') normalised.params.set('_sort', 'date');
  // The EHR profile of the launch (else the sandbox's): refusals and defaults now, the status filter after the page.
  const profile = ehrProfile(access.token.ehrProfile ?? api.ehrProfile);
  const rules = profile ? searchRules(profile, type, normalised.params, normalised.count) : undefined;
  if (rules) normalised.count = rules.count;
  if (access.patientOnly && access.token.patient) confineToPatient(type, normalised.params, access.token.patient);
  const sort = parseSort(normalised.params.get('_sort'));
  const view = grantView(access.token, type, 's');
  const query = view ? view.storedParams(normalised.params) : new URLSearchParams(normalised.params);
  if (rules?.statusKept) query.delete('status');
  let result: Bundle;
  if ((sort.length === 0 || normalised.summaryCount) && !view) {
    query.set('_count', String(normalised.count));
    query.set('_offset', String(normalised.offset));
    result = (await routed(api, `/${type}?${query.toString()}`)) as Bundle;
  } else {
    // Sorted or grant-filtered searches: every match from Medplum, then the grant's view, then our sort, then the page.
    query.delete('_sort');
    query.delete('_summary');
    const all = (await routed(api, `/${type}?${query.toString()}`)) as Bundle;
    const stored = (all.entry ?? []).flatMap((e) => (e.resource ? [e.resource] : []));
    const visible = view ? stored.map((r) => view.present(r)).filter((r) => view.matches(r, normalised.params)) : stored;
    const sorted = sortResources(visible, sort);
    const page = sorted.slice(normalised.offset, normalised.offset + normalised.count);
    result = { resourceType: 'Bundle', type: 'searchset', total: sorted.length, entry: page.map((resource) => ({ resource })) };
  }
  const bundle = await toSearchset(
    {
      baseUrl: target.fhirBaseUrl,
      resourceType: type,
      search: normalised,
      readReference: async (reference) => {
        const [refType, refId] = reference.split('/');
        if (!refType || !refId || !isResourceType(refType)) return undefined;
        try {
          return await read(api, authorizeType(access.token, refType, 'r'), refType, refId);
        } catch {
          return undefined; // an include the token may not see is left out, not an error
        }
      },
    },
    result,
  );
  return profile && rules ? finishPage(profile, rules, bundle) : bundle;
}

/** The profile a request's bearer token carries (its launch's), else the sandbox's; no token needed (metadata is open). */
function requestProfile(api: FhirApi, req: IncomingMessage): EhrProfileName | undefined {
  try {
    return authenticate(req, api.grants).ehrProfile ?? api.ehrProfile;
  } catch {
    return api.ehrProfile;
  }
}

/** The answer to a FHIR request, before it is written (exported for fault injection, ./faults.ts). Throws FhirHttpError. */
export async function fhirAnswer(api: FhirApi, req: IncomingMessage, target: FhirRequestTarget): Promise<{ status: number; body: unknown; json?: boolean; headers?: Record<string, string> }> {
  const path = target.path.replace(/\/+$/, '');
  if (path === '.well-known/smart-configuration') return { status: 200, body: api.smartConfiguration(target.fhirBaseUrl), json: true };
  if (req.method === 'POST' && isResourceType(path)) return createResource(api, req, authenticate(req, api.grants), path, target);
  // A batch of reads and searches (./batch.ts), each answered as its GET; refused by profiles that do not batch.
  if (req.method === 'POST' && path === '') {
    const profile = ehrProfile(requestProfile(api, req));
    if (profile && !profile.batch) throw fhirError(405, 'not-supported', `batch is not supported by this server (${profile.name})`);
    // The request's own token first, as HAPI and Medplum do: an expired one refuses the batch (401), not each entry.
    authenticate(req, api.grants);
    return { status: 200, body: await answerBatch(req, target, (get, entry) => fhirAnswer(api, get, entry)) };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    throw fhirError(405, 'not-supported', `${req.method} is not supported: this sandbox serves read, search and create only`);
  }
  if (path === 'metadata') return { status: 200, body: api.capabilityStatement(target.fhirBaseUrl, requestProfile(api, req)) };

  const token = authenticate(req, api.grants);
  const segments = path.split('/').map(decodeURIComponent);
  const [type, id, extra] = segments;
  if (!type || extra !== undefined || !isResourceType(type)) {
    throw fhirError(404, 'not-found', `Unknown resource type or path: ${path || '(empty)'}`);
  }
  if (id !== undefined) {
    if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw fhirError(400, 'invalid', `Invalid resource id: ${id}`);
    return { status: 200, body: await read(api, authorizeType(token, type, 'r'), type, id) };
  }
  return { status: 200, body: await search(api, authorizeType(token, type, 's'), type, target) };
}

export async function handleFhirRequest(api: FhirApi, req: IncomingMessage, res: ServerResponse, target: FhirRequestTarget): Promise<void> {
  try {
    const { status, body, json, headers } = await fhirAnswer(api, req, target);
    if (json) sendJson(res, status, body);
    else sendFhirJson(res, status, body, headers);
  } catch (error) {
    if (error instanceof FhirHttpError) {
      sendFhirJson(res, error.status, error.outcome, error.headers);
    } else {
      sendFhirJson(res, 500, operationOutcome('exception', `Internal error: ${(error as Error).message}`));
    }
  }
}
