// The sandbox's Bulk Data endpoints (FHIR Bulk Data Access 2.0, SMART Backend Services), on the EHR origin:
//   {base}/Group/{id}/$export, {base}/Patient/$export   kick-off (GET, or POST with a Parameters body)
//   {base}/Group/{id}                                    the Group of the sample population
//   /bulk/status/{job}                                   GET polls, DELETE cancels
//   /bulk/files/{job}/{name}                             NDJSON, bearer token required
// where {base} is /fhir, or /bulk-sim/<simulation>/fhir for one of ./simulations.ts (that base also serves its own
// .well-known/smart-configuration and metadata, so a client can be pointed at it alone).
// Tokens come from the shared token endpoint (/auth/token, grant_type=client_credentials: ./tokens.ts).
// _typeFilter is not supported, and a type asked for with one is silently left out of the manifest: that is what
// the SMART reference bulk server does, and the client must notice (a requested type missing from the manifest).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MemoryRepository } from '@medplum/fhir-router';
import { BodyTooLargeError, readBody } from '../../http-kit/body';
import { sendFhirJson, sendJson } from '../../http-kit/respond';
import { operationOutcome } from '../fhir/outcome';
import type { PatientDirectory } from '../patient-directory';
import { EXPORTABLE_TYPES, exportLines } from './export-data';
import { JobStore, splitIntoFiles, type ExportFile, type ExportJob } from './jobs';
import { BULK_SIMULATIONS, ERROR_FILE_PATIENT, ERROR_FILE_TYPE, SIMULATED_TYPE, parseBulkSimulation, type BulkSimulation } from './simulations';
import { BulkTokens, grantReads, type BulkGrant } from './tokens';

export const SAMPLE_GROUP_ID = 'sample-population';
const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);

export interface BulkDeps {
  origin: string;
  tokenUrl: string;
  repo: MemoryRepository;
  patients: PatientDirectory;
  tokens: BulkTokens;
  jobs: JobStore;
  /** Seconds a client is told to wait between polls (Retry-After). */
  retryAfterSeconds: number;
  /** Status polls that answer "in progress" before the manifest. */
  pollsBeforeDone: number;
}

const BASE = new RegExp(`^(/fhir|/bulk-sim/(${BULK_SIMULATIONS.join('|')})/fhir)(/.*)?$`);

function fail(res: ServerResponse, status: number, code: Parameters<typeof operationOutcome>[0], message: string, headers: Record<string, string> = {}): void {
  sendFhirJson(res, status, operationOutcome(code, message), headers);
}

function authorized(deps: BulkDeps, req: IncomingMessage, res: ServerResponse): BulkGrant | undefined {
  const grant = deps.tokens.check(req.headers.authorization);
  if (grant && grant !== 'expired') return grant;
  fail(res, 401, 'login', grant === 'expired' ? 'The access token expired: get a new one' : 'A Backend Services bearer token is required', {
    'WWW-Authenticate': 'Bearer realm="bulk"',
  });
  return undefined;
}

interface KickOff {
  types?: string[];
  since?: string;
  typeFilters: string[];
  patients?: string[];
  outputFormat?: string;
}

function kickOffFromQuery(query: URLSearchParams): KickOff {
  const types = query.getAll('_type').flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  return {
    ...(types.length ? { types } : {}),
    ...(query.get('_since') ? { since: query.get('_since')! } : {}),
    typeFilters: query.getAll('_typeFilter').flatMap((t) => t.split(',')),
    ...(query.get('_outputFormat') ? { outputFormat: query.get('_outputFormat')! } : {}),
  };
}

