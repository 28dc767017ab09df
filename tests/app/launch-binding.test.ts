// The launch is bound to the FHIR server's own authorization server: endpoints on other origins stop it before the
// browser leaves the app, and an authorization response from another issuer stops it before the token request.
import { describe, expect, it, vi } from 'vitest';
import type { fhirclient } from 'fhirclient/lib/types';
import type { EhrConfig } from '../../src/app/config';
import { startLaunch, type LaunchDeps } from '../../src/app/launch';
import { assertAuthorizationResponse, authorizationResponseProblem, discover, LaunchSecurityError, type Discovery } from '../../src/app/launch-binding';
import { readyProblem } from '../../src/app/problems';
import { keptConfig } from '../../src/app/kept-config';
import { MemoryStorage } from './memory-storage';

const ISS = 'https://ehr.example.org/fhir';
const EHR_AUTH = 'https://ehr.example.org/oauth2';
const ATTACKER = 'https://attacker.example.net';
const entry: EhrConfig = { name: 'Example EHR', iss: [ISS], clientId: 'app', scope: 'openid patient/Patient.rs', pkceMode: 'ifSupported' };

interface Server {
  /** What the app's own discovery fetch sees. */
  discovery?: Partial<Discovery>;
  /** What fhirclient's own discovery found (it fetches again). */
  authorizeUri?: string;
  tokenUri?: string;
}

function launchDeps(server: Server, configs: EhrConfig[] = [entry]) {
  const storage = new MemoryStorage();
  const navigate = vi.fn<(url: string) => void>();
  const authorize = vi.fn(async (params: fhirclient.AuthorizeParams) => {
    // As fhirclient does: state in sessionStorage under a random key, the authorize URL carrying it.
    const state = 'state-key-1';
    storage.setItem(state, JSON.stringify({ serverUrl: params.iss, authorizeUri: server.authorizeUri ?? `${EHR_AUTH}/authorize`, tokenUri: server.tokenUri ?? `${EHR_AUTH}/token` }));
    expect(params.noRedirect).toBe(true);
    return `${server.authorizeUri ?? `${EHR_AUTH}/authorize`}?response_type=code&state=${state}&aud=${encodeURIComponent(String(params.iss))}`;
  });
  const discoverFn = vi.fn(async (): Promise<Discovery | undefined> =>
    server.discovery === undefined ? undefined : { issParameterSupported: false, authorizationEndpoint: `${EHR_AUTH}/authorize`, tokenEndpoint: `${EHR_AUTH}/token`, ...server.discovery },
  );
  const deps: LaunchDeps = { config: async () => configs, authorize, discover: discoverFn, storage, navigate };
  return { deps, storage, navigate, authorize, discover: discoverFn };
}

