// Tokens that survive the load (issue 18 item 5): with rotating refresh tokens (each works once; its use revokes the
// access token issued with it; a replay revokes the grant), a round of parallel reads that meets a 401 renews once
// and retries each affected read once; a save to the chart after expiry renews before it gives up.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import FHIR from 'fhirclient';
import { clientSource } from '../../src/fhir/client-source';
import { FhirRequestError } from '../../src/fhir/source';
import { chartAccess } from '../../src/writeback/chart-access';

const EHR = 'https://ehr.test';
const BASE = `${EHR}/fhir`;
const TOKEN_URI = `${EHR}/auth/token`;
const SCOPE = 'launch online_access patient/*.rs patient/DocumentReference.cu patient/QuestionnaireResponse.rs';

/** An EHR whose access tokens are refused once expired, with rotating refresh tokens. */
function rotatingEhr(options: { refuseRefresh?: boolean; slowCode?: string; refuseAfterRenewal?: boolean } = {}) {
  let generation = 1;
  let renewed!: () => void;
  const renewal = new Promise<void>((resolve) => (renewed = resolve));
  const live = new Set(['access-1']);
  const usedRefresh = new Set<string>();
  const slow = new Set<string>();
  const state = { tokenRequests: 0, reads: [] as Array<{ url: string; token: string }>, posts: [] as string[] };
  const bearer = (request: Request) => (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
  const expired = () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'expired' }] }, { status: 401 });
  const handlers = [
    http.post(TOKEN_URI, async ({ request }) => {
      state.tokenRequests++;
      const form = new URLSearchParams(await request.text());
      const refresh = form.get('refresh_token') ?? '';
      if (options.refuseRefresh || usedRefresh.has(refresh) || refresh !== `refresh-${generation}`) {
        live.clear(); // a replayed refresh token revokes the whole grant
        return HttpResponse.json({ error: 'invalid_grant' }, { status: 400 });
      }
      usedRefresh.add(refresh);
      live.delete(`access-${generation}`); // rotation revokes the access token issued with the refresh token
      generation++;
      // Up to `expiringUntil`, a new token lives 1 s and has expired by the time the busy server reads it; `refuseAfterRenewal`: refused although it is still within its life.
      const bornExpired = generation <= expiringUntil;
      if (bornExpired) slow.add(`access-${generation}`);
      if (!options.refuseAfterRenewal && !bornExpired) live.add(`access-${generation}`);
      setTimeout(renewed, 20);
      const expiresIn = bornExpired ? 1 : 3600;
      return HttpResponse.json({ access_token: `access-${generation}`, refresh_token: `refresh-${generation}`, token_type: 'Bearer', expires_in: expiresIn, scope: SCOPE });
    }),
    http.get(`${BASE}/*`, async ({ request }) => {
      state.reads.push({ url: request.url, token: bearer(request) });
      // A busy server reaches these reads only after their 1-second token has expired.
      if (slow.has(bearer(request))) await new Promise((resolve) => setTimeout(resolve, 1_100));
      if (options.slowCode && request.url.endsWith(`code=${options.slowCode}`) && bearer(request) === 'access-1') await renewal;
      if (!live.has(bearer(request))) return expired();
      return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Observation', id: new URL(request.url).searchParams.get('code') } }] });
    }),
    http.post(`${BASE}/DocumentReference`, async ({ request }) => {
      state.posts.push(bearer(request));
      if (!live.has(bearer(request))) return expired();
      return HttpResponse.json({ resourceType: 'DocumentReference', id: 'note-1' }, { status: 201 });
    }),
  ];
  /** The token the app holds has just been revoked (expired): the EHR no longer accepts it. */
  const expire = () => live.clear();
  let expiringUntil = 0;
  return { state, handlers, expire, expireAfterRenewals: (n: number) => (expiringUntil = n) };
}

function signedInClient() {
  return FHIR.client({
    serverUrl: BASE,
    tokenUri: TOKEN_URI,
    clientId: 'kyphoplasty-local',
    // Still valid by the clock the client keeps: the EHR is the one that says it is not.
    expiresAt: Math.floor(Date.now() / 1000) + 3600,
    tokenResponse: { access_token: 'access-1', refresh_token: 'refresh-1', token_type: 'Bearer', expires_in: 3600, scope: SCOPE, patient: 'p1' },
  });
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sessionStorage.clear();
});
afterAll(() => server.close());

const signal = () => new AbortController().signal;
const CODES = ['a', 'b', 'c', 'd', 'e'];