function kickOffFromParameters(body: unknown): KickOff {
  const params = (body as { resourceType?: string; parameter?: Array<Record<string, unknown>> }) ?? {};
  if (params.resourceType !== 'Parameters') throw new Error('The POST body must be a FHIR Parameters resource');
  const kick: KickOff = { typeFilters: [] };
  for (const p of params.parameter ?? []) {
    const text = typeof p.valueString === 'string' ? p.valueString : typeof p.valueInstant === 'string' ? p.valueInstant : undefined;
    if (p.name === '_type' && text) kick.types = [...(kick.types ?? []), ...text.split(',').map((t) => t.trim()).filter(Boolean)];
    else if (p.name === '_since' && text) kick.since = text;
    else if (p.name === '_typeFilter' && text) kick.typeFilters.push(text);
    else if (p.name === '_outputFormat' && text) kick.outputFormat = text;
    else if (p.name === 'patient') {
      const ref = (p.valueReference as { reference?: unknown } | undefined)?.reference;
      if (typeof ref !== 'string') throw new Error('Each patient parameter needs valueReference.reference');
      kick.patients = [...(kick.patients ?? []), ref.replace(/^Patient\//, '')];
    }
  }
  return kick;
}

async function kickOff(deps: BulkDeps, req: IncomingMessage, res: ServerResponse, url: URL, simulation: BulkSimulation, groupId?: string): Promise<void> {
  const grant = authorized(deps, req, res);
  if (!grant) return;
  if (!/respond-async/i.test(String(req.headers.prefer ?? ''))) return fail(res, 400, 'invalid', 'Send Prefer: respond-async');
  let kick: KickOff;
  try {
    kick = req.method === 'POST' ? kickOffFromParameters(JSON.parse(await readBody(req, 1024 * 1024))) : kickOffFromQuery(url.searchParams);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return fail(res, 413, 'too-costly', 'The kick-off body is too large');
    return fail(res, 400, 'invalid', `Unreadable kick-off request: ${(error as Error).message}`);
  }
  if (kick.outputFormat && !NDJSON_FORMATS.has(kick.outputFormat)) return fail(res, 400, 'not-supported', `_outputFormat ${kick.outputFormat} is not supported (ndjson only)`);
  if (kick.since && Number.isNaN(Date.parse(kick.since))) return fail(res, 400, 'invalid', `_since must be a FHIR instant (got "${kick.since}")`);
  const unknown = (kick.types ?? []).filter((t) => !EXPORTABLE_TYPES.includes(t));
  if (unknown.length) return fail(res, 400, 'not-supported', `Types not exported here: ${unknown.join(', ')}`);
  const types = kick.types ?? [...EXPORTABLE_TYPES];
  const denied = types.filter((t) => !grantReads(grant, t));
  if (denied.length) return fail(res, 403, 'forbidden', `The token does not grant reading ${denied.join(', ')}`);

  const population = deps.patients.list().map((p) => p.id);
  if (groupId !== undefined && groupId !== SAMPLE_GROUP_ID) return fail(res, 404, 'not-found', `Unknown Group "${groupId}" (the sandbox has ${SAMPLE_GROUP_ID})`);
  if (kick.patients && simulation === 'no_patient_param') return fail(res, 400, 'not-supported', 'The patient parameter is not supported by this server');
  const notMembers = (kick.patients ?? []).filter((p) => !population.includes(p));
  if (notMembers.length) return fail(res, 400, 'invalid', `Not in the ${groupId ? 'Group' : 'population'}: ${notMembers.join(', ')}`);
  const patients = new Set(kick.patients ?? population);

  // _typeFilter is not applied: the types it names are left out, silently (see the header comment).
  const filtered = new Set(kick.typeFilters.map((f) => f.split('?')[0]!.trim()));
  const delivered = types.filter((t) => !filtered.has(t) && !(simulation === 'missing_type' && t === SIMULATED_TYPE));
  const lines = await exportLines(deps.repo, { types: delivered, patients, ...(kick.since ? { since: kick.since } : {}) });

  const errors: ExportFile[] = [];
  if (simulation === 'error_file' && lines.has(ERROR_FILE_TYPE)) {
    const victim = errorFilePatient(lines.get(ERROR_FILE_TYPE)!, patients);
    if (victim) {
      const kept = lines.get(ERROR_FILE_TYPE)!.filter((l) => !l.includes(`"Patient/${victim}"`));
      const lost = lines.get(ERROR_FILE_TYPE)!.length - kept.length;
      lines.set(ERROR_FILE_TYPE, kept);
      const outcome = operationOutcome('exception', `${ERROR_FILE_TYPE}: ${lost} resource(s) of Patient/${victim} could not be exported (storage error)`);
      outcome.issue[0]!.expression = [ERROR_FILE_TYPE];
      errors.push({ type: 'OperationOutcome', name: 'err.OperationOutcome.ndjson', lines: [JSON.stringify(outcome)] });
    }
  }
  if (simulation === 'inline_outcome' && lines.has('Condition')) {
    const outcome = operationOutcome('incomplete', 'Some Condition resources were omitted from this file (sensitive category)', 'warning');
    lines.get('Condition')!.push(JSON.stringify(outcome));
  }
  const output: ExportFile[] = [];
  // Every delivered type is listed, an empty file when it has no resources: here a missing type always means dropped.
  for (const [type, typeLines] of lines) {
    output.push(...splitIntoFiles(type, typeLines, output.length));
  }
  const job = deps.jobs.add({
    clientId: grant.clientId,
    simulation,
    request: url.toString(),
    transactionTime: new Date().toISOString(),
    output,
    errors,
    tooManyLeft: simulation === 'status_429' ? 2 : 0,
    transientStatusLeft: simulation === 'transient_500' ? 1 : 0,
    transientDownloadLeft: simulation === 'transient_500' ? 1 : 0,
  });
  res.writeHead(202, { 'Content-Location': `${deps.origin}/bulk/status/${job.id}`, 'Content-Length': 0 });
  res.end();
}

function errorFilePatient(lines: string[], patients: Set<string>): string | undefined {
  if (patients.has(ERROR_FILE_PATIENT) && lines.some((l) => l.includes(`"Patient/${ERROR_FILE_PATIENT}"`))) return ERROR_FILE_PATIENT;
  for (const line of lines) {
    const id = /"Patient\/([^"]+)"/.exec(line)?.[1];
    if (id && patients.has(id)) return id;
  }
  return undefined;
}

