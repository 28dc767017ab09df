// Request routing of the EHR origin: launcher pages, the SMART authorization server and the FHIR
// API (at /fhir, and at /sim/<simulation>/fhir for standalone launches with an error simulation).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authorize, pickPatient, sendAuthorizeRedirect, type AuthorizeDeps, type AuthorizeOutcome } from './auth/authorize-endpoint';
import { EHR_SESSION_COOKIE, sessionCookie } from './auth/launch-id';
import { randomToken } from './auth/grants';
import { handleOrderRoute, type OrderRouteDeps } from './cds-client/order-routes';
import { NO_STORE, OAuthError, sendOAuthError } from './auth/oauth-errors';
import { parseSimulation, SIMULATIONS, STANDALONE_SIMULATION_COOKIE, type Simulation } from './auth/simulation';
import { exchangeToken, type TokenDeps } from './auth/token-endpoint';
import { openidConfiguration } from './auth/id-token';
import { writtenResources } from './fhir/written-resources';
import { writtenPage } from './pages/written-page';
import { handleFhirRequestWithFaults, type FaultInjector } from './fhir/faults';
import { handleFhirRequest, type FhirApi } from './fhir/fhir-api';
import { fhirError } from './fhir/outcome';
import { BodyTooLargeError, mediaType, readBody } from '../http-kit/body';
import { parseEhrProfile } from './fhir/ehr-profiles';
import { readCookie, setCookie } from './http/cookies';
import { answerPreflight, applyCors, bothNames, twinOrigin, type CorsPolicy } from '../http-kit/cors';
import { pageCsp } from './http/html';
import { redirect, sendFhirJson, sendHtml, sendJson, sendText } from '../http-kit/respond';
import { embeddedChartPage } from './pages/embedded-chart-page';
import { authorizeErrorPage } from './pages/error-page';
import { launcherPage } from './pages/launcher-page';
import { patientPickerPage } from './pages/picker-page';
import { twoFramePage } from './pages/two-frame-page';
import { SANDBOX_CSS } from './pages/stylesheet';
import type { BulkService } from './bulk/index';

export interface EhrDeps extends AuthorizeDeps {
  token: TokenDeps;
  fhir: FhirApi;
  cors: CorsPolicy;
  appOrigin: string;
  latencyMs: number;
  /** Test-only fault injection on the FHIR API (./fhir/faults.ts); absent in normal use. */
  faults?: FaultInjector;
  /** The ordering-EHR side of CDS Hooks (order entry, card launches), when a CDS service is configured. */
  orders?: Omit<OrderRouteDeps, 'issueLaunch'>;
  /** Bulk Data export and Backend Services tokens (./bulk/). */
  bulk?: BulkService;
}

const FHIR_PREFIX = new RegExp(`^(/fhir|/sim/(${SIMULATIONS.join('|')})/fhir)(/.*)?$`);

function appLaunchUrl(deps: EhrDeps, iss: string, launch?: string): string {
  const url = new URL('/launch.html', deps.appOrigin);
  url.searchParams.set('iss', iss);
  if (launch) url.searchParams.set('launch', launch);
  return url.toString();
}

function csp(deps: EhrDeps, frames = false): string {
  return pageCsp([new URL(deps.appOrigin).origin], frames, bothNames(deps.endpoints.origin));
}

function sendAuthorizeOutcome(deps: EhrDeps, res: ServerResponse, outcome: AuthorizeOutcome, clearSimulation = false): void {
  if (clearSimulation) res.setHeader('Set-Cookie', setCookie(STANDALONE_SIMULATION_COOKIE, '', '/auth', 0));
  if (outcome.kind === 'redirect') return sendAuthorizeRedirect(res, outcome, deps.endpoints.origin);
  if (outcome.kind === 'picker') {
    return sendHtml(res, 200, patientPickerPage(outcome.requestId, deps.patients.list(), deps.client.clientId), csp(deps));
  }
  sendHtml(res, 400, authorizeErrorPage(outcome.error, outcome.description, deps.endpoints.launcherUrl), csp(deps));
}

