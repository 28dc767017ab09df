// The HTTP surface: GET /cds-services (discovery, public), POST /cds-services/{id} (a signed EHR call),
// POST /cds-services/{id}/feedback (the EHR's report on a card, signed the same way). Every call to a
// service is one audit line (cds/audit.ts); per-caller limits answer 429 (cds/caller-limits.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, mediaType, readBody } from '../http-kit/body';
import { answerPreflight, applyCors, corsPolicy, type CorsPolicy } from '../http-kit/cors';
import { trimTrailingSlashes } from '../http-kit/paths';
import { sendJson } from '../http-kit/respond';
import { PatientUnreadableError } from '../src/fhir/loader';
import { auditId, type AuditEntry, type AuditLog, type AuditOutcome } from './audit';
import { AuthenticationError, createAuthenticator, type CallingClient } from './auth';
import { CallerLimiter, TooManyCallsError, type CallerSlot } from './caller-limits';
import type { CdsConfig } from './config';
import { degradedCard } from './degraded-card';
import { discoveryDocument, findService, type CdsServiceDefinition } from './discovery';
import { parseFeedback } from './feedback';
import { HookRequestError } from './hook-request';
import { FhirServerRefusedError, ReadBudgetExceededError } from './record-source';
import { reviewOrder } from './review';
import { SharedStateUnavailableError, type SharedState } from './shared-state';

export interface CdsRoutesOptions {
  config: CdsConfig;
  /** The service's own origin as callers name it, e.g. http://localhost:4015: the JWT audience is built from it. */
  publicBaseUrl: () => string;
  /** "Today" of the assessments (tests); the JWT checks always use the real clock. */
  today?: () => Date;
  /** Operational messages (failures with their stack); never audit lines. */
  log?: (line: string) => void;
  /** Replay ids and call counts, shared by every instance when the store is Redis. */
  state: SharedState;
  audit: AuditLog;
}

type Severity = 'error' | 'fatal';

