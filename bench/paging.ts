// Panel time against a long history: the loader and the engine over a local FHIR server that holds N matching
// Observations, honours the search parameters plan v2 sends (code, status, date, _count; newest first), pages them
// 200 at a time with `next` links, and answers every request after `latencyMs`. Measured from the first request to the
// assessment (no browser, no launch): the data round and its pages.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { assess } from '../src/clinical/assess';
import { loadRecord } from '../src/fhir/loader';
import { fetchSource } from '../src/fhir/source';

const PATIENT = 'long-stay';
const PAGE = 200;

interface PainScore {
  code: { coding: Array<{ code: string }> };
  status: string;
  effectiveDateTime: string;
}

function observations(count: number): PainScore[] {
  // Hourly pain scores over the last `count` hours: the long inpatient stays issue 12 is about.
  const end = Date.UTC(2026, 10, 24, 12);
  return Array.from({ length: count }, (_, i) => ({
    resourceType: 'Observation', id: `pain-${i}`, status: 'final', subject: { reference: `Patient/${PATIENT}` },
    code: { coding: [{ system: 'http://loinc.org', code: '72514-3', display: 'Pain severity 0-10' }] },
    effectiveDateTime: new Date(end - i * 3_600_000).toISOString(), valueQuantity: { value: 3 + (i % 6), unit: '{score}' },
  }));
}

/** The search parameters plan v2 sends, as a FHIR server applies them to this one list of pain scores. */
function matching(all: PainScore[], params: URLSearchParams): PainScore[] {
  const codes = (params.get('code') ?? '').split(',').map((c) => c.split('|').pop());
  const statuses = params.get('status')?.split(',');
  const dates = params.getAll('date');
  if (params.get('date:missing') === 'true') return [];
  return all.filter((o) => {
    if (params.has('code') && !codes.includes(o.code.coding[0]!.code)) return false;
    if (statuses && !statuses.includes(o.status)) return false;
    const day = o.effectiveDateTime.slice(0, 10);
    return dates.every((d) => (d.startsWith('ge') ? day >= d.slice(2) : d.startsWith('le') ? day <= d.slice(2) : day === d));
  });
}

function pagingServer(count: number, latencyMs: number): Promise<{ server: Server; base: string }> {
  // Newest first: what `_sort=-date` asks for (and what a server without `_sort` happens to send here).
  const all = observations(count);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, type, id] = url.pathname.split('/');
    let body: unknown;
    if (type === 'Patient' && id === PATIENT) body = { resourceType: 'Patient', id: PATIENT, gender: 'female', birthDate: '1944-02-01' };
    else {
      const offset = Number(url.searchParams.get('_offset') ?? 0);
      const page = Math.min(Number(url.searchParams.get('_count') ?? PAGE), PAGE);
      const matches = type === 'Observation' ? matching(all, url.searchParams) : [];
      const next = new URL(url);
      next.searchParams.set('_offset', String(offset + page));
      body = {
        resourceType: 'Bundle', type: 'searchset', total: matches.length,
        link: offset + page < matches.length ? [{ relation: 'next', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${next.pathname}${next.search}` }] : [],
        entry: matches.slice(offset, offset + page).map((resource) => ({ resource, search: { mode: 'match' } })),
      };
    }
    setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify(body)), latencyMs);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** Milliseconds from the first request to the assessment, with `count` matching Observations. */
export async function panelMs(count: number, latencyMs: number): Promise<{ ms: number; requests: number }> {
  const { server, base } = await pagingServer(count, latencyMs);
  let requests = 0;
  server.on('request', () => requests++);
  try {
    const start = performance.now();
    const record = await loadRecord(fetchSource(base), { patientId: PATIENT, asOf: '2026-11-24' });
    assess(record, {}, '2026-11-24');
    return { ms: performance.now() - start, requests };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
