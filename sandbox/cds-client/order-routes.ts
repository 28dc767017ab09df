// Routes of the sandbox acting as an ordering EHR: the order entry page of the mock chart, the
// launch behind a card's smart link (appContext and the order as fhirContext), and the JWK Set the
// CDS service checks the sandbox's JWTs with.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LaunchContext } from '../auth/launch-id';
import { mediaType, readBody } from '../../http-kit/body';
import { pageCsp } from '../http/html';
import { redirect, sendHtml, sendJson, sendText } from '../../http-kit/respond';
import { ORDERABLE_LEVELS, orderEntryPage, orderResultPage } from '../pages/order-page';
import type { PatientDirectory } from '../patient-directory';
import { CDS_JWKS_PATH, draftKyphoplastyOrder, type EhrCdsClient } from './ehr-cds-client';

export interface OrderRouteDeps {
  cdsClient: EhrCdsClient;
  patients: PatientDirectory;
  appOrigin: string;
  fhirBaseUrl: string;
  launcherUrl: string;
  /** Issues an opaque, single-use launch id bound to this browser's EHR session (sandbox/auth/launch-id.ts). */
  issueLaunch(context: LaunchContext, req: IncomingMessage, res: ServerResponse): string;
}

function appLaunch(deps: OrderRouteDeps, launchId: string): string {
  const url = new URL('/launch.html', deps.appOrigin);
  url.searchParams.set('iss', deps.fhirBaseUrl);
  url.searchParams.set('launch', launchId);
  return url.toString();
}

/** Handles the route and returns true, or returns false when the path is not one of these. */
export async function handleOrderRoute(deps: OrderRouteDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const csp = pageCsp([new URL(deps.appOrigin).origin]);
  if (url.pathname === CDS_JWKS_PATH && req.method === 'GET') {
    sendJson(res, 200, deps.cdsClient.jwks, { 'Cache-Control': 'no-cache' });
    return true;
  }
  if (url.pathname === '/ehr/order' && req.method === 'GET') {
    // The EHR knows whose chart is open; the launch id of the chart's frame is single-use and already redeemed.
    const patient = deps.patients.get(url.searchParams.get('patient') ?? '');
    if (!patient) sendText(res, 400, 'Unknown patient: open the chart from the launcher.');
    else sendHtml(res, 200, orderEntryPage(patient, deps.launcherUrl), csp);
    return true;
  }
  if (url.pathname === '/ehr/order' && req.method === 'POST') {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      sendText(res, 415, 'The order form posts application/x-www-form-urlencoded');
      return true;
    }
    const form = new URLSearchParams(await readBody(req));
    const patient = deps.patients.get(form.get('patient') ?? '');
    const level = form.get('level') ?? '';
    if (!patient || !ORDERABLE_LEVELS.includes(level)) {
      sendText(res, 400, 'Choose a level (T1-L5) on the chart of a known patient.');
      return true;
    }
    const order = draftKyphoplastyOrder({ patientId: patient.id, level });
    const calls = await deps.cdsClient.orderHooks(patient.id, order);
    const reference = `ServiceRequest/${String(order.id)}`;
    const page = orderResultPage(patient, level, calls, deps.launcherUrl, (call, index) => {
      const appContext = call.cards[0]?.links?.[index]?.appContext;
      const params = new URLSearchParams({ patient: patient.id, order: reference, ...(appContext ? { appContext } : {}) });
      return { href: `/ehr/card-launch?${params.toString()}` };
    });
    sendHtml(res, 200, page, csp);
    return true;
  }
  if (url.pathname === '/ehr/card-launch' && req.method === 'GET') {
    const patient = deps.patients.get(url.searchParams.get('patient') ?? '');
    if (!patient) {
      sendText(res, 400, 'Unknown patient.');
      return true;
    }
    const appContext = url.searchParams.get('appContext') ?? undefined;
    const order = url.searchParams.get('order') ?? undefined;
    const launchId = deps.issueLaunch(
      {
        patient: patient.id,
        simulation: 'none',
        embedded: false,
        ...(appContext && appContext.length <= 1024 ? { appContext } : {}),
        ...(order && /^ServiceRequest\/[A-Za-z0-9\-.]{1,64}$/.test(order) ? { fhirContext: [order] } : {}),
      },
      req,
      res,
    );
    redirect(res, appLaunch(deps, launchId));
    return true;
  }
  return false;
}
