// What the command line's fetch source says about answers it cannot use: too large, not JSON, a byte order mark.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { FhirRequestError, fetchSource } from '../../src/fhir/source';
import { BASE } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const get = (maxResponseBytes?: number) =>
  fetchSource(BASE, maxResponseBytes ? { maxResponseBytes } : {}).get('Condition?patient=p1', new AbortController().signal);
const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as FhirRequestError);

describe('fetchSource', () => {
  it('refuses an answer larger than the limit, whether announced by Content-Length or streamed', async () => {
    const big = JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Condition', id: 'x'.repeat(4096) } }] });
    server.use(http.get(`${BASE}/Condition`, () => new HttpResponse(big, { headers: { 'Content-Type': 'application/fhir+json' } })));
    expect(await failureOf(get(2 * 1024 * 1024))).toBeUndefined();
    const failure = await failureOf(get(1024));
    expect(failure).toBeInstanceOf(FhirRequestError);
    expect(failure!.message).toBe('the server sent more than 1,024 bytes in one answer');

    let sent = 0;
    const chunks = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ === 40) controller.close();
        else controller.enqueue(new TextEncoder().encode(' '.repeat(64 * 1024)));
      },
    });
    server.use(http.get(`${BASE}/Condition`, () => new HttpResponse(chunks, { headers: { 'Content-Type': 'application/fhir+json' } })));
    expect((await failureOf(get(1024 * 1024)))!.message).toBe('the server sent more than 1 MB in one answer');
  });

  it('says what an answer that is not JSON was: its content type and first characters, on one line', async () => {
    server.use(http.get(`${BASE}/Condition`, () => new HttpResponse('<!doctype html>\n<html><head><title>Sign in</title></head><body>\u202egateway</body></html>', { headers: { 'Content-Type': 'text/html; charset=utf-8' } })));
    expect((await failureOf(get()))!.message).toBe('the server sent a body that is not JSON (text/html; charset=utf-8, starting "<!doctype html> <html><head><title>Sign …")');
    server.use(http.get(`${BASE}/Condition`, () => new HttpResponse('', { status: 200 })));
    expect((await failureOf(get()))!.message).toMatch(/^the server sent a body that is not JSON \(.*, empty\)$/);
  });

  it('reads JSON that starts with a byte order mark', async () => {
    server.use(http.get(`${BASE}/Condition`, () => new HttpResponse(`\uFEFF${JSON.stringify({ resourceType: 'Bundle', type: 'searchset' })}`, { headers: { 'Content-Type': 'application/fhir+json' } })));
    expect(await get()).toEqual({ resourceType: 'Bundle', type: 'searchset' });
  });
});
