// Small response helpers so every handler writes status, type and caching the same way.
import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { acceptsGzip, varyAlso } from './encoding';

export type Headers = Record<string, string>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}, contentType = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8`, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** FHIR answers at least this large go out gzip-compressed to a client that accepts it. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * A FHIR answer, gzip-compressed when the client accepts it and it is worth it, as FHIR servers (HAPI, Epic, Oracle
 * Health) answer: a large patient's searches are about a tenth of the bytes on the wire (issue 22: time to verdict).
 */
export function sendFhirJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
  const text = JSON.stringify(body);
  const type = { 'Content-Type': 'application/fhir+json; charset=utf-8', ...headers, Vary: varyAlso(res.getHeader('Vary'), 'Accept-Encoding') };
  if (Buffer.byteLength(text) < COMPRESS_FROM_BYTES || !acceptsGzip(res.req?.headers['accept-encoding'])) {
    res.writeHead(status, { ...type, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const compressed = gzipSync(text, { level: 6 });
  res.writeHead(status, { ...type, 'Content-Encoding': 'gzip', 'Content-Length': compressed.length });
  res.end(compressed);
}

/** HTML pages of the sandbox: no external resources, no inline script or style. */
export function sendHtml(res: ServerResponse, status: number, html: string, csp: string, headers: Headers = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, headers: Headers = {}): void {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': 0, ...headers });
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Headers = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
