// Fault injection for tests: `startSandbox({ faults: { Observation: { status: 403 } } })` makes the FHIR
// API misbehave for one resource type (its searches and its reads) the way real EHRs and their proxies
// do, so the app's handling of each failure can be shown in a browser. Faults apply after
// authentication: a request without a valid token still gets the ordinary 401. Off by default; with no
// `faults` option the FHIR API is untouched.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isResourceType } from '@medplum/core';
import { makeSimpleRequest } from '@medplum/fhir-router';
import type { Bundle, BundleLink, OperationOutcome, Resource } from 'fhir/r4';
import { authenticate } from './access-control';
import { fhirAnswer, handleFhirRequest, type FhirApi, type FhirRequestTarget } from './fhir-api';
import { FhirHttpError, operationOutcome, type IssueCode } from './outcome';
import { sendFhirJson } from '../../http-kit/respond';
import { toSearchset } from './search-bundle';
import { normaliseSearch } from './search-query';

export type FaultStatus = 401 | 403 | 404 | 410 | 429 | 500 | 503;

interface Repeat {
  /** Fail only the first N requests for the type, then answer normally (e.g. a 429 that clears). */
  times?: number;
}

export type Fault = Repeat &
  (
    | {
        status: FaultStatus;
        /** The error body: a FHIR OperationOutcome (default), a proxy's HTML page, or nothing. */
        body?: 'operation-outcome' | 'html' | 'none';
        /** Seconds, sent as Retry-After (and exposed to browsers through CORS). */
        retryAfter?: number;
      }
    /** Never answers; the connection stays open until the client gives up or the sandbox closes. */
    | { kind: 'hang' }
    /** The usual JSON, cut in the middle (a complete HTTP response whose body is not valid JSON). */
    | { kind: 'truncated' }
    /** 200 with an HTML page (a login or gateway page in front of the FHIR server). */
    | { kind: 'not-json' }
    /** 200 with an OperationOutcome where a Bundle (or the resource) was expected. */
    | { kind: 'operation-outcome-200' }
    /** The usual first page, with a `next` link pointing at the very URL requested. */
    | { kind: 'next-loop' }
    /** The usual first page, with a `next` link to another origin. */
    | { kind: 'next-foreign'; origin?: string }
    /** A search with `total` results, generated on the fly (never stored), served in pages. */
    | { kind: 'many'; total: number }
    /**
     * The usual search answer without the resources of these ids, and an OperationOutcome entry
     * (`search.mode: outcome`) saying results were left out, as Oracle Health does. Reads are untouched.
     */
    | { kind: 'omitted'; ids: string[]; severity?: 'information' | 'warning' | 'error'; text?: string }
    /**
     * A server that ignores `patient=` (or a proxy that caches across patients): a search answers with this other
     * patient's resources of the type mixed in; a read of Patient answers with this other patient.
     */
    | { kind: 'other-patient'; patient: string }
    /** 302 to the same path on another origin (a misconfigured proxy, or a server trying to take the request elsewhere). */
    | { kind: 'redirect-foreign'; origin?: string }
    /** A server that ignores `_sort` and answers every search oldest first (issue 12: plan v2 must notice). */
    | { kind: 'ignores-sort' }
  );

/** Resource type (as searched or read) to its fault. */
export type FaultMap = Partial<Record<string, Fault>>;

export const DEFAULT_FOREIGN_ORIGIN = 'http://127.0.0.2:9';

/** Counts requests per resource type, so `times` can let later ones through. */
export class FaultInjector {
  private readonly counts = new Map<string, number>();

  constructor(private readonly faults: FaultMap) {}

  /** True when any fault is configured. */
  get injecting(): boolean {
    return Object.values(this.faults).some((fault) => fault !== undefined);
  }

