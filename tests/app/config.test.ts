import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, matchConfig, placeholderProblem, scopeFor, validateConfig, type EhrConfig } from '../../src/app/config';
import { authorizeParams, KNOWN_SERVERS, launchRequest, startLaunch } from '../../src/app/launch';
import { readyProblem, tokenErrorParts, loadProblem } from '../../src/app/problems';
import { MemoryStorage } from './memory-storage';
import { PatientUnreadableError } from '../../src/fhir/loader';
import { FhirRequestError } from '../../src/fhir/source';
import { READ_RESOURCE_TYPES } from '../../src/fhir/queries';

const shipped = JSON.parse(readFileSync(new URL('../../public/smart-config.json', import.meta.url), 'utf8')) as unknown;
const configs = validateConfig(shipped);
const byName = (name: string) => configs.find((c) => c.name.includes(name))!;

function problemsOf(json: unknown): string[] {
  try {
    validateConfig(json);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('public/smart-config.json', () => {
  it('is valid, and every entry asks for every resource type the app reads', () => {
    expect(configs.length).toBeGreaterThanOrEqual(4);
    for (const entry of configs) {
      const scopes = entry.scope.split(' ');
      for (const type of READ_RESOURCE_TYPES) expect(scopes, `${entry.name}: ${type}`).toContain(`patient/${type}.rs`);
      expect(scopes).toContain('online_access');
      // fhirUser serves only as the author of chart writes: an entry asks for it exactly when it asks to write.
      const writes = scopes.some((s) => /^patient\/(DocumentReference|QuestionnaireResponse|ServiceRequest)\.[a-z]*c/.test(s));
      expect(scopes.includes('openid') && scopes.includes('fhirUser'), entry.name).toBe(writes);
    }
  });

  it('matches each server the picker offers, and the local sandbox only on its configured port', () => {
    expect(matchConfig(configs, 'http://localhost:4013/fhir')?.clientId).toBe('kyphoplasty-local');
    expect(matchConfig(configs, 'http://localhost:4013/fhir/')?.pkceMode).toBe('required');
    expect(matchConfig(configs, 'https://launch.smarthealthit.org/v/r4/sim/eyJhIjoiMSJ9/fhir')?.name).toContain('SMART Health IT');
    expect(matchConfig(configs, 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4')?.name).toContain('Epic');
    expect(matchConfig(configs, 'https://fhir-ehr-code.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d')?.name).toContain('Oracle');
    expect(matchConfig(configs, 'https://fhir-myrecord.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d')?.name).toContain('Oracle');
    for (const server of KNOWN_SERVERS) expect(matchConfig(configs, server.iss), server.name).toBeDefined();
  });

  it('accepts no other server: no catch-all, no other loopback port, no look-alike host', () => {
    for (const iss of [
      'https://old.example.org/fhir',
      'http://plain.example.org/fhir',
      'http://127.0.0.1:39211/fhir',
      'http://localhost:4014/fhir',
      'http://localhost:4013/fhir/other',
      'https://launch.smarthealthit.org.attacker.example/v/r4/fhir',
      'https://launch.smarthealthit.org@attacker.example/v/r4/fhir',
      'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4/../../../other',
      'https://fhir-ehr-code.cerner.com/r4/another-tenant',
    ]) expect(matchConfig(configs, iss), iss).toBeUndefined();
  });

  it('flags the documented placeholder client ids', () => {
    expect(placeholderProblem(byName('Epic'))).toContain('placeholder clientId');
    expect(placeholderProblem(byName('Oracle'))).toContain('placeholder clientId');
    expect(placeholderProblem(byName('Local'))).toBeUndefined();
  });
});

describe('validateConfig', () => {
  const good: EhrConfig = { name: 'X', iss: ['https://x.example/fhir'], clientId: 'c', scope: 'openid patient/Patient.rs', pkceMode: 'ifSupported' };

  it('names the entry and the field of each problem', () => {
    expect(problemsOf({})).toEqual(['must be a JSON array of EHR entries']);
    expect(problemsOf([])).toEqual(['lists no EHR entries']);
    expect(problemsOf([good, { ...good, name: 'Epic', clientId: '' }])).toEqual(['entry 2 ("Epic"): clientId: must be a non-empty string']);
    expect(problemsOf([{ ...good, iss: undefined, issMatch: '([' }])[0]).toMatch(/^entry 1 \("X"\): issMatch: not a valid regular expression/);
    expect(problemsOf([{ ...good, pkceMode: 'always' }])).toEqual(['entry 1 ("X"): pkceMode: must be one of ifSupported, required, disabled, unsafeV1']);
    expect(problemsOf([{ ...good, clientID: 'x' }])).toEqual(['entry 1 ("X"): unknown field "clientID" (did you mean "clientId"?)']);
    expect(problemsOf([{ ...good, scope: 'openid patient/Patient.rs patient.Observation' }])).toEqual(['entry 1 ("X"): scope: not a SMART scope: patient.Observation']);
    expect(problemsOf([{ ...good, scope: 'openid patient/Patient.' }])).toEqual(['entry 1 ("X"): scope: not a SMART scope: patient/Patient.']);
    expect(problemsOf([{ ...good, extraParams: { Observation: { category: 3 } } }])).toEqual(['entry 1 ("X"): extraParams.Observation: must map search parameters to strings']);
    expect(problemsOf([{ ...good, requestTimeoutMs: 50 }])).toEqual(['entry 1 ("X"): requestTimeoutMs: must be a whole number of milliseconds from 1000 to 120000']);
    expect(problemsOf([{ ...good, requestTimeoutMs: 45_000 }])).toEqual([]);
    expect(problemsOf(['nope'])).toEqual(['entry 1: must be an object']);
  });

  it.each([
    ['^https://'],
    ['^https://.*'],
    ['https://fhir\\.example\\.org/'],
    ['^https?://fhir\\.example\\.org/'],
    ['^https://[a-z]+\\.example\\.org/'],
    ['^https://fhir.example.org/'],
    ['^https://fhir\\.example\\.org'],
    ['^https://fhir\\.example\\.org/|.*'],
    ['^http://(localhost|127\\.0\\.0\\.1)(:\\d+)?/fhir/?$'],
    ['.*'],
  ])('refuses the catch-all or host-less issMatch %s, naming the entry', (issMatch) => {
    const problems = problemsOf([good, { ...good, name: 'Any HTTPS', iss: undefined, issMatch }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^entry 2 \("Any HTTPS"\): issMatch: .*does not pin the scheme and host/);
  });

  it('accepts a documented tenant pattern with a fixed host', () => {
    expect(problemsOf([{ ...good, iss: undefined, issMatch: '^https://fhir\\.epic\\.com/interconnect-fhir-oauth/api/FHIR/R4/?$' }])).toEqual([]);
    expect(problemsOf([{ ...good, iss: undefined, issMatch: '^https://fhir\\.example\\.org:8443/(a|b)/R4$' }])).toEqual([]);
  });

  it('wants exact https base URLs in iss and origins in authOrigins', () => {
    expect(problemsOf([{ ...good, iss: undefined }])).toEqual(['entry 1 ("X"): iss: list the FHIR base URLs this entry is for, e.g. ["https://fhir.example.org/R4"]']);
    expect(problemsOf([{ ...good, iss: 'https://x.example/fhir' }])).toEqual(['entry 1 ("X"): iss: must be a non-empty array of FHIR base URLs']);
    expect(problemsOf([{ ...good, iss: ['http://x.example/fhir'] }])).toEqual(['entry 1 ("X"): iss: "http://x.example/fhir" must use https (http only for localhost)']);
    expect(problemsOf([{ ...good, iss: ['https://x.example/fhir?tenant=1'] }])[0]).toContain('must be a plain base URL');
    expect(problemsOf([{ ...good, iss: ['http://localhost:4013/fhir'] }])).toEqual([]);
    expect(problemsOf([{ ...good, authOrigins: ['https://auth.x.example/'] }])).toEqual(['entry 1 ("X"): authOrigins: "https://auth.x.example/" is not an origin (scheme://host[:port], no path or trailing slash)']);
    expect(problemsOf([{ ...good, authOrigins: [] }])).toEqual(['entry 1 ("X"): authOrigins: must be a non-empty array of origins']);
    expect(problemsOf([{ ...good, authOrigins: ['https://auth.x.example'] }])).toEqual([]);
  });

  it('loadConfig turns fetch and JSON failures into readable messages', async () => {
    const answer = (body: string, status = 200) => (async () => new Response(body, { status })) as unknown as typeof fetch;
    await expect(loadConfig(answer('', 404))).rejects.toThrow('smart-config.json: could not be fetched (HTTP 404)');
    await expect(loadConfig(answer('[{'))).rejects.toThrow(/smart-config.json: is not valid JSON/);
    await expect(loadConfig((async () => { throw new TypeError('offline'); }) as unknown as typeof fetch)).rejects.toThrow('could not be fetched (network error)');
    await expect(loadConfig(answer(JSON.stringify(shipped)))).resolves.toHaveLength(configs.length);
  });
});

describe('launch parameters', () => {
  const local = byName('Local');

  it('EHR launch asks for launch; standalone for launch/patient', () => {
    expect(scopeFor(local, 'ehr').split(' ').slice(0, 2)).toEqual(['launch', 'openid']);
    expect(scopeFor(local, 'standalone').split(' ')).toContain('launch/patient');
    expect(scopeFor({ ...local, scope: 'launch launch/patient openid' }, 'ehr')).toBe('launch openid');
  });

  it('builds fhirclient options: redirect to index.html, PKCE mode, sign-in completed in the app\'s own window', () => {
    const request = launchRequest(new URL('http://localhost:4010/launch.html?iss=http%3A%2F%2Flocalhost%3A4013%2Ffhir&launch=xyz'))!;
    expect(request).toEqual({ iss: 'http://localhost:4013/fhir', launch: 'xyz' });
    expect(authorizeParams(local, request)).toEqual({
      iss: 'http://localhost:4013/fhir', launch: 'xyz', clientId: 'kyphoplasty-local', scope: scopeFor(local, 'ehr'),
      redirectUri: 'index.html', pkceMode: 'required', completeInTarget: true,
    });
    expect(authorizeParams(local, { iss: 'http://localhost:4013/fhir' })).toMatchObject({ completeInTarget: true, scope: scopeFor(local, 'standalone') });
    expect(authorizeParams({ ...local, completeInTarget: false }, request)).toMatchObject({ completeInTarget: false });
    expect(launchRequest(new URL('http://localhost:4010/launch.html'))).toBeUndefined();
  });

  it('reports no matching entry, a placeholder client id and an authorize failure without calling alert', async () => {
    const deps = {
      config: async () => configs,
      authorize: async () => { throw new Error('Failed to fetch the well-known json "x". boom\nmore'); },
      discover: async () => undefined,
      storage: new MemoryStorage(),
      navigate: () => { throw new Error('must not navigate'); },
    };
    expect(await startLaunch({ iss: 'http://nowhere.example/fhir' }, deps)).toEqual({ kind: 'failed', problem: { kind: 'no-config-match', iss: 'http://nowhere.example/fhir' } });
    const epic = await startLaunch({ iss: 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4' }, deps);
    expect(epic).toMatchObject({ kind: 'failed', problem: { kind: 'config' } });
    expect(await startLaunch({ iss: 'http://localhost:4013/fhir' }, deps)).toEqual({
      kind: 'failed', problem: { kind: 'launch-failed', iss: 'http://localhost:4013/fhir', message: 'Failed to fetch the well-known json "x". boom' },
    });
    const broken = await startLaunch({ iss: 'http://localhost:4013/fhir' }, { ...deps, config: async () => { throw new ConfigError(['entry 1: x']); } });
    expect(broken).toEqual({ kind: 'failed', problem: { kind: 'config', message: 'smart-config.json: entry 1: x' } });
  });
});

describe('problems', () => {
  it('classifies ready() failures', () => {
    const none = new URLSearchParams();
    expect(readyProblem(new Error("No 'state' parameter found. Please (re)launch the app."), none).kind).toBe('not-launched');
    expect(readyProblem(new Error('access_denied: The user said no'), new URLSearchParams('error=access_denied&error_description=The+user+said+no&state=s'))).toEqual({
      kind: 'auth-error', stage: 'authorize', error: 'access_denied', description: 'The user said no',
    });
    const tokenFailure = new Error('400 Bad Request\nURL: http://localhost:4013/auth/token\ninvalid_grant: The authorization code was already used');
    expect(readyProblem(tokenFailure, new URLSearchParams('code=abc&state=s'))).toEqual({
      kind: 'auth-error', stage: 'token', error: 'invalid_grant', description: 'The authorization code was already used',
    });
    expect(tokenErrorParts(new Error('Failed to obtain access token.'))).toEqual({ error: 'Failed to obtain access token.' });
    expect(readyProblem(new Error('weird'), none)).toEqual({ kind: 'unexpected', message: 'weird' });
  });

  it('classifies load failures: 401 is a session that expired, other Patient failures are unreadable', () => {
    const unauthorized = new FhirRequestError('http', 'not authorized (session expired?)', 401);
    expect(loadProblem(new PatientUnreadableError('Patient: not authorized (session expired?) (401)', unauthorized)).kind).toBe('session-expired');
    expect(loadProblem(new PatientUnreadableError('Patient: not found (404)', new FhirRequestError('http', 'not found', 404)))).toEqual({ kind: 'patient-unreadable', message: 'Patient: not found (404)' });
    expect(loadProblem(unauthorized).kind).toBe('session-expired');
  });
});
