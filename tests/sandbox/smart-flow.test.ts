// The SMART authorization server end to end with plain fetch: EHR and standalone launches, PKCE,
// single-use codes, redirect URI checks, token expiry, refresh, and the error simulations; and as strict as an EHR:
// opaque single-use launch ids bound to the launching session, refresh token rotation, unregistered scopes refused.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LAUNCH_LIFETIME_MS } from '../../sandbox/auth/launch-id';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import {
  APP_ORIGIN, CLIENT_ID, REDIRECT_URI, callAuthorize, ehrLaunchCode, exchangeCode, fhirGet, launchIdFor, launchToken,
  pkcePair, postForm, tokenUrl, type TokenBody,
} from './sandbox-client';

let sandbox: RunningSandbox;
const PATIENT = 'vcf-osteoporotic';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {} });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('EHR launch code flow', () => {
  it('goes from authorize with PKCE to a token to a FHIR search', async () => {
    const { code, verifier, location } = await ehrLaunchCode(sandbox, PATIENT);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect(location.searchParams.get('state')).toBe('state-123');

    expect(code).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const ok = await exchangeCode(sandbox, code, verifier);
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get('cache-control')).toBe('no-store');
    expect(ok.body).toMatchObject({ token_type: 'Bearer', patient: PATIENT, need_patient_banner: true, expires_in: 3600 });
    expect(ok.body.scope.split(' ')).toEqual(expect.arrayContaining(['launch', 'patient/*.rs', 'online_access']));
    expect(ok.body.refresh_token).toEqual(expect.any(String));

    const search = await fhirGet(sandbox, `Condition?patient=${PATIENT}`, ok.body.access_token);
    expect(search.status).toBe(200);
    expect(search.headers.get('content-type')).toContain('application/fhir+json');
    const bundle = (await search.json()) as { type: string; entry?: Array<{ resource: { resourceType: string; subject: { reference: string } } }> };
    expect(bundle.type).toBe('searchset');
    expect(bundle.entry?.length).toBeGreaterThan(0);
    for (const entry of bundle.entry ?? []) expect(entry.resource.subject.reference).toBe(`Patient/${PATIENT}`);
  });

  it('refuses a wrong code verifier', async () => {
    const { code } = await ehrLaunchCode(sandbox, PATIENT);
    const { res, body } = await exchangeCode(sandbox, code, pkcePair().verifier);
    expect(res.status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_grant' });
    expect(body.error_description).toMatch(/PKCE/);
  });

  it('refuses a code used twice', async () => {
    const { code, verifier } = await ehrLaunchCode(sandbox, PATIENT);
    expect((await exchangeCode(sandbox, code, verifier)).res.status).toBe(200);
    const again = await exchangeCode(sandbox, code, verifier);
    expect(again.res.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(again.body.error_description).toMatch(/already used/);
  });

  it('refuses a token request whose redirect_uri differs from the authorize request', async () => {
    const { code, verifier } = await ehrLaunchCode(sandbox, PATIENT);
    const { res, body } = await exchangeCode(sandbox, code, verifier, { redirect_uri: `${APP_ORIGIN}/` });
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('shows an HTML error page, without redirecting, for an unregistered redirect URI', async () => {
    const { challenge } = pkcePair();
    const launch = await launchIdFor(sandbox, PATIENT);
    const { res, location } = await callAuthorize(sandbox, { launch, challenge, redirectUri: 'http://localhost:4010/evil.html' });
    expect(res.status).toBe(400);
    expect(location).toBeUndefined();
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('data-error="invalid_request"');
  });

  it('shows an HTML error page for an unknown client id', async () => {
    const launch = await launchIdFor(sandbox, PATIENT);
    const { res, location } = await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge, clientId: 'someone-else' });
    expect(res.status).toBe(400);
    expect(location).toBeUndefined();
    expect(await res.text()).toContain('data-error="invalid_client"');
  });

  it.each([
    ['no PKCE challenge', { challenge: null }, 'invalid_request'],
    ['a wrong aud', { aud: 'http://localhost:9/fhir' }, 'invalid_request'],
    ['an unknown scope syntax', { scope: 'launch patient/Condition.fly' }, 'invalid_scope'],
    ['a launch id we never issued', { launch: 'bm9wZQ' }, 'invalid_request'],
  ] as const)('redirects back with an error for %s', async (_name, input, error) => {
    const launch = await launchIdFor(sandbox, PATIENT);
    const { res, location } = await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge, ...input });
    expect(res.status).toBe(302);
    expect(location?.searchParams.get('error')).toBe(error);
    expect(location?.searchParams.get('error_description')).toBeTruthy();
    expect(location?.searchParams.get('state')).toBe('state-123');
    expect(location?.searchParams.get('code')).toBeNull();
  });

  it('accepts SMART v1 scopes and leaves out the refresh token without online/offline access', async () => {
    const body = await launchToken(sandbox, PATIENT, { scope: 'launch patient/Condition.read patient/Patient.read' });
    expect(body.scope).toBe('launch patient/Condition.read patient/Patient.read');
    expect(body.refresh_token).toBeUndefined();
    expect((await fhirGet(sandbox, `Patient/${PATIENT}`, body.access_token)).status).toBe(200);
  });
});