/** Errors as an OperationOutcome: what integrators' tools already know how to show. */
function sendOutcome(res: ServerResponse, status: number, code: string, diagnostics: string, headers: Record<string, string> = {}, severity: Severity = 'error'): void {
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

/** A header value from a message: printable ASCII only, no quote (the message may echo a caller's iss). */
function headerText(message: string): string {
  return message.replace(/[^\x20-\x7e]/g, '?').replace(/"/g, "'");
}

type Target = { kind: 'discovery' } | { kind: 'hook' | 'feedback'; id: string } | { kind: 'unknown' };

/** The route of a path, split on "/" (no pattern over the whole path: it is caller data of any length). */
function targetOf(pathname: string): Target {
  const parts = trimTrailingSlashes(pathname).split('/');
  if (parts[0] !== '' || parts[1] !== 'cds-services') return { kind: 'unknown' };
  if (parts.length === 2) return { kind: 'discovery' };
  let id: string;
  try {
    id = decodeURIComponent(parts[2]!);
  } catch {
    return { kind: 'unknown' };
  }
  if (parts.length === 3 && id) return { kind: 'hook', id };
  if (parts.length === 4 && id && parts[3] === 'feedback') return { kind: 'feedback', id };
  return { kind: 'unknown' };
}

/** What the audit line says of a hook body: ids only, whatever the body holds. */
function hookIds(body: unknown): Pick<AuditEntry, 'hook' | 'hookInstance' | 'patient'> {
  if (typeof body !== 'object' || body === null) return {};
  const raw = body as { hook?: unknown; hookInstance?: unknown; context?: { patientId?: unknown } };
  const hook = auditId(raw.hook);
  const hookInstance = auditId(raw.hookInstance);
  const patient = auditId(typeof raw.context === 'object' && raw.context !== null ? raw.context.patientId : undefined);
  return { ...(hook ? { hook } : {}), ...(hookInstance ? { hookInstance } : {}), ...(patient ? { patient } : {}) };
}

export function cdsRoutes(options: CdsRoutesOptions) {
  const { config, audit } = options;
  const cors = corsFor(config.allowedOrigins);
  const auth = createAuthenticator(config, options.state);
  const limiter = new CallerLimiter(config.limits, options.state);
  const log = options.log ?? (() => {});

  async function answerHook(req: IncomingMessage, res: ServerResponse, service: CdsServiceDefinition, client: CallingClient, entry: Partial<AuditEntry>): Promise<[AuditOutcome, number]> {
    const body = await readJsonBody(req, config.maxBodyBytes);
    Object.assign(entry, hookIds(body));
    // The issuer's own read budget, else the service's (config fhirReadBudgetMs).
    const issuer = { ...client.issuer, fhirReadBudgetMs: client.issuer.fhirReadBudgetMs ?? config.fhirReadBudgetMs };
    try {
      const response = await reviewOrder(body, service, issuer, { appLaunchUrl: config.appLaunchUrl, today: options.today ?? (() => new Date()) });
      entry.cards = response.cards.length;
      sendJson(res, 200, response);
      return ['cards', 200];
    } catch (error) {
      if (!(error instanceof ReadBudgetExceededError)) throw error;
      const card = degradedCard(error.request, config.appLaunchUrl, error.budgetMs);
      entry.cards = card ? 1 : 0;
      sendJson(res, 200, { cards: card ? [card] : [] });
      return ['degraded', 200];
    }
  }

  async function answerFeedback(req: IncomingMessage, res: ServerResponse, entry: Partial<AuditEntry>, started: number): Promise<[AuditOutcome, number]> {
    const feedback = parseFeedback(await readJsonBody(req, config.maxBodyBytes));
    const durationMs = Math.round(performance.now() - started);
    for (const item of feedback) {
      audit.write({
        time: new Date().toISOString(),
        ...entry,
        kind: 'feedback',
        outcome: 'feedback',
        status: 200,
        durationMs,
        card: item.card,
        feedbackOutcome: item.outcome,
        ...(item.acceptedSuggestions.length ? { acceptedSuggestions: item.acceptedSuggestions } : {}),
        ...(item.overrideReason ? { overrideReason: item.overrideReason } : {}),
        userComment: item.userComment,
        outcomeTimestamp: item.outcomeTimestamp,
      });
    }
    res.writeHead(200, { 'Content-Length': 0 });
    res.end();
    return ['feedback', 200];
  }

  async function answerService(req: IncomingMessage, res: ServerResponse, target: Extract<Target, { id: string }>, entry: Partial<AuditEntry>, started: number): Promise<[AuditOutcome, number] | undefined> {
    const service = findService(target.id);
    entry.service = auditId(target.id);
    if (!service) {
      sendOutcome(res, 404, 'not-found', 'No such CDS service; see GET /cds-services');
      return ['invalid-request', 404];
    }
    if (req.method !== 'POST') {
      sendOutcome(res, 405, 'not-supported', `Call a CDS service${target.kind === 'feedback' ? "'s feedback" : ''} with POST`, { Allow: 'POST, OPTIONS' });
      return ['invalid-request', 405];
    }
    const serviceUrl = `${options.publicBaseUrl()}/cds-services/${service.id}`;
    let client: CallingClient;
    try {
      // Feedback is signed for the feedback URL; an EHR that signs for the service URL is accepted too.
      client = await auth.authenticate(req.headers.authorization, target.kind === 'hook' ? [serviceUrl] : [`${serviceUrl}/feedback`, serviceUrl]);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      req.resume();
      Object.assign(entry, { reason: error.message, ...(error.claimedIss ? { claimedIss: error.claimedIss } : {}) });
      sendOutcome(res, 401, 'login', error.message, { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${headerText(error.message)}"` });
      return ['refused-jwt', 401];
    }
    entry.iss = client.issuer.iss;
    let slot: CallerSlot;
    try {
      slot = await limiter.enter(client.issuer.iss);
    } catch (error) {
      if (!(error instanceof TooManyCallsError)) throw error;
      req.resume();
      entry.reason = error.message;
      sendOutcome(res, 429, 'throttled', `Too many calls: ${error.message}; retry later`, { 'Retry-After': String(error.retryAfterSeconds) });
      return ['rate-limited', 429];
    }
    try {
      if (mediaType(req) !== 'application/json') {
        req.resume();
        sendOutcome(res, 415, 'not-supported', 'The request body must be application/json');
        return ['invalid-request', 415];
      }
      if (target.kind === 'feedback') return await answerFeedback(req, res, entry, started);
      return await answerHook(req, res, service, client, entry);
    } finally {
      slot.release();
    }
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const entry: Partial<AuditEntry> = { kind: 'hook' };
    let result: [AuditOutcome, number] | undefined;
    try {
      applyCors(req, res, cors);
      if (answerPreflight(req, res, cors, 'GET, POST, OPTIONS')) return;
      const target = targetOf(new URL(req.url ?? '/', 'http://localhost').pathname);
      if (target.kind === 'discovery') {
        if (req.method !== 'GET') return sendOutcome(res, 405, 'not-supported', 'Use GET for discovery', { Allow: 'GET, OPTIONS' });
        return sendJson(res, 200, discoveryDocument(), { 'Cache-Control': 'no-cache' });
      }
      if (target.kind === 'unknown') return sendOutcome(res, 404, 'not-found', 'No CDS service at this path; see GET /cds-services');
      entry.kind = target.kind;
      result = await answerService(req, res, target, entry, started);
    } catch (error) {
      result = answerError(req, res, error, entry);
    } finally {
      // Feedback calls that succeeded wrote one line per feedback entry.
      if (result && result[0] !== 'feedback') {
        audit.write({ time: new Date().toISOString(), ...entry, outcome: result[0], status: result[1], durationMs: Math.round(performance.now() - started) } as AuditEntry);
      }
    }
  };

  function answerError(req: IncomingMessage, res: ServerResponse, error: unknown, entry: Partial<AuditEntry>): [AuditOutcome, number] {
    if (res.headersSent) {
      res.end();
      return ['error', res.statusCode];
    }
    if (error instanceof BodyTooLargeError) {
      sendOutcome(res, 413, 'too-costly', `The request body is over the ${config.maxBodyBytes}-byte limit`, { Connection: 'close' });
      return ['invalid-request', 413];
    }
    if (error instanceof HookRequestError) {
      entry.reason = error.message.slice(0, 300);
      sendOutcome(res, 400, 'invalid', error.message);
      return ['invalid-request', 400];
    }
    if (error instanceof FhirServerRefusedError) {
      sendOutcome(res, 403, 'forbidden', error.message);
      return ['fhir-server-refused', 403];
    }
    if (error instanceof SharedStateUnavailableError) {
      req.resume();
      log(`cds: ${error.message}`);
      entry.reason = error.message;
      sendOutcome(res, 503, 'transient', 'The service cannot check this JWT for replay right now; retry shortly', { 'Retry-After': '1' });
      return ['unavailable', 503];
    }
    // CDS Hooks: 412 when the service cannot get the data it needs (no prefetch, no usable fhirServer).
    if (error instanceof PatientUnreadableError) {
      sendOutcome(res, 412, 'not-found', `The patient record could not be read: ${error.message}`);
      return ['record-unreadable', 412];
    }
    log(`cds: ${req.method} ${(req.url ?? '').slice(0, 200)}: ${(error as Error).stack ?? String(error)}`);
    sendOutcome(res, 500, 'exception', 'The service failed; the error was logged', {}, 'fatal');
    return ['error', 500];
  }
}