  /** The fault for this request (counting it), or undefined when the request is to be answered normally. */
  take(resourceType: string): Fault | undefined {
    const fault = this.faults[resourceType];
    if (!fault) return undefined;
    const count = (this.counts.get(resourceType) ?? 0) + 1;
    this.counts.set(resourceType, count);
    return fault.times === undefined || count <= fault.times ? fault : undefined;
  }
}

const REASONS: Record<FaultStatus, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const ISSUE_CODES: Record<FaultStatus, IssueCode> = {
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  410: 'deleted',
  429: 'throttled',
  500: 'exception',
  503: 'transient',
};

/** The OperationOutcome text a status fault sends: tests look for it in what the app shows. */
export function faultDiagnostics(resourceType: string, status: FaultStatus): string {
  if (status === 401) return 'The access token has expired (fault injected by the sandbox)';
  return `Fault injected by the sandbox: ${resourceType} answers ${status} ${REASONS[status]}`;
}

export const OMITTED_TEXT = 'Some results were left out: they are restricted at this facility (fault injected by the sandbox)';

/** The search answer with the resources of `ids` taken out and an outcome entry saying so. */
function withOmissions(bundle: Bundle, fault: Extract<Fault, { kind: 'omitted' }>): Bundle {
  const hidden = new Set(fault.ids);
  const kept = (bundle.entry ?? []).filter((e) => !(e.resource?.id && hidden.has(e.resource.id)));
  const outcome = operationOutcome('suppressed', fault.text ?? OMITTED_TEXT, fault.severity ?? 'warning');
  return { ...bundle, entry: [...kept, { resource: outcome, search: { mode: 'outcome' } }] };
}

export const OPERATION_OUTCOME_200_TEXT = 'The search could not be completed: too many matches (fault injected by the sandbox)';

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', ...headers });
  res.end(body);
}

const FHIR_JSON = { 'Content-Type': 'application/fhir+json; charset=utf-8' };
const HTML = { 'Content-Type': 'text/html; charset=utf-8' };

function sendStatusFault(res: ServerResponse, resourceType: string, fault: Extract<Fault, { status: FaultStatus }>): void {
  const headers: Record<string, string> = {};
  if (fault.retryAfter !== undefined) {
    headers['Retry-After'] = String(fault.retryAfter);
    // Browsers hide Retry-After from scripts unless CORS exposes it (it is not a safelisted header).
    const exposed = res.getHeader('Access-Control-Expose-Headers');
    if (exposed) headers['Access-Control-Expose-Headers'] = `${String(exposed)}, Retry-After`;
  }
  if (fault.status === 401) headers['WWW-Authenticate'] = 'Bearer error="invalid_token", error_description="The access token has expired"';
  const body = fault.body ?? 'operation-outcome';
  if (body === 'none') return send(res, fault.status, '', headers);
  if (body === 'html') {
    const title = `${fault.status} ${REASONS[fault.status]}`;
    const page = `<!doctype html><html><head><title>${title}</title></head><body><h1>${title}</h1><hr><p>gateway</p></body></html>`;
    return send(res, fault.status, page, { ...HTML, ...headers });
  }
  const outcome = operationOutcome(ISSUE_CODES[fault.status], faultDiagnostics(resourceType, fault.status));
  send(res, fault.status, JSON.stringify(outcome), { ...FHIR_JSON, ...headers });
}

const NOT_JSON_PAGE =
  '<!doctype html><html><head><title>Sign in</title></head><body><h1>Single sign-on</h1><p>Your session with the gateway ended. Sign in to continue.</p></body></html>';