/** The browser's EHR session: the one its cookie names, else a new one (set on the response). */
function ehrSession(req: IncomingMessage, res: ServerResponse): string {
  const existing = readCookie(req, EHR_SESSION_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const session = randomToken(24);
  res.setHeader('Set-Cookie', sessionCookie(session));
  return session;
}

/** GET /launch: the launcher form's target; redirects to the app (or the embedded chart) with a fresh launch id. */
function launch(deps: EhrDeps, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  const simulation: Simulation = parseSimulation(query.get('sim') ?? 'none') ?? 'none';
  const [mode, patientId] = query.get('launch')?.split(':') ?? [query.get('mode') ?? '', query.get('patient') ?? ''];
  if (mode === 'standalone') {
    const cookie = setCookie(STANDALONE_SIMULATION_COOKIE, simulation, '/auth', simulation === 'none' ? 0 : 600);
    return redirect(res, appLaunchUrl(deps, deps.endpoints.fhirBaseUrl), { 'Set-Cookie': cookie });
  }
  const patient = deps.patients.get(patientId ?? '');
  if (!patient || (mode !== 'ehr' && mode !== 'embedded' && mode !== 'cross-site')) {
    return sendText(res, 400, 'Choose a launch mode (ehr, embedded, cross-site, standalone) and a known patient.');
  }
  // The launcher's EHR profile (sandbox/fhir/ehr-profiles.ts) travels with the launch id to every token of the grant.
  const profile = parseEhrProfile(query.get('profile'));
  const launchId = deps.launches.issue({ patient: patient.id, simulation, embedded: mode !== 'ehr', ...(profile ? { ehrProfile: profile } : {}) }, ehrSession(req, res));
  if (mode === 'ehr') return redirect(res, appLaunchUrl(deps, deps.endpoints.fhirBaseUrl, launchId));
  const chartPath = `/ehr/chart?launch=${encodeURIComponent(launchId)}`;
  // Cross-site: the chart under the EHR's other name (127.0.0.1), another site than the app's (localhost).
  const chartOrigin = mode === 'cross-site' ? twinOrigin(deps.endpoints.origin) : undefined;
  redirect(res, chartOrigin ? `${chartOrigin}${chartPath}` : chartPath);
}

/** GET /ehr/two-frames?patient=A&patient=B: two patients side by side, the app framed for each. */
function twoFrames(deps: EhrDeps, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  const patients = query.getAll('patient').map((id) => deps.patients.get(id));
  if (patients.length !== 2 || patients.some((p) => !p)) return sendText(res, 400, 'Name two known patients: /ehr/two-frames?patient=A&patient=B');
  // One EHR session for both launches: both frames redeem their id with the same browser cookie.
  const session = ehrSession(req, res);
  const framed = patients.map((patient) => ({
    patient: patient!,
    appLaunchUrl: appLaunchUrl(deps, deps.endpoints.fhirBaseUrl, deps.launches.issue({ patient: patient!.id, simulation: 'none', embedded: true }, session)),
  }));
  sendHtml(res, 200, twoFramePage(framed, deps.endpoints.launcherUrl), csp(deps, true));
}

/** GET /ehr/written?patient=ID: the notes, answers and draft orders apps wrote for the patient. */
async function written(deps: EhrDeps, res: ServerResponse, query: URLSearchParams): Promise<void> {
  const patient = deps.patients.get(query.get('patient') ?? '');
  if (!patient) return sendText(res, 400, 'Name a known patient: /ehr/written?patient=ID');
  sendHtml(res, 200, writtenPage(patient, await writtenResources(deps.fhir, patient.id), deps.endpoints.launcherUrl), csp(deps));
}

function chart(deps: EhrDeps, req: IncomingMessage, res: ServerResponse, query: URLSearchParams): void {
  const launchId = query.get('launch') ?? '';
  const acrossSites = new URL(`http://${req.headers.host ?? 'x'}`).origin === twinOrigin(deps.endpoints.origin);
  const context = acrossSites ? deps.launches.peekAcrossSites(launchId) : deps.launches.peek(launchId, readCookie(req, EHR_SESSION_COOKIE));
  const patient = deps.patients.get(context?.patient ?? '');
  if (!patient) return sendText(res, 400, 'Unknown launch: open the chart from the launcher.');
  const orderUrl = deps.orders ? `/ehr/order?patient=${encodeURIComponent(patient.id)}` : undefined;
  sendHtml(res, 200, embeddedChartPage(patient, appLaunchUrl(deps, deps.endpoints.fhirBaseUrl, launchId), deps.endpoints.launcherUrl, orderUrl), csp(deps, true));
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
  }
  return new URLSearchParams(await readBody(req));
}

async function token(deps: EhrDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  applyCors(req, res, deps.cors);
  if (answerPreflight(req, res, deps.cors, 'POST, OPTIONS')) return;
  try {
    if (req.method !== 'POST') throw new OAuthError('invalid_request', 'Use POST');
    const form = await formBody(req);
    if (deps.bulk && form.get('grant_type') === 'client_credentials') return sendJson(res, 200, await deps.bulk.token(form), NO_STORE);
    sendJson(res, 200, exchangeToken(deps.token, form), NO_STORE);
  } catch (error) {
    if (error instanceof OAuthError) return sendOAuthError(res, error);
    if (error instanceof BodyTooLargeError) return sendOAuthError(res, new OAuthError('invalid_request', error.message));
    throw error;
  }
}

