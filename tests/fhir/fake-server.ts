// A FHIR server for loader tests, built from msw handlers: one patient, searchable resources, and per-type faults.
import { http, HttpResponse, delay, type HttpHandler } from 'msw';

export const BASE = 'https://fhir.test/r4';

export interface FakeServerOptions {
  patientId?: string;
  resources?: Record<string, unknown[]>;
  /** A handler result for a resource type, replacing the normal search answer. */
  faults?: Record<string, () => Response | Promise<Response>>;
  pageSize?: number;
  /** Records each request's URL, in arrival order. */
  log?: string[];
  /** Delay every search answer (ms). */
  latencyMs?: number;
}

export function operationOutcome(diagnostics: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics }] };
}

export function fakeFhirServer(options: FakeServerOptions): HttpHandler[] {
  const patientId = options.patientId ?? 'p1';
  const pageSize = options.pageSize ?? 1000;
  return [
    http.get(`${BASE}/Patient/:id`, async ({ params, request }) => {
      options.log?.push(request.url);
      if (options.faults?.Patient) return options.faults.Patient();
      if (params.id !== patientId) return HttpResponse.json(operationOutcome('Patient not found'), { status: 404 });
      return HttpResponse.json({ resourceType: 'Patient', id: patientId, gender: 'female', birthDate: '1950-03-01', name: [{ given: ['Ada'], family: 'Test' }] });
    }),
    http.get(`${BASE}/:type`, async ({ params, request }) => {
      options.log?.push(request.url);
      if (options.latencyMs) await delay(options.latencyMs);
      const type = String(params.type);
      const fault = options.faults?.[type];
      if (fault) return fault();
      const url = new URL(request.url);
      const offset = Number(url.searchParams.get('_offset') ?? 0);
      const all = options.resources?.[type] ?? [];
      const page = all.slice(offset, offset + pageSize);
      const link = [{ relation: 'self', url: request.url }];
      if (offset + pageSize < all.length) {
        const next = new URL(request.url);
        next.searchParams.set('_offset', String(offset + pageSize));
        link.push({ relation: 'next', url: next.href });
      }
      return HttpResponse.json({
        resourceType: 'Bundle', type: 'searchset', total: all.length, link,
        entry: page.map((resource) => ({ fullUrl: `${BASE}/${type}/${(resource as { id?: string }).id}`, resource, search: { mode: 'match' } })),
      });
    }),
  ];
}