/** A minimal valid resource of the type, belonging to the patient (for `many`). */
export function minimalResource(type: string, id: string, patient: string): Resource {
  const subject = { reference: `Patient/${patient}` };
  const text = { text: `Generated ${type} (fault injection)` };
  const shapes: Record<string, Record<string, unknown>> = {
    Condition: { subject, code: text },
    Observation: { status: 'final', code: text, subject },
    DiagnosticReport: { status: 'final', code: text, subject },
    ImagingStudy: { status: 'available', subject },
    Procedure: { status: 'completed', code: text, subject },
    MedicationRequest: { status: 'completed', intent: 'order', medicationCodeableConcept: text, subject },
    MedicationStatement: { status: 'completed', medicationCodeableConcept: text, subject },
    ServiceRequest: { status: 'completed', intent: 'order', code: text, subject },
    AllergyIntolerance: {
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'inactive' }] },
      code: text,
      patient: subject,
    },
    Encounter: { status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' }, subject },
    CarePlan: { status: 'completed', intent: 'plan', subject },
    DeviceRequest: { status: 'completed', intent: 'order', codeCodeableConcept: text, subject },
  };
  return { resourceType: type, id, ...(shapes[type] ?? { subject }) } as unknown as Resource;
}

async function manyPage(target: FhirRequestTarget, resourceType: string, patient: string, total: number): Promise<Bundle> {
  const search = normaliseSearch(target.query);
  const end = Math.min(total, search.offset + search.count);
  const entry = [];
  for (let i = search.offset; i < end; i++) entry.push({ resource: minimalResource(resourceType, `${patient}-many-${i + 1}`.slice(0, 64), patient) });
  const result: Bundle = { resourceType: 'Bundle', type: 'searchset', total, entry };
  return toSearchset({ baseUrl: target.fhirBaseUrl, resourceType, search, readReference: async () => undefined }, result);
}

/** The resources of `type` about `patient`, straight from the repository: no access control, as a careless proxy would. */
async function otherPatientsEntries(api: FhirApi, type: string, patient: string, baseUrl: string): Promise<NonNullable<Bundle['entry']>> {
  const path = type === 'Patient' ? `/Patient/${encodeURIComponent(patient)}` : `/${type}?patient=${encodeURIComponent(`Patient/${patient}`)}&_count=1000`;
  const [, result] = (await api.router.handleRequest(makeSimpleRequest('GET', path), api.repo)) as unknown as [unknown, Resource | undefined];
  const entries = result?.resourceType === 'Bundle' ? ((result as Bundle).entry ?? []) : result ? [{ resource: result }] : [];
  const resources = entries.flatMap((e) => (e.resource ? [e.resource] : []));
  return resources.map((resource) => ({ fullUrl: `${baseUrl}/${resource.resourceType}/${resource.id}`, resource, search: { mode: 'match' } }));
}

function withNext(bundle: Bundle, next: string): Bundle {
  const links: BundleLink[] = (bundle.link ?? []).filter((l) => l.relation !== 'next');
  return { ...bundle, link: [...links, { relation: 'next', url: next }] };
}

/** The resource type and kind of request, when the request is one a fault may apply to (authenticated FHIR read or search). */
function faultTarget(api: FhirApi, req: IncomingMessage, target: FhirRequestTarget) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
  const path = target.path.replace(/\/+$/, '');
  if (path === 'metadata' || path.startsWith('.well-known')) return undefined;
  let patient: string | undefined;
  try {
    patient = authenticate(req, api.grants).patient;
  } catch {
    return undefined; // no valid token: the ordinary 401
  }
  const [type, id, extra] = path.split('/');
  if (!type || extra !== undefined || !isResourceType(type)) return undefined;
  return { type, search: id === undefined, patient };
}

