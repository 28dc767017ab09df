// Issue 19 item 7: a Retry relies on conditional create only where the server's CapabilityStatement says it supports
// it; elsewhere the app searches for the write's identifier first (search-then-create), and a new launch's note
// replaces the latest note this app wrote for the patient, found by search.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Resource } from 'fhir/r4';
import { chartAccess, type ChartSession } from '../../src/writeback/chart-access';
import { latestAppNote } from '../../src/writeback/document-reference';
import { newWriteIdentifier } from '../../src/writeback/identifier';
import { loadRecord, sessionCapabilityOf } from '../../src/fhir/loader';
import { FhirRequestError, fetchSource, type FhirSource } from '../../src/fhir/source';

const BASE = 'https://ehr.example/fhir';
const note = { resourceType: 'DocumentReference', status: 'current', subject: { reference: 'Patient/p1' } } as Resource;

/** A session as src/app/session.ts builds it: the CapabilityStatement is the session's, read through the FHIR source. */
function session(scope: string): ChartSession {
  const client = { state: { serverUrl: BASE, scope, tokenResponse: { access_token: 't', scope } }, refreshIfNeeded: async () => undefined, refresh: async () => undefined };
  return { client, patientId: 'p1', capability: () => sessionCapabilityOf(fetchSource(BASE), client) };
}