describe('a 401 during the parallel round (issue 18 item 5)', () => {
  it('five parallel reads answered 401: exactly one token request, all five retried with the new token and read', async () => {
    const ehr = rotatingEhr();
    server.use(...ehr.handlers);
    ehr.expire();
    const source = clientSource(signedInClient());
    const bodies = await Promise.all(CODES.map((code) => source.get(`Observation?patient=p1&code=${code}`, signal())));
    expect(ehr.state.tokenRequests).toBe(1);
    expect(bodies.map((b) => (b as { entry: Array<{ resource: { id: string } }> }).entry[0]!.resource.id)).toEqual(CODES);
    // Each read twice: once refused with the old token, once read with the renewed one.
    expect(ehr.state.reads.filter((r) => r.token === 'access-1')).toHaveLength(5);
    expect(ehr.state.reads.filter((r) => r.token === 'access-2')).toHaveLength(5);
  });

  it('a read whose 401 arrives after the renewal retries with the new token and renews nothing', async () => {
    const ehr = rotatingEhr({ slowCode: 'b' });
    server.use(...ehr.handlers);
    ehr.expire();
    const source = clientSource(signedInClient());
    // Both sent with access-1; b's refusal comes back only once a's renewal is done. A second renewal would
    // rotate the grant again and revoke access-2, the token every other read of the round is using.
    const [a, b] = await Promise.all(['a', 'b'].map((code) => source.get(`Observation?patient=p1&code=${code}`, signal())));
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(ehr.state.tokenRequests).toBe(1);
    expect(ehr.state.reads.filter((r) => r.url.endsWith('code=b')).map((r) => r.token)).toEqual(['access-1', 'access-2']);
  });

  it('a token refused again within its lifetime is not renewed twice: the read reports the 401', async () => {
    const ehr = rotatingEhr({ refuseAfterRenewal: true });
    server.use(...ehr.handlers);
    ehr.expire();
    const failure = await clientSource(signedInClient()).get('Observation?patient=p1&code=a', signal()).catch((e: unknown) => e);
    expect((failure as FhirRequestError).status).toBe(401);
    expect(ehr.state.tokenRequests).toBe(1);
  });

  it('a renewed token that expires again while the round is still read is renewed once more (1-second tokens)', async () => {
    const ehr = rotatingEhr();
    server.use(...ehr.handlers);
    ehr.expire();
    // access-2 lives 1 s and the server reaches the retries after it: the retries of a/b/c meet a second expiry, renewed once for all three; access-3 then lasts.
    ehr.expireAfterRenewals(2);
    const source = clientSource(signedInClient());
    const bodies = await Promise.all(['a', 'b', 'c'].map((code) => source.get(`Observation?patient=p1&code=${code}`, signal())));
    expect(bodies).toHaveLength(3);
    expect(ehr.state.tokenRequests).toBe(2);
    expect(ehr.state.reads.filter((r) => r.token === 'access-3')).toHaveLength(3);
  });

  it('a refused renewal leaves each read a 401 gap, after one token request', async () => {
    const ehr = rotatingEhr({ refuseRefresh: true });
    server.use(...ehr.handlers);
    ehr.expire();
    const source = clientSource(signedInClient());
    const failures = await Promise.all(CODES.map((code) => source.get(`Observation?patient=p1&code=${code}`, signal()).catch((e: unknown) => e)));
    expect(ehr.state.tokenRequests).toBe(1);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(FhirRequestError);
      expect((failure as FhirRequestError).status).toBe(401);
    }
    expect((failures[0] as FhirRequestError).outcome).toBe('the EHR refused to renew access');
  });

  it('a save to the chart after expiry renews once and saves', async () => {
    const ehr = rotatingEhr();
    server.use(...ehr.handlers);
    ehr.expire();
    const client = signedInClient();
    const access = chartAccess({ client, patientId: 'p1' });
    const outcome = await access.create({ resourceType: 'DocumentReference', status: 'current', content: [] } as never, { system: 'urn:test', value: 'n1' });
    expect(outcome).toMatchObject({ ok: true, id: 'note-1' });
    expect(ehr.state.tokenRequests).toBe(1);
    expect(ehr.state.posts).toEqual(['access-1', 'access-2']);
  });

  it('the search for saved answers after expiry renews once and asks again', async () => {
    const ehr = rotatingEhr();
    server.use(...ehr.handlers);
    ehr.expire();
    await chartAccess({ client: signedInClient(), patientId: 'p1' }).latestAnswers();
    expect(ehr.state.tokenRequests).toBe(1);
    expect(ehr.state.reads.filter((r) => r.url.includes('/QuestionnaireResponse?')).map((r) => r.token)).toEqual(['access-1', 'access-2']);
  });

  it('a save whose renewal is refused says the session ended', async () => {
    const ehr = rotatingEhr({ refuseRefresh: true });
    server.use(...ehr.handlers);
    ehr.expire();
    const access = chartAccess({ client: signedInClient(), patientId: 'p1' });
    const outcome = await access.create({ resourceType: 'DocumentReference', status: 'current', content: [] } as never, { system: 'urn:test', value: 'n1' });
    expect(outcome).toMatchObject({ ok: false, status: 401 });
    expect(ehr.state.tokenRequests).toBe(1);
  });
});