async function fhir(deps: EhrDeps, req: IncomingMessage, res: ServerResponse, url: URL, match: RegExpExecArray): Promise<void> {
  applyCors(req, res, deps.cors);
  if (answerPreflight(req, res, deps.cors, 'GET, HEAD, POST, OPTIONS')) return;
  if (deps.latencyMs > 0) await sleep(deps.latencyMs);
  const fhirBaseUrl = `${deps.endpoints.origin}${match[1]}`;
  const target = { fhirBaseUrl, path: (match[3] ?? '').replace(/^\//, ''), query: url.searchParams };
  if (deps.faults) return handleFhirRequestWithFaults(deps.fhir, deps.faults, req, res, target);
  await handleFhirRequest(deps.fhir, req, res, target);
}

/** OpenID discovery and the id_token signing keys (JWKS): public, for the app to check an id_token. */
function openid(deps: EhrDeps, req: IncomingMessage, res: ServerResponse, path: string): void {
  applyCors(req, res, deps.cors);
  if (answerPreflight(req, res, deps.cors, 'GET, OPTIONS')) return;
  const issuer = deps.token.idTokens;
  if (!issuer) return sendText(res, 404, 'No OpenID Connect here');
  if (path === '/auth/jwks') return sendJson(res, 200, issuer.signer.jwks());
  sendJson(res, 200, openidConfiguration(issuer.issuer, `${deps.endpoints.origin}/auth/jwks`, deps.endpoints.authorizeUrl, deps.endpoints.tokenUrl));
}

export function ehrRequestHandler(deps: EhrDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', deps.endpoints.origin);
    const path = url.pathname;
    try {
      if (deps.bulk && (await deps.bulk.handle(req, res, url))) return;
      const fhirMatch = FHIR_PREFIX.exec(path);
      if (fhirMatch) return await fhir(deps, req, res, url, fhirMatch);
      if (path === '/auth/token') return await token(deps, req, res);
      if (path === '/.well-known/openid-configuration' || path === '/auth/jwks') return openid(deps, req, res, path);
      if (path === '/auth/authorize' && (req.method === 'GET' || req.method === 'POST')) {
        const params = req.method === 'POST' ? await formBody(req) : url.searchParams;
        const cookie = readCookie(req, STANDALONE_SIMULATION_COOKIE);
        const standalone = parseSimulation(cookie) ?? 'none';
        const browser = { session: readCookie(req, EHR_SESSION_COOKIE), standaloneSimulation: standalone };
        return sendAuthorizeOutcome(deps, res, authorize(deps, params, browser), cookie !== undefined);
      }
      if (path === '/auth/pick' && req.method === 'POST') return sendAuthorizeOutcome(deps, res, pickPatient(deps, await formBody(req)));
      if (deps.orders && (await handleOrderRoute({ ...deps.orders, issueLaunch: (context, q, r) => deps.launches.issue(context, ehrSession(q, r)) }, req, res, url))) return;
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
      if (path === '/') {
        const view = {
          patients: deps.patients.list(),
          fhirBaseUrl: deps.endpoints.fhirBaseUrl,
          appOrigin: deps.appOrigin,
          clientId: deps.client.clientId,
          redirectUris: deps.client.redirectUris,
          ...(deps.fhir.ehrProfile ? { ehrProfile: deps.fhir.ehrProfile } : {}),
          // Launch ids are single use: the copyable link asks this EHR for a fresh one each time.
          ehrLaunchUrl: (id: string) => `${deps.endpoints.origin}/launch?launch=ehr:${encodeURIComponent(id)}&sim=none`,
        };
        return sendHtml(res, 200, launcherPage(view), csp(deps));
      }
      if (path === '/launch') return launch(deps, req, res, url.searchParams);
      if (path === '/ehr/chart') return chart(deps, req, res, url.searchParams);
      if (path === '/ehr/two-frames') return twoFrames(deps, req, res, url.searchParams);
      if (path === '/ehr/written') return await written(deps, res, url.searchParams);
      if (path === '/favicon.ico') return void res.writeHead(204).end();
      if (path === '/sandbox.css') return sendText(res, 200, SANDBOX_CSS, { 'Content-Type': 'text/css; charset=utf-8' });
      if (path === '/smart-style.json') {
        applyCors(req, res, deps.cors);
        return sendJson(res, 200, { color_background: '#f6f7f9', color_highlight: '#234', color_text: '#1d2329', font_family_body: 'system-ui, sans-serif' });
      }
      sendText(res, 404, 'Not found');
    } catch (error) {
      if (res.headersSent) return void res.destroy();
      if (error instanceof OAuthError) return sendHtml(res, 400, authorizeErrorPage(error.error, error.description, deps.endpoints.launcherUrl), csp(deps));
      const outcome = fhirError(500, 'exception', `Internal error: ${(error as Error).message}`);
      sendFhirJson(res, 500, outcome.outcome);
    }
  };
}