/** handleFhirRequest with the configured faults applied. */
export async function handleFhirRequestWithFaults(
  api: FhirApi,
  injector: FaultInjector,
  req: IncomingMessage,
  res: ServerResponse,
  target: FhirRequestTarget,
): Promise<void> {
  // A batch would answer its searches without meeting their faults: refused as by a server that does not batch, so the
  // app reads each search with its own GET and every fault applies to it (the batch itself: tests/sandbox).
  if (req.method === 'POST' && target.path.replace(/\/+$/, '') === '' && injector.injecting) {
    // The token first, as for any request: one that is not valid is a 401, not a 405.
    try {
      authenticate(req, api.grants);
    } catch (error) {
      if (error instanceof FhirHttpError) return sendFhirJson(res, error.status, error.outcome, error.headers);
      throw error;
    }
    return sendFhirJson(res, 405, operationOutcome('not-supported', 'batch is not answered while the sandbox injects faults'));
  }
  const matched = faultTarget(api, req, target);
  const fault = matched ? injector.take(matched.type) : undefined;
  if (!matched || !fault) return handleFhirRequest(api, req, res, target);
  const { type } = matched;

  if ('status' in fault) return sendStatusFault(res, type, fault);
  switch (fault.kind) {
    case 'hang':
      // Resolves only when the client gives up or the sandbox closes (close() destroys every connection).
      if (!res.destroyed) await new Promise<void>((resolve) => res.once('close', () => resolve()));
      return;
    case 'not-json':
      return send(res, 200, NOT_JSON_PAGE, HTML);
    case 'operation-outcome-200':
      return send(res, 200, JSON.stringify(operationOutcome('too-costly', OPERATION_OUTCOME_200_TEXT) satisfies OperationOutcome), FHIR_JSON);
    case 'many':
      if (!matched.search) break;
      {
        const patient = matched.patient ?? target.query.get('patient')?.replace(/^Patient\//, '') ?? 'unknown';
        return send(res, 200, JSON.stringify(await manyPage(target, type, patient, fault.total)), FHIR_JSON);
      }
    case 'ignores-sort': {
      if (!matched.search) break;
      const query = new URLSearchParams(target.query);
      query.set('_sort', 'date');
      return handleFhirRequest(api, req, res, { ...target, query });
    }
    case 'omitted': {
      if (!matched.search) break;
      let answer: Awaited<ReturnType<typeof fhirAnswer>>;
      try {
        answer = await fhirAnswer(api, req, target);
      } catch {
        break; // the request fails anyway: let the ordinary handler say why
      }
      return send(res, 200, JSON.stringify(withOmissions(answer.body as Bundle, fault)), FHIR_JSON);
    }
    case 'other-patient': {
      const others = await otherPatientsEntries(api, type, fault.patient, target.fhirBaseUrl);
      if (!matched.search) {
        if (type !== 'Patient' || !others[0]) break;
        return send(res, 200, JSON.stringify(others[0].resource), FHIR_JSON);
      }
      let answer: Awaited<ReturnType<typeof fhirAnswer>>;
      try {
        answer = await fhirAnswer(api, req, target);
      } catch {
        break;
      }
      const bundle = answer.body as Bundle;
      return send(res, 200, JSON.stringify({ ...bundle, entry: [...others, ...(bundle.entry ?? [])] } satisfies Bundle), FHIR_JSON);
    }
    case 'redirect-foreign': {
      const self = new URL(req.url ?? '', target.fhirBaseUrl);
      res.writeHead(302, { Location: `${fault.origin ?? DEFAULT_FOREIGN_ORIGIN}${self.pathname}${self.search}`, 'Content-Length': 0, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    case 'truncated':
    case 'next-loop':
    case 'next-foreign': {
      if (fault.kind !== 'truncated' && !matched.search) break;
      let answer: Awaited<ReturnType<typeof fhirAnswer>>;
      try {
        answer = await fhirAnswer(api, req, target);
      } catch {
        break; // the request fails anyway: let the ordinary handler say why
      }
      if (fault.kind === 'truncated') {
        const text = JSON.stringify(answer.body);
        return send(res, 200, text.slice(0, Math.floor(text.length / 2)), FHIR_JSON);
      }
      const self = new URL(req.url ?? '', target.fhirBaseUrl).href;
      const next =
        fault.kind === 'next-loop'
          ? self
          : `${fault.origin ?? DEFAULT_FOREIGN_ORIGIN}${new URL(self).pathname}${new URL(self).search}`;
      return send(res, 200, JSON.stringify(withNext(answer.body as Bundle, next)), FHIR_JSON);
    }
  }
  return handleFhirRequest(api, req, res, target);
}