function status(deps: BulkDeps, req: IncomingMessage, res: ServerResponse, jobId: string): void {
  const grant = authorized(deps, req, res);
  if (!grant) return;
  const job = deps.jobs.get(jobId);
  if (!job || job.clientId !== grant.clientId) return fail(res, 404, 'not-found', 'No such export (finished and deleted, cancelled, or never started)');
  if (req.method === 'DELETE') {
    deps.jobs.delete(jobId);
    return sendFhirJson(res, 202, operationOutcome('informational', 'Export cancelled and its files deleted', 'information'));
  }
  const retry = { 'Retry-After': String(deps.retryAfterSeconds) };
  if (job.tooManyLeft > 0) {
    job.tooManyLeft -= 1;
    return fail(res, 429, 'throttled', 'Polling too often', retry);
  }
  if (job.transientStatusLeft > 0) {
    job.transientStatusLeft -= 1;
    return fail(res, 500, 'transient', 'The export worker restarted; poll again', retry);
  }
  job.polls += 1;
  if (job.polls <= deps.pollsBeforeDone) {
    const percent = Math.round((100 * job.polls) / (deps.pollsBeforeDone + 1));
    res.writeHead(202, { ...retry, 'X-Progress': `${percent}% (exporting ${new Set(job.output.map((f) => f.type)).size} types)`, 'Content-Length': 0 });
    return void res.end();
  }
  const fileUrl = (f: ExportFile) => `${deps.origin}/bulk/files/${job.id}/${f.name}`;
  sendJson(res, 200, manifest(job, fileUrl), { Expires: new Date(Date.now() + 3600_000).toUTCString() });
}

function manifest(job: ExportJob, fileUrl: (f: ExportFile) => string) {
  return {
    transactionTime: job.transactionTime,
    request: job.request,
    requiresAccessToken: true,
    output: job.output.map((f) => ({ type: f.type, url: fileUrl(f), count: f.lines.length })),
    error: job.errors.map((f) => ({ type: 'OperationOutcome', url: fileUrl(f) })),
  };
}