function ehr(capability: unknown, searchHit?: string) {
  const calls: Array<{ method: string; url: string; headers: Record<string, string> }> = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push({ method: init.method ?? 'GET', url, headers: (init.headers ?? {}) as Record<string, string> });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json' } });
    if (new URL(url).pathname.endsWith('/metadata')) return json(200, capability);
    if (url.includes('?identifier=')) {
      const value = decodeURIComponent(url.split('identifier=')[1]!).split('|')[1];
      return json(200, { resourceType: 'Bundle', type: 'searchset', entry: searchHit ? [{ resource: { ...note, id: searchHit, identifier: [{ system: 'urn:ietf:rfc:3986', value }] } }] : [] });
    }
    return json(201, { ...note, id: 'new-1' });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

/** A FHIR server as the loader reads it: a patient with nothing on file, and this CapabilityStatement (undefined: 404). */
function fakeSource(statement: unknown): FhirSource {
  return {
    baseUrl: BASE,
    async get(url) {
      if (url.startsWith('metadata')) {
        if (statement === undefined) throw new FhirRequestError('http', 'not found', 404);
        return statement;
      }
      if (url.startsWith('Patient/')) return { resourceType: 'Patient', id: 'p1', birthDate: '1950-01-01', gender: 'female' };
      return { resourceType: 'Bundle', type: 'searchset', entry: [] };
    },
  };
}
const capability = (conditionalCreate: boolean) => ({
  resourceType: 'CapabilityStatement',
  rest: [{ mode: 'server', resource: [{ type: 'DocumentReference', conditionalCreate }, { type: 'Observation', searchParam: [{ name: 'category', type: 'token' }] }] }],
});

describe('creates that a Retry cannot double', () => {
  it('uses If-None-Exist where the CapabilityStatement says conditionalCreate, and does not search', async () => {
    const calls = ehr(capability(true));
    const result = await chartAccess(session('patient/DocumentReference.crus')).create(note, newWriteIdentifier());
    expect(result).toMatchObject({ ok: true, id: 'new-1' });
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.headers['If-None-Exist']).toMatch(/^identifier=/);
    expect(calls.some((c) => c.url.includes('?identifier='))).toBe(false);
  });

  it('without conditionalCreate: searches the identifier first and finds the first write instead of posting again', async () => {
    const calls = ehr(capability(false), 'stored-by-the-lost-attempt');
    const result = await chartAccess(session('patient/DocumentReference.crus')).create(note, newWriteIdentifier());
    expect(result).toMatchObject({ ok: true, id: 'stored-by-the-lost-attempt' });
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('without conditionalCreate and nothing found: posts without If-None-Exist', async () => {
    const calls = ehr(capability(false));
    const result = await chartAccess(session('patient/DocumentReference.crus')).create(note, newWriteIdentifier());
    expect(result).toMatchObject({ ok: true, id: 'new-1' });
    expect(calls.find((c) => c.method === 'POST')!.headers['If-None-Exist']).toBeUndefined();
  });
});

describe('the CapabilityStatement: read once per session, shared with the loader', () => {
  it('no CapabilityStatement for the session: no create is conditional, the identifier is searched first', async () => {
    const calls = ehr(capability(true));
    const { capability: _none, ...without } = session('patient/DocumentReference.crus');
    await chartAccess(without).create(note, newWriteIdentifier());
    expect(calls.some((c) => new URL(c.url).pathname.endsWith('/metadata'))).toBe(false);
    expect(calls.some((c) => c.url.includes('?identifier='))).toBe(true);
    expect(calls.find((c) => c.method === 'POST')!.headers['If-None-Exist']).toBeUndefined();
  });

  it('two saves in one session ask /metadata once, lean (_elements=rest)', async () => {
    const calls = ehr(capability(true));
    const chart = session('patient/DocumentReference.crus');
    await chartAccess(chart).create(note, newWriteIdentifier());
    await chartAccess(chart).create(note, newWriteIdentifier());
    expect(calls.filter((c) => new URL(c.url).pathname.endsWith('/metadata')).map((c) => new URL(c.url).search)).toEqual(['?_elements=rest']);
    expect(calls.filter((c) => c.method === 'POST').every((c) => c.headers['If-None-Exist'])).toBe(true);
  });

  it('a save after the load reads no /metadata: the statement the loader read in its round decides conditional create', async () => {
    const calls = ehr({ resourceType: 'OperationOutcome' });
    const chart = session('patient/DocumentReference.crus');
    // The loader's read of this session (src/fhir/loader.ts, `session: client`), with its own source.
    const loaded = await loadRecord(fakeSource(capability(true)), { patientId: 'p1', asOf: '2026-11-24', session: chart.client, searchSupport: {} });
    expect(loaded.dataGaps).toEqual([]);
    const result = await chartAccess(chart).create(note, newWriteIdentifier());
    expect(result).toMatchObject({ ok: true, id: 'new-1' });
    expect(calls.some((c) => new URL(c.url).pathname.endsWith('/metadata'))).toBe(false);
    expect(calls.find((c) => c.method === 'POST')!.headers['If-None-Exist']).toMatch(/^identifier=/);
  });

  it('a statement that could not be read is not kept: the save asks again (and without conditionalCreate searches first)', async () => {
    const calls = ehr(capability(false));
    const chart = session('patient/DocumentReference.crus');
    await loadRecord(fakeSource(undefined), { patientId: 'p1', asOf: '2026-11-24', session: chart.client, searchSupport: {} });
    await chartAccess(chart).create(note, newWriteIdentifier());
    expect(calls.filter((c) => new URL(c.url).pathname.endsWith('/metadata'))).toHaveLength(1);
    expect(calls.some((c) => c.url.includes('?identifier='))).toBe(true);
  });
});

describe('the latest note this app wrote', () => {
  const doc = (id: string, date: string, extra: object = {}) => ({
    resourceType: 'DocumentReference', id, status: 'current', date, subject: { reference: 'Patient/p1' },
    type: { coding: [{ system: 'http://loinc.org', code: '11488-4' }], text: 'Kyphoplasty candidacy consult note' },
    description: 'Kyphoplasty candidacy (decision support): rules x, app y, record as of 2026-11-24', ...extra,
  });
  const bundle = (...docs: object[]) => ({ resourceType: 'Bundle' as const, type: 'searchset' as const, entry: docs.map((resource) => ({ resource: resource as never })) });

  it('is the newest current one of this app, never another app’s consult note or a superseded one', () => {
    const found = latestAppNote(bundle(
      doc('first-launch', '2026-11-23T09:00:00Z'),
      doc('second-launch', '2026-11-24T09:00:00Z'),
      doc('other-app', '2026-11-25T09:00:00Z', { type: { coding: [{ system: 'http://loinc.org', code: '11488-4' }], text: 'Cardiology consult' }, description: 'Consult' }),
      doc('superseded', '2026-11-26T09:00:00Z', { status: 'superseded' }),
    ), 'p1');
    expect(found?.id).toBe('second-launch');
  });

  it('is searched only with a grant to search notes', async () => {
    const calls = ehr(capability(true));
    expect(await chartAccess(session('patient/DocumentReference.cu')).latestNote()).toBeUndefined();
    expect(calls).toHaveLength(0);
  });
});