describe('FHIR access control', () => {
  it('answers 401 with an OperationOutcome without a token or with an unknown one', async () => {
    for (const token of [undefined, 'not-a-token']) {
      const res = await fhirGet(sandbox, `Patient/${PATIENT}`, token);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/fhir+json');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    }
  });

  it('answers 403 for a resource type outside the granted scopes', async () => {
    const body = await launchToken(sandbox, PATIENT, { scope: 'launch patient/Condition.rs' });
    expect((await fhirGet(sandbox, `Condition?patient=${PATIENT}`, body.access_token)).status).toBe(200);
    const res = await fhirGet(sandbox, `Observation?patient=${PATIENT}`, body.access_token);
    expect(res.status).toBe(403);
    const outcome = (await res.json()) as { resourceType: string; issue: Array<{ code: string }> };
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.code).toBe('forbidden');
  });

  it('answers 403 for another patient, by read and by search', async () => {
    const body = await launchToken(sandbox, PATIENT);
    expect((await fhirGet(sandbox, 'Patient/vcf-chronic', body.access_token)).status).toBe(403);
    expect((await fhirGet(sandbox, 'Condition?patient=vcf-chronic', body.access_token)).status).toBe(403);
    expect((await fhirGet(sandbox, 'Condition/vcf-chronic-condition-2', body.access_token)).status).toBe(403);
    expect((await fhirGet(sandbox, `Condition/${PATIENT}-condition-2`, body.access_token)).status).toBe(200);
  });

  it('keeps a search without a patient parameter inside the token patient', async () => {
    const body = await launchToken(sandbox, PATIENT);
    const res = await fhirGet(sandbox, 'Condition', body.access_token);
    const bundle = (await res.json()) as { entry?: Array<{ resource: { subject: { reference: string } } }> };
    expect(bundle.entry?.length).toBeGreaterThan(0);
    expect(new Set(bundle.entry?.map((e) => e.resource.subject.reference))).toEqual(new Set([`Patient/${PATIENT}`]));
  });
});

describe('error simulations', () => {
  it('token_error: the token endpoint answers 400 invalid_grant with a description', async () => {
    const { code, verifier } = await ehrLaunchCode(sandbox, PATIENT, { sim: 'token_error' });
    const { res, body } = await exchangeCode(sandbox, code, verifier);
    expect(res.status).toBe(400);
    expect(body.error).toBe('invalid_grant');
    expect(body.error_description).toMatch(/Simulated/);
  });

  it('invalid_scope: authorize redirects back with error=invalid_scope', async () => {
    const launch = await launchIdFor(sandbox, PATIENT, 'invalid_scope');
    const { location } = await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge });
    expect(location?.searchParams.get('error')).toBe('invalid_scope');
  });

  it.each(['invalid_client', 'invalid_redirect_uri'])('%s: authorize shows an error page and does not redirect', async (sim) => {
    const launch = await launchIdFor(sandbox, PATIENT, sim);
    const { res, location } = await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge });
    expect(res.status).toBe(400);
    expect(location).toBeUndefined();
  });

  it('token_expired: the token dies after about a second, and the refresh grant gives a working one', async () => {
    const body = await launchToken(sandbox, PATIENT, { sim: 'token_expired' });
    expect(body.expires_in).toBe(1);
    expect((await fhirGet(sandbox, `Patient/${PATIENT}`, body.access_token)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_150));
    const expired = await fhirGet(sandbox, `Patient/${PATIENT}`, body.access_token);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { issue: Array<{ diagnostics: string }> }).issue[0]?.diagnostics).toMatch(/expired/);

    const refreshed = await postForm(tokenUrl(sandbox), { grant_type: 'refresh_token', refresh_token: body.refresh_token ?? '', client_id: CLIENT_ID });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as TokenBody;
    expect(next).toMatchObject({ patient: PATIENT, scope: body.scope, token_type: 'Bearer' });
    expect(next.access_token).not.toBe(body.access_token);
    expect((await fhirGet(sandbox, `Patient/${PATIENT}`, next.access_token)).status).toBe(200);
  });

  it('refreshes without client_id, as fhirclient does by default, but refuses a foreign one', async () => {
    const body = await launchToken(sandbox, PATIENT);
    const bare = await postForm(tokenUrl(sandbox), { grant_type: 'refresh_token', refresh_token: body.refresh_token ?? '' });
    expect(bare.status).toBe(200);
    const foreign = await postForm(tokenUrl(sandbox), { grant_type: 'refresh_token', refresh_token: body.refresh_token ?? '', client_id: 'other' });
    expect(foreign.status).toBe(401);
    expect(((await foreign.json()) as TokenBody).error).toBe('invalid_client');
  });

  it('refresh_expired: the refresh grant fails with invalid_grant', async () => {
    const body = await launchToken(sandbox, PATIENT, { sim: 'refresh_expired' });
    expect(body.refresh_token).toBeTruthy();
    const res = await postForm(tokenUrl(sandbox), { grant_type: 'refresh_token', refresh_token: body.refresh_token ?? '', client_id: CLIENT_ID });
    expect(res.status).toBe(400);
    expect(((await res.json()) as TokenBody).error).toBe('invalid_grant');
  });

  it('an unknown refresh token is invalid_grant', async () => {
    const res = await postForm(tokenUrl(sandbox), { grant_type: 'refresh_token', refresh_token: 'nope', client_id: CLIENT_ID });
    expect(res.status).toBe(400);
    expect(((await res.json()) as TokenBody).error).toBe('invalid_grant');
  });
});

