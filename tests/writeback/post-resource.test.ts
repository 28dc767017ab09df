import { describe, expect, it } from 'vitest';
import { grantedWrites } from '../../src/writeback/chart-access';
import { newWriteIdentifier } from '../../src/writeback/identifier';
import { postResource } from '../../src/writeback/post-resource';

const resource = { resourceType: 'ServiceRequest', status: 'draft', intent: 'proposal', subject: { reference: 'Patient/p' } } as const;
const outcome = (text: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', details: { text } }] });

function answering(status: number, body: unknown, headers: Record<string, string> = {}) {
  const seen: Array<{ url: string; init: RequestInit }> = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/fhir+json', ...headers } });
  }) as unknown as typeof fetch;
  return { fetchImpl, seen };
}

describe('one create', () => {
  it('posts to the type with the token in the header only and If-None-Exist on the identifier', async () => {
    const { fetchImpl, seen } = answering(201, { ...resource, id: 'sr-1', meta: { lastUpdated: '2026-11-24T10:00:00Z' } });
    const identifier = newWriteIdentifier();
    const result = await postResource({ baseUrl: 'https://ehr.example/fhir/', accessToken: 'secret-token', timeoutMs: 5000, fetch: fetchImpl }, resource, identifier);
    expect(result).toEqual({ ok: true, id: 'sr-1', status: 201, lastUpdated: '2026-11-24T10:00:00Z' });
    expect(seen[0]!.url).toBe('https://ehr.example/fhir/ServiceRequest');
    const headers = seen[0]!.init.headers as Record<string, string>;
    expect(headers.Authorization).toBe('Bearer secret-token');
    expect(decodeURIComponent(headers['If-None-Exist']!)).toBe(`identifier=urn:ietf:rfc:3986|${identifier.value}`);
    expect(JSON.parse(seen[0]!.init.body as string)).toEqual(resource);
  });

  it.each([
    [401, 'relaunch the app'], [403, 'does not allow'], [409, 'conflict'], [412, 'more than one'], [422, 'rejected the content'], [503, 'the EHR failed'],
  ])('turns %i into words with the server’s own message', async (status, words) => {
    const { fetchImpl } = answering(status, outcome('Server says why'));
    const result = await postResource({ baseUrl: 'https://ehr.example/fhir', accessToken: 't', timeoutMs: 5000, fetch: fetchImpl }, resource, newWriteIdentifier());
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.status).toBe(status);
    expect(result.message).toContain(`HTTP ${status}`);
    expect(result.message).toContain(words);
    expect(result.message).toContain('Server says why');
  });

  it('gives up at the deadline and says the write may have been saved, and that a Retry will not duplicate it', async () => {
    const hanging = ((_url: string, init: RequestInit) => new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))))) as unknown as typeof fetch;
    const result = await postResource({ baseUrl: 'https://ehr.example/fhir', accessToken: 't', timeoutMs: 20, fetch: hanging }, resource, newWriteIdentifier());
    expect(result).toMatchObject({ ok: false, mayHaveSaved: true, retry: true });
    expect(!result.ok && result.message).toContain('it may have been saved. Retry will not duplicate it.');
  });

  it('a 500 may have stored the write: "may have been saved; Retry will not duplicate", never "nothing was saved"', async () => {
    const { fetchImpl } = answering(500, outcome('Internal error'));
    const result = await postResource({ baseUrl: 'https://ehr.example/fhir', accessToken: 't', timeoutMs: 5000, fetch: fetchImpl }, resource, newWriteIdentifier());
    expect(result).toMatchObject({ ok: false, status: 500, mayHaveSaved: true, retry: true });
    expect(!result.ok && result.message).toBe('HTTP 500: the EHR failed while saving; it may have been saved. Retry will not duplicate it. The EHR says: Internal error');
  });

  it('a 500 where a Retry could double the write (no conditional create, no search) says to check the chart first', async () => {
    const { fetchImpl } = answering(502, undefined);
    const result = await postResource({ baseUrl: 'https://ehr.example/fhir', accessToken: 't', timeoutMs: 5000, fetch: fetchImpl }, resource, newWriteIdentifier(), { conditional: false, duplicateSafe: false });
    expect(!result.ok && result.message).toContain('Check the chart before a Retry: it could save a second copy.');
  });

  it('a 403 offers no Retry and points to Copy note', async () => {
    const { fetchImpl } = answering(403, outcome('Policy forbids'));
    const result = await postResource({ baseUrl: 'https://ehr.example/fhir', accessToken: 't', timeoutMs: 5000, fetch: fetchImpl }, resource, newWriteIdentifier());
    expect(result).toMatchObject({ ok: false, status: 403, retry: false });
    expect(!result.ok && result.mayHaveSaved).toBeFalsy();
    expect(!result.ok && result.message).toContain('Nothing was saved; a Retry would be refused too: use Copy note');
  });

  it('sends If-None-Exist only when told the server supports conditional create', async () => {
    const { fetchImpl, seen } = answering(201, { ...resource, id: 'sr-2' });
    await postResource({ baseUrl: 'https://ehr.example/fhir', accessToken: 't', timeoutMs: 5000, fetch: fetchImpl }, resource, newWriteIdentifier(), { conditional: false, duplicateSafe: true });
    expect((seen[0]!.init.headers as Record<string, string>)['If-None-Exist']).toBeUndefined();
  });
});

describe('granted writes', () => {
  it('are the types the scope lets the app create, without query restriction', () => {
    expect([...grantedWrites('launch patient/*.rs patient/DocumentReference.cu patient/ServiceRequest.c')].sort()).toEqual(['DocumentReference', 'ServiceRequest']);
    expect([...grantedWrites('patient/*.rs')]).toEqual([]);
    expect([...grantedWrites('user/*.write')].sort()).toEqual(['DocumentReference', 'QuestionnaireResponse', 'ServiceRequest']);
    expect([...grantedWrites('patient/ServiceRequest.c?category=x')]).toEqual([]);
  });
});
