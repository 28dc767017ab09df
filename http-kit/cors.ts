// CORS for the app's origin only: the browser app calls the token endpoint and the FHIR API
// from another origin (port 4010 vs 4013) with an Authorization header, which needs a preflight.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsPolicy {
  isAllowed(origin: string): boolean;
}

/**
 * The same loopback server under its other name: localhost <-> 127.0.0.1. Browsers treat the two as
 * different sites, which is how the sandbox puts a chart and the app on two sites.
 */
export function twinOrigin(origin: string): string | undefined {
  const url = new URL(origin);
  if (url.hostname === 'localhost') return url.origin.replace('//localhost', '//127.0.0.1');
  if (url.hostname === '127.0.0.1') return url.origin.replace('//127.0.0.1', '//localhost');
  return undefined;
}

/** The origin and its twin, if it has one. */
export function bothNames(origin: string): string[] {
  const twin = twinOrigin(origin);
  return twin ? [new URL(origin).origin, twin] : [new URL(origin).origin];
}

/** The app origin, plus its localhost/127.0.0.1 twin (the same app opened either way). */
export function corsPolicy(appOrigins: string[]): CorsPolicy {
  const allowed = new Set(appOrigins.flatMap(bothNames));
  return { isAllowed: (origin) => allowed.has(origin) };
}

/** Adds CORS headers when the request comes from an allowed origin. */
export function applyCors(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy): void {
  const origin = req.headers.origin;
  res.setHeader('Vary', 'Origin');
  if (!origin || !policy.isAllowed(origin)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  // fhirclient's refreshTokenWithCredentials option sends credentials cross-origin.
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', 'Location, Content-Location, ETag, Last-Modified, WWW-Authenticate');
}

/** Answers a preflight (OPTIONS). Returns true when it did. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, policy: CorsPolicy, methods: string): boolean {
  if (req.method !== 'OPTIONS') return false;
  const origin = req.headers.origin;
  if (origin && policy.isAllowed(origin)) {
    res.setHeader('Access-Control-Allow-Methods', methods);
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Accept, Prefer, If-None-Exist, X-Requested-With');
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204, { 'Content-Length': 0 });
  res.end();
  return true;
}