describe('launch: the authorization server must be the FHIR server\'s own', () => {
  it('an iss no entry lists stops before any request to it', async () => {
    const { deps, discover: discoverFn, authorize, navigate } = launchDeps({ discovery: {} });
    expect(await startLaunch({ iss: 'https://attacker.example.net/fhir', launch: 'x' }, deps)).toEqual({
      kind: 'failed', problem: { kind: 'no-config-match', iss: 'https://attacker.example.net/fhir' },
    });
    expect(discoverFn).not.toHaveBeenCalled();
    expect(authorize).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('goes to the authorize endpoint and records the binding when every endpoint is on the iss origin', async () => {
    const { deps, navigate, storage } = launchDeps({ discovery: { issuer: EHR_AUTH, issParameterSupported: true } });
    const outcome = await startLaunch({ iss: ISS, launch: 'l1' }, deps);
    expect(outcome).toMatchObject({ kind: 'redirecting', entry: { name: 'Example EHR' } });
    expect(navigate).toHaveBeenCalledOnce();
    expect(new URL(navigate.mock.calls[0]![0]).origin).toBe('https://ehr.example.org');
    expect(JSON.parse(storage.getItem('kyphoplasty-launch-binding:state-key-1') ?? '{}')).toEqual({
      iss: ISS, authOrigins: ['https://ehr.example.org'], issuer: EHR_AUTH, issParameterRequired: true,
    });
    // The validated configuration, for the app page (issue 22); a refused launch keeps nothing (storage empty below).
    expect(keptConfig(storage)).toEqual([entry]);
  });

  it.each([
    ['token at the attacker', { tokenEndpoint: `${ATTACKER}/token` }, 'token'],
    ['authorize at the attacker', { authorizationEndpoint: `${ATTACKER}/authorize` }, 'authorize'],
    ['an issuer claimed on another origin', { issuer: 'https://other-ehr.example.com/oauth2' }, 'issuer'],
  ] as const)('discovery with %s stops the launch before fhirclient runs', async (_name, discovery, endpoint) => {
    const { deps, navigate, authorize } = launchDeps({ discovery });
    const outcome = await startLaunch({ iss: ISS, launch: 'l1' }, deps);
    expect(outcome).toMatchObject({ kind: 'failed', problem: { kind: 'untrusted-auth-server', iss: ISS, endpoint, allowed: ['https://ehr.example.org'] } });
    expect(authorize).not.toHaveBeenCalled();
    expect(navigate).not.toHaveBeenCalled();
  });

  it('checks the endpoints fhirclient will use, not only the ones the app saw (a server that answers twice differently)', async () => {
    const { deps, navigate, storage } = launchDeps({ discovery: {}, tokenUri: `${ATTACKER}/token` });
    const outcome = await startLaunch({ iss: ISS, launch: 'l1' }, deps);
    expect(outcome).toMatchObject({ kind: 'failed', problem: { kind: 'untrusted-auth-server', endpoint: 'token', url: `${ATTACKER}/token` } });
    expect(navigate).not.toHaveBeenCalled();
    expect(storage.items.size).toBe(0);
  });

  it('authOrigins allows an authorization server on another origin, and only that one', async () => {
    const split: EhrConfig = { ...entry, authOrigins: ['https://auth.example.org'] };
    const ok = launchDeps({ discovery: { authorizationEndpoint: 'https://auth.example.org/a', tokenEndpoint: 'https://auth.example.org/t' }, authorizeUri: 'https://auth.example.org/a', tokenUri: 'https://auth.example.org/t' }, [split]);
    expect(await startLaunch({ iss: ISS }, ok.deps)).toMatchObject({ kind: 'redirecting' });
    const sameOriginNow = launchDeps({ discovery: {} }, [split]);
    expect(await startLaunch({ iss: ISS }, sameOriginNow.deps)).toMatchObject({ kind: 'failed', problem: { kind: 'untrusted-auth-server', allowed: ['https://auth.example.org'] } });
  });

  it('a server with no authorization endpoint is a failed launch, not an unauthenticated one', async () => {
    const { deps, navigate } = launchDeps({ discovery: undefined, authorizeUri: '' });
    deps.authorize = async () => 'https://app.example/index.html?state=state-key-1';
    expect(await startLaunch({ iss: ISS }, deps)).toMatchObject({ kind: 'failed', problem: { kind: 'launch-failed' } });
    expect(navigate).not.toHaveBeenCalled();
  });
});

describe('the authorization response (RFC 9207)', () => {
  async function launched(discovery: Partial<Discovery>) {
    const setup = launchDeps({ discovery });
    await startLaunch({ iss: ISS, launch: 'l1' }, setup.deps);
    return setup.storage;
  }

  it('accepts the code when iss is the issuer the launch went to, or absent from a server that does not send it', async () => {
    expect(authorizationResponseProblem(new URLSearchParams(`code=c&state=state-key-1&iss=${encodeURIComponent(EHR_AUTH)}`), await launched({ issuer: EHR_AUTH, issParameterSupported: true }))).toBeUndefined();
    expect(authorizationResponseProblem(new URLSearchParams('code=c&state=state-key-1'), await launched({}))).toBeUndefined();
  });

  it('refuses a code whose iss names another server, and forgets the launch so that a reload cannot use it', async () => {
    const storage = await launched({ issuer: EHR_AUTH, issParameterSupported: true });
    const query = new URLSearchParams('code=c&state=state-key-1&iss=https%3A%2F%2Fother.example%2Ffhir');
    expect(() => assertAuthorizationResponse(query, storage)).toThrow(LaunchSecurityError);
    // Only the tab's validated configuration stays (./kept-config.ts): nothing of this launch.
    expect([...storage.items.keys()]).toEqual(['kyphoplasty-config']);
    let thrown: unknown;
    try {
      assertAuthorizationResponse(query, await launched({ issuer: EHR_AUTH, issParameterSupported: true }));
    } catch (error) {
      thrown = error;
    }
    expect(readyProblem(thrown, query)).toEqual({ kind: 'issuer-mismatch', expected: EHR_AUTH, received: 'https://other.example/fhir' });
  });

  it('refuses a code without iss from a server that promised it; checks iss even when the server did not promise it', async () => {
    expect(authorizationResponseProblem(new URLSearchParams('code=c&state=state-key-1'), await launched({ issuer: EHR_AUTH, issParameterSupported: true }))).toEqual({ kind: 'issuer-mismatch', expected: EHR_AUTH });
    expect(authorizationResponseProblem(new URLSearchParams('code=c&state=state-key-1&iss=https%3A%2F%2Fx.example'), await launched({}))).toEqual({ kind: 'issuer-mismatch', expected: ISS, received: 'https://x.example' });
  });

  it('refuses a code for a launch this app\'s launch page did not prepare; leaves errors and reloads to ready()', () => {
    const storage = new MemoryStorage();
    storage.setItem('s2', JSON.stringify({ serverUrl: ISS, tokenUri: `${ATTACKER}/token` }));
    expect(authorizationResponseProblem(new URLSearchParams('code=c&state=s2'), storage)).toMatchObject({ kind: 'not-launched' });
    expect(authorizationResponseProblem(new URLSearchParams('error=access_denied&state=s2'), storage)).toBeUndefined();
    expect(authorizationResponseProblem(new URLSearchParams('code=c&state=unknown'), storage)).toBeUndefined();
  });
});

describe('discover', () => {
  it('reads the endpoints, the issuer and RFC 9207 support; undefined when there is no SMART configuration', async () => {
    const getJson = vi.fn(async (_url: string): Promise<unknown> => ({ issuer: EHR_AUTH, authorization_endpoint: 'a', token_endpoint: 't', authorization_response_iss_parameter_supported: true }));
    expect(await discover(`${ISS}/`, getJson)).toEqual({ issuer: EHR_AUTH, authorizationEndpoint: 'a', tokenEndpoint: 't', issParameterSupported: true });
    // Spelt as fhirclient spells it, so fhirclient's cache answers its own authorize() from this one fetch.
    expect(getJson.mock.calls[0]![0]).toBe(`${ISS}/.well-known/smart-configuration`);
    expect(await discover(ISS, async () => { throw new Error('404'); })).toBeUndefined();
    expect(await discover(ISS, async () => 'not an object')).toBeUndefined();
    expect(await discover(ISS, async () => { throw new TypeError('offline'); })).toBeUndefined();
  });
});
