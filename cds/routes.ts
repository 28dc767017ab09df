// The HTTP surface: GET /cds-services (discovery, public), POST /cds-services/{id} (a signed EHR call).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, mediaType, readBody } from '../http-kit/body';
import { answerPreflight, applyCors, corsPolicy, type CorsPolicy } from '../http-kit/cors';
import { sendJson } from '../http-kit/respond';
import { PatientUnreadableError } from '../src/fhir/loader';
import { AuthenticationError, createAuthenticator } from './auth';
import type { CdsConfig } from './config';
import { discoveryDocument, findService } from './discovery';
import { HookRequestError } from './hook-request';
import { reviewOrder } from './review';
import { FhirServerRefusedError } from './record-source';

export interface CdsRoutesOptions {
  config: CdsConfig;
  /** The service's own origin as callers name it, e.g. http://localhost:4015: the JWT audience is built from it. */
  publicBaseUrl: () => string;
  /** "Today" of the assessments (tests); the JWT checks always use the real clock. */
  today?: () => Date;
  log?: (line: string) => void;
}

type Severity = 'error' | 'fatal';

/** Errors as an OperationOutcome: what integrators' tools already know how to show. */
function sendOutcome(res: ServerResponse, status: number, code: string, diagnostics: string, headers: Record<string, string> = {}, severity: Severity = 'error') {
  sendJson(res, status, { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] }, headers);
}

function corsFor(origins: string[]): CorsPolicy {
  const any = origins.includes('*');
  const listed = corsPolicy(origins.filter((o) => o !== '*'));
  return { isAllowed: (origin) => any || listed.isAllowed(origin) };
}

/** Reads the JSON body within the limit. A declared length over it is drained and refused, so the client sees the 413. */
async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    await drain(req, limit * 16);
    throw new BodyTooLargeError(`request body over ${limit} bytes`);
  }
  const text = await readBody(req, limit);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HookRequestError(`the request body is not valid JSON (${(error as Error).message})`);
  }
}

function drain(req: IncomingMessage, cap: number): Promise<void> {
  return new Promise((resolve) => {
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap) {
        req.destroy();
        resolve();
      }
    });
    req.on('end', () => resolve());
    req.on('error', () => resolve());
    req.on('close', () => resolve());
  });
}

export function cdsRoutes(options: CdsRoutesOptions) {
  const { config } = options;
  const cors = corsFor(config.allowedOrigins);
  const auth = createAuthenticator(config);
  const log = options.log ?? (() => {});

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      applyCors(req, res, cors);
      if (answerPreflight(req, res, cors, 'GET, POST, OPTIONS')) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
      if (path === '/cds-services') {
        if (req.method !== 'GET') return sendOutcome(res, 405, 'not-supported', 'Use GET for discovery', { Allow: 'GET, OPTIONS' });
        return sendJson(res, 200, discoveryDocument(), { 'Cache-Control': 'no-cache' });
      }
      const match = /^\/cds-services\/([^/]+)$/.exec(path);
      let serviceId: string | undefined;
      try {
        serviceId = match ? decodeURIComponent(match[1]!) : undefined;
      } catch {
        serviceId = undefined;
      }
      const service = serviceId ? findService(serviceId) : undefined;
      if (!service) return sendOutcome(res, 404, 'not-found', `No CDS service at ${path}; see GET /cds-services`);
      if (req.method !== 'POST') return sendOutcome(res, 405, 'not-supported', 'Call a CDS service with POST', { Allow: 'POST, OPTIONS' });

      const audience = `${options.publicBaseUrl()}/cds-services/${service.id}`;
      let client;
      try {
        client = await auth.authenticate(req.headers.authorization, audience);
      } catch (error) {
        if (!(error instanceof AuthenticationError)) throw error;
        req.resume();
        return sendOutcome(res, 401, 'login', error.message, { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"` });
      }
      if (mediaType(req) !== 'application/json') {
        req.resume();
        return sendOutcome(res, 415, 'not-supported', 'The request body must be application/json');
      }
      const body = await readJsonBody(req, config.maxBodyBytes);
      const response = await reviewOrder(body, service, client.issuer, {
        appLaunchUrl: config.appLaunchUrl,
        today: options.today ?? (() => new Date()),
      });
      return sendJson(res, 200, response);
    } catch (error) {
      if (res.headersSent) return void res.end();
      if (error instanceof BodyTooLargeError) {
        return sendOutcome(res, 413, 'too-costly', `The request body is over the ${config.maxBodyBytes}-byte limit`, { Connection: 'close' });
      }
      if (error instanceof HookRequestError) return sendOutcome(res, 400, 'invalid', error.message);
      if (error instanceof FhirServerRefusedError) return sendOutcome(res, 403, 'forbidden', error.message);
      // CDS Hooks: 412 when the service cannot get the data it needs (no prefetch, no usable fhirServer).
      if (error instanceof PatientUnreadableError) return sendOutcome(res, 412, 'not-found', `The patient record could not be read: ${error.message}`);
      log(`cds: ${req.method} ${req.url}: ${(error as Error).stack ?? String(error)}`);
      return sendOutcome(res, 500, 'exception', 'The service failed; the error was logged', {}, 'fatal');
    }
  };
}