describe('standalone launch', () => {
  it('shows a patient picker and redirects with a code bound to the chosen patient', async () => {
    const pkce = pkcePair();
    const { res } = await callAuthorize(sandbox, { scope: 'launch/patient patient/*.rs', challenge: pkce.challenge });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`data-patient-id="vcf-pregnant"`);
    const requestId = /name="request" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const picked = await postForm(new URL('/auth/pick', sandbox.ehrUrl).toString(), { request: requestId, patient: 'vcf-pregnant' });
    expect(picked.status).toBe(302);
    const location = new URL(picked.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('state-123');
    const { res: tokenRes, body } = await exchangeCode(sandbox, location.searchParams.get('code') ?? '', pkce.verifier);
    expect(tokenRes.status).toBe(200);
    expect(body.patient).toBe('vcf-pregnant');
    // the picker request is single use
    const again = await postForm(new URL('/auth/pick', sandbox.ehrUrl).toString(), { request: requestId, patient: 'vcf-pregnant' });
    expect(again.status).toBe(400);
  });

  it('takes the error simulation from the FHIR base alias it was launched with', async () => {
    const aud = sandbox.fhirBaseUrl.replace(/\/fhir$/, '/sim/invalid_scope/fhir');
    const { location } = await callAuthorize(sandbox, { scope: 'launch/patient patient/*.rs', challenge: pkcePair().challenge, aud });
    expect(location?.searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('launch ids, as strict as an EHR\'s', () => {
  const launchError = async (launch: string, cookie?: string | null) => {
    const { res, location } = await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge, ...(cookie === undefined ? {} : { cookie }) });
    expect(res.status).toBe(302);
    expect(location?.searchParams.get('code')).toBeNull();
    return { error: location?.searchParams.get('error'), description: location?.searchParams.get('error_description') ?? '' };
  };

  it('refuses a forged launch id, such as the readable JSON ids this sandbox used to accept', async () => {
    const forged = Buffer.from(JSON.stringify({ p: PATIENT })).toString('base64url');
    expect(await launchError(forged)).toMatchObject({ error: 'invalid_request', description: expect.stringMatching(/Unknown launch id/) });
    expect(await launchError('A'.repeat(32))).toMatchObject({ error: 'invalid_request' });
  });

  it('refuses a launch id used a second time', async () => {
    const launch = await launchIdFor(sandbox, PATIENT);
    const first = await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge });
    expect(first.location?.searchParams.get('code')).toBeTruthy();
    expect(await launchError(launch)).toEqual({ error: 'invalid_request', description: expect.stringMatching(/already used/) });
  });

  it('refuses a launch id from another browser session, or with none', async () => {
    const launch = await launchIdFor(sandbox, PATIENT);
    const otherSession = await launchIdFor(sandbox, 'vcf-chronic');
    expect(await launchError(launch, `kyphoplasty_sandbox_session=${'x'.repeat(32)}`)).toEqual({ error: 'invalid_request', description: expect.stringMatching(/another EHR session/) });
    expect(await launchError(launch, null)).toMatchObject({ error: 'invalid_request' });
    expect(otherSession).not.toBe(launch);
    // still good in its own session, once
    expect((await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge })).location?.searchParams.get('code')).toBeTruthy();
  });

  it('refuses an expired launch id', async () => {
    const launch = await launchIdFor(sandbox, PATIENT);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + LAUNCH_LIFETIME_MS + 1_000);
      expect(await launchError(launch)).toEqual({ error: 'invalid_request', description: expect.stringMatching(/expired/) });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('refresh token rotation', () => {
  const refresh = (refreshToken: string) => postForm(tokenUrl(sandbox), { grant_type: 'refresh_token', refresh_token: refreshToken });

  it('issues a new refresh token on each refresh, refuses the old one, and revokes the previous access token', async () => {
    const first = await launchToken(sandbox, PATIENT);
    const res = await refresh(first.refresh_token ?? '');
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenBody;
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect((await fhirGet(sandbox, `Patient/${PATIENT}`, first.access_token)).status).toBe(401);
    expect((await fhirGet(sandbox, `Patient/${PATIENT}`, second.access_token)).status).toBe(200);

    const replay = await refresh(first.refresh_token ?? '');
    expect(replay.status).toBe(400);
    expect(((await replay.json()) as TokenBody)).toMatchObject({ error: 'invalid_grant', error_description: expect.stringMatching(/already used/) });
  });

  it('treats a replayed refresh token as a leak: the whole grant is revoked', async () => {
    const first = await launchToken(sandbox, PATIENT);
    const second = (await (await refresh(first.refresh_token ?? '')).json()) as TokenBody;
    expect((await refresh(first.refresh_token ?? '')).status).toBe(400);
    expect((await fhirGet(sandbox, `Patient/${PATIENT}`, second.access_token)).status).toBe(401);
    expect((await refresh(second.refresh_token ?? '')).status).toBe(400);
  });
});

describe('scopes the client is not registered for', () => {
  it.each([
    ['user/*.cruds system/*.*', 'user/*.cruds system/*.*'],
    ['patient/*.cruds', 'patient/*.cruds'],
    ['patient/Condition.write', 'patient/Condition.write'],
  ])('refuses %s with invalid_scope, naming them', async (extra, named) => {
    const launch = await launchIdFor(sandbox, PATIENT);
    const { location } = await callAuthorize(sandbox, { launch, challenge: pkcePair().challenge, scope: `launch openid fhirUser online_access patient/*.rs ${extra}` });
    expect(location?.searchParams.get('error')).toBe('invalid_scope');
    expect(location?.searchParams.get('error_description')).toContain(named);
    expect(location?.searchParams.get('code')).toBeNull();
  });

  it('grants registered scopes as asked (profile aside: the id_token carries fhirUser only)', async () => {
    const token = await launchToken(sandbox, PATIENT, { scope: 'launch openid fhirUser profile online_access patient/Condition.rs patient/Patient.read patient/Observation.rs?category=laboratory' });
    expect(token.scope.split(' ')).toEqual(['launch', 'openid', 'fhirUser', 'online_access', 'patient/Condition.rs', 'patient/Patient.read', 'patient/Observation.rs?category=laboratory']);
  });

  it('narrow_scope simulation: narrows them to patient/ read and search instead, as some EHRs do', async () => {
    const token = await launchToken(sandbox, PATIENT, { sim: 'narrow_scope', scope: 'launch openid fhirUser online_access patient/*.cruds user/*.cruds patient/Condition.read' });
    expect(token.scope.split(' ').sort()).toEqual(['fhirUser', 'launch', 'online_access', 'openid', 'patient/*.rs', 'patient/Condition.read']);
  });
});

describe('RFC 9207: the authorization response names its issuer', () => {
  it('advertises it, and puts iss on codes and on errors', async () => {
    const discovery = (await (await fhirGet(sandbox, '.well-known/smart-configuration')).json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({ issuer: new URL(sandbox.ehrUrl).origin, authorization_response_iss_parameter_supported: true });
    const { location } = await ehrLaunchCode(sandbox, PATIENT);
    expect(location.searchParams.get('iss')).toBe(discovery.issuer);
    const failed = await callAuthorize(sandbox, { launch: await launchIdFor(sandbox, PATIENT), challenge: null });
    expect(failed.location?.searchParams.get('error')).toBe('invalid_request');
    expect(failed.location?.searchParams.get('iss')).toBe(discovery.issuer);
  });
});