function file(deps: BulkDeps, req: IncomingMessage, res: ServerResponse, jobId: string, name: string): void {
  const grant = authorized(deps, req, res);
  if (!grant) return;
  const job = deps.jobs.get(jobId);
  const found = job && job.clientId === grant.clientId ? [...job.output, ...job.errors].find((f) => f.name === name) : undefined;
  if (!job || !found) return fail(res, 404, 'not-found', 'No such file');
  if (job.simulation === 'expired_file' && found.type === SIMULATED_TYPE) return fail(res, 410, 'expired', 'This file link has expired: start a new export');
  if (job.transientDownloadLeft > 0) {
    job.transientDownloadLeft -= 1;
    return fail(res, 500, 'transient', 'Storage busy; download again', { 'Retry-After': String(deps.retryAfterSeconds) });
  }
  const body = found.lines.length ? `${found.lines.join('\n')}\n` : '';
  res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function group(deps: BulkDeps, res: ServerResponse, base: string) {
  const members = deps.patients.list().map((p) => ({ entity: { reference: `Patient/${p.id}`, display: p.name } }));
  sendFhirJson(res, 200, {
    resourceType: 'Group',
    id: SAMPLE_GROUP_ID,
    type: 'person',
    actual: true,
    name: 'Sample population of the sandbox (every launcher patient)',
    quantity: members.length,
    member: members,
    meta: { source: base },
  });
}

function backendConfiguration(deps: BulkDeps) {
  return {
    issuer: deps.origin,
    token_endpoint: deps.tokenUrl,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    scopes_supported: ['system/*.rs', 'system/*.read'],
    capabilities: ['client-confidential-asymmetric', 'permission-v2'],
  };
}

function capability(base: string) {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    implementation: { description: 'Sandbox bulk export (simulation base)', url: base },
    instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
    rest: [{
      mode: 'server',
      resource: [
        { type: 'Group', operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export' }] },
        { type: 'Patient', operation: [{ name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export' }] },
      ],
    }],
  };
}

/** Answers a bulk request and returns true, or returns false for any other request. */
export async function handleBulkRequest(deps: BulkDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  const statusMatch = /^\/bulk\/status\/([A-Za-z0-9_-]+)$/.exec(path);
  if (statusMatch && (req.method === 'GET' || req.method === 'DELETE')) return status(deps, req, res, statusMatch[1]!), true;
  const fileMatch = /^\/bulk\/files\/([A-Za-z0-9_-]+)\/([A-Za-z0-9.]+)$/.exec(path);
  if (fileMatch && req.method === 'GET') return file(deps, req, res, fileMatch[1]!, fileMatch[2]!), true;
  const base = BASE.exec(path);
  if (!base) return false;
  const simulation = parseBulkSimulation(base[2]) ?? 'none';
  const rest = base[3] ?? '';
  const baseUrl = `${deps.origin}${base[1]}`;
  const isKick = req.method === 'GET' || req.method === 'POST';
  if (rest === '/Patient/$export' && isKick) return await kickOff(deps, req, res, url, simulation), true;
  const groupExport = /^\/Group\/([^/]+)\/\$export$/.exec(rest);
  if (groupExport && isKick) return await kickOff(deps, req, res, url, simulation, decodeURIComponent(groupExport[1]!)), true;
  if (rest === `/Group/${SAMPLE_GROUP_ID}` && req.method === 'GET') {
    if (!authorized(deps, req, res)) return true;
    return group(deps, res, baseUrl), true;
  }
  if (simulation !== 'none' || base[2]) {
    if (rest === '/.well-known/smart-configuration') return sendJson(res, 200, backendConfiguration(deps)), true;
    if (rest === '/metadata') return sendFhirJson(res, 200, capability(baseUrl)), true;
    fail(res, 404, 'not-supported', 'A bulk simulation base answers $export only');
    return true;
  }
  return false;
}
