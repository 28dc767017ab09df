// A SMART EHR made of msw handlers: discovery, a token endpoint that checks the PKCE verifier, and a FHIR API
// that checks the bearer token, pages with `next` links and can fail per resource type.
import { createHash } from 'node:crypto';
import { http, HttpResponse, type HttpHandler } from 'msw';
import shippedConfig from '../../public/smart-config.json?raw';

export const EHR = 'http://localhost:4013';
export const ISS = `${EHR}/fhir`;
export const PATIENT_ID = 'p1';


export function operationOutcome(diagnostics: string, code = 'forbidden') {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] };
}

export interface MockEhrOptions {
  /** Extra token response fields (need_patient_banner, patient, expires_in, refresh_token...). */
  token?: Record<string, unknown>;
  /** Search results per resource type. */
  resources?: Record<string, Array<Record<string, unknown>>>;
  pageSize?: number;
  /** Replaces the answer for a resource type (searches) or 'Patient' (the read). */
  faults?: Record<string, () => Response>;
  /** The refresh_token grant's answer (default: 400 invalid_grant). */
  refresh?: () => Response;
}

export interface MockEhr {
  handlers: HttpHandler[];
  /** Every FHIR request: URL and Authorization header. */
  requests: Array<{ url: string; authorization: string | null }>;
  tokenRequests: URLSearchParams[];
  /** Set from the authorize URL the app produced (the EHR would have stored it at /authorize). */
  challenge?: string;
}

const isOutcome = (body: unknown): body is Record<string, unknown> => typeof body === 'object' && body !== null && (body as { resourceType?: unknown }).resourceType === 'OperationOutcome';

export const ACCESS_TOKEN = 'access-token-1';
export const AUTH_CODE = 'auth-code-1';

export function mockEhr(options: MockEhrOptions = {}): MockEhr {
  const ehr: MockEhr = { handlers: [], requests: [], tokenRequests: [] };
  const pageSize = options.pageSize ?? 100;
  const authorized = (request: Request) => request.headers.get('authorization') === `Bearer ${ACCESS_TOKEN}`;
  const unauthorized = () => HttpResponse.json(operationOutcome('Invalid or expired access token', 'login'), { status: 401 });

  /** A search's answer (its page of the type's resources), as a GET or a batch entry gets it. */
  const searchAnswer = (url: URL, type: string): Response => {
    if (url.searchParams.get('patient') !== PATIENT_ID && url.searchParams.get('patient') !== `Patient/${PATIENT_ID}`) {
      return HttpResponse.json(operationOutcome('patient is required', 'required'), { status: 400 });
    }
    const page = Number(url.searchParams.get('_page') ?? 0);
    const all = options.resources?.[type] ?? [];
    const link = [{ relation: 'self', url: url.href }];
    if ((page + 1) * pageSize < all.length) {
      const next = new URL(url.href);
      next.searchParams.set('_page', String(page + 1));
      link.push({ relation: 'next', url: next.href });
    }
    return HttpResponse.json({
      resourceType: 'Bundle', type: 'searchset', total: all.length, link,
      entry: all.slice(page * pageSize, (page + 1) * pageSize).map((resource) => ({ fullUrl: `${ISS}/${type}/${String(resource.id)}`, resource })),
    });
  };

  ehr.handlers = [
    http.get('*/smart-config.json', () => new HttpResponse(shippedConfig, { headers: { 'content-type': 'application/json' } })),
    http.get(`${ISS}/.well-known/smart-configuration`, () =>
      HttpResponse.json({
        authorization_endpoint: `${EHR}/auth/authorize`,
        token_endpoint: `${EHR}/auth/token`,
        code_challenge_methods_supported: ['S256'],
        capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'permission-v2'],
      }),
    ),
    http.post(`${EHR}/auth/token`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      ehr.tokenRequests.push(form);
      if (form.get('grant_type') === 'refresh_token') {
        return options.refresh?.() ?? HttpResponse.json({ error: 'invalid_grant', error_description: 'The refresh token has expired' }, { status: 400 });
      }
      const verifier = form.get('code_verifier') ?? '';
      const expected = createHash('sha256').update(verifier).digest('base64url');
      if (form.get('grant_type') !== 'authorization_code' || form.get('code') !== AUTH_CODE) {
        return HttpResponse.json({ error: 'invalid_grant', error_description: 'The authorization code was already used' }, { status: 400 });
      }
      if (!ehr.challenge || expected !== ehr.challenge) {
        return HttpResponse.json({ error: 'invalid_grant', error_description: 'PKCE verification failed' }, { status: 400 });
      }
      return HttpResponse.json({
        access_token: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600, scope: 'launch openid fhirUser online_access patient/*.rs',
        patient: PATIENT_ID, need_patient_banner: true, ...options.token,
      });
    }),
    http.get(`${ISS}/Patient/:id`, ({ request, params }) => {
      ehr.requests.push({ url: request.url, authorization: request.headers.get('authorization') });
      if (options.faults?.Patient) return options.faults.Patient();
      if (!authorized(request)) return unauthorized();
      if (params.id !== PATIENT_ID) return HttpResponse.json(operationOutcome(`Resource Patient/${String(params.id)} is not known`, 'not-found'), { status: 404 });
      return HttpResponse.json({ resourceType: 'Patient', id: PATIENT_ID, gender: 'female', birthDate: '1948-05-02', name: [{ given: ['Ada'], family: 'Quigley' }] });
    }),
    // The CapabilityStatement the loader checks its per-EHR search settings against (spec v3): the local entry's combo-code.
    http.get(`${ISS}/metadata`, () => HttpResponse.json({
      resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
      rest: [{ mode: 'server', resource: [{ type: 'Observation', searchParam: ['code', 'combo-code', 'category', 'date', 'status'].map((name) => ({ name, type: 'token' })) }] }],
    })),
    // A FHIR batch (the local entry's searchBatch): each GET entry answered as that search would be, its type's fault
    // included: an error status with its OperationOutcome (if the fault sent one), a success with its resource; a body
    // that is not JSON leaves the entry without a resource (the app reads it again with its GET, which meets the fault).
    http.post(ISS, async ({ request }) => {
      ehr.requests.push({ url: request.url, authorization: request.headers.get('authorization') });
      if (!authorized(request)) return unauthorized();
      const bundle = (await request.json()) as { entry?: Array<{ request?: { method?: string; url?: string } }> };
      const entry = await Promise.all((bundle.entry ?? []).map(async (e) => {
        const url = new URL(e.request?.url ?? '', `${ISS}/`);
        const type = url.pathname.slice(new URL(ISS).pathname.length + 1);
        const answer = options.faults?.[type]?.() ?? searchAnswer(url, type);
        let body: unknown;
        try {
          body = JSON.parse(await answer.text());
        } catch {
          body = undefined;
        }
        const status = String(answer.status);
        if (answer.status >= 400) return { response: { status, ...(isOutcome(body) ? { outcome: body } : {}) } };
        return { ...(body === undefined ? {} : { resource: body }), response: { status } };
      }));
      return HttpResponse.json({ resourceType: 'Bundle', type: 'batch-response', entry });
    }),
    http.get(`${ISS}/:type`, ({ request, params }) => {
      ehr.requests.push({ url: request.url, authorization: request.headers.get('authorization') });
      const type = String(params.type);
      if (!authorized(request)) return unauthorized();
      const fault = options.faults?.[type];
      if (fault) return fault();
      return searchAnswer(new URL(request.url), type);
    }),
  ];
  return ehr;
}
