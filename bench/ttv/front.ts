// The server the browser talks to (through the delaying proxy): HTTP/1.1, or TLS with HTTP/2 (HTTP/1.1 allowed),
// in front of one origin of the sandbox. It
// - rewrites the sandbox's own origins (http://localhost:<port>) to the ones the browser uses (https://localhost:<front>)
//   in headers and text bodies, and back in what the browser sends (URLs, headers, form bodies), so the sandbox runs
//   unchanged behind a TLS front;
// - records FHIR answers (GET, batch POST and preflight) in a first run and replays them from memory later, so the sandbox's own
//   search time can be left out ("replayed") or kept ("included");
// - can serve the app's smart-config.json with another `observationPlan` for the sandbox's entry;
// - logs every exchange (time, connection, bytes) for the bench.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';

export type ReplayMode = 'off' | 'record' | 'replay';

export interface Exchange {
  front: string;
  method: string;
  /** Path and query as the sandbox sees them. */
  path: string;
  status: number;
  /** Epoch ms: request head received, response body handed to the socket. */
  start: number;
  end: number;
  connection: number;
  /** Response body bytes as sent (compressed when the sandbox compressed them). */
  bytes: number;
  contentType: string;
  replayed: boolean;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** What every front shares: the mode of the current run, the recorded answers, the log. */
export class FrontState {
  replay: ReplayMode = 'off';
  /** `observationPlan` put on the sandbox's entry of smart-config.json; undefined: the file as shipped. */
  plan: string | undefined;
  readonly recorded = new Map<string, Answer>();
  readonly log: Exchange[] = [];
  /** Replayable requests that had not been recorded (they went to the sandbox), by path without query. */
  readonly replayMisses: string[] = [];
  constructor(readonly sandboxFhirBase: string) {}
}

export interface Rewrites {
  /** [sandbox origin, origin the browser uses] */
  pairs: Array<[string, string]>;
}

function replaceAll(text: string, pairs: Array<[string, string]>): string {
  let out = text;
  for (const [from, to] of pairs) if (from !== to) out = out.split(from).join(to);
  return out;
}

function rewriter(pairs: Array<[string, string]>) {
  const all = pairs.flatMap(([inside, outside]): Array<[string, string]> => [
    [inside, outside],
    [encodeURIComponent(inside), encodeURIComponent(outside)],
  ]);
  return {
    outward: (text: string) => replaceAll(text, all),
    inward: (text: string) => replaceAll(text, all.map(([a, b]): [string, string] => [b, a])),
  };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'host', 'content-length', 'http2-settings', 'te']);
const TEXT = /^(text\/|application\/([a-z+.-]*json|x-www-form-urlencoded|javascript))/;

function readAll(stream: { on(event: string, listener: (...args: never[]) => void): unknown }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

const connectionIds = new WeakMap<object, number>();
let nextConnection = 1;
function connectionOf(req: IncomingMessage | Http2ServerRequest): number {
  const key: object = 'stream' in req && req.stream ? req.stream.session ?? req.socket : req.socket;
  let id = connectionIds.get(key);
  if (id === undefined) connectionIds.set(key, (id = nextConnection++));
  return id;
}

function withPlan(answer: Answer, plan: string, fhirBase: string): Answer {
  const entries = JSON.parse(answer.body.toString('utf8')) as Array<Record<string, unknown>>;
  for (const entry of entries) if (Array.isArray(entry.iss) && entry.iss.includes(fhirBase)) entry.observationPlan = plan;
  return { ...answer, body: Buffer.from(JSON.stringify(entries)) };
}

/**
 * A text body with the origins rewritten; a compressed one (the sandbox gzips FHIR answers, brotli or gzip its files)
 * is decompressed, rewritten and compressed again the same way when the rewrite changes it.
 */
function rewrittenBody(body: Buffer, encoding: string, outward: (text: string) => string): Buffer {
  if (encoding !== '' && encoding !== 'gzip' && encoding !== 'br') return body;
  const plain = encoding === 'gzip' ? gunzipSync(body) : encoding === 'br' ? brotliDecompressSync(body) : body;
  const text = plain.toString('utf8');
  const rewritten = outward(text);
  if (rewritten === text) return body;
  if (encoding === 'gzip') return gzipSync(rewritten, { level: 6 });
  if (encoding === 'br') return brotliCompressSync(rewritten);
  return Buffer.from(rewritten);
}

export interface Front {
  port: number;
  close(): Promise<void>;
}

export function startFront(
  name: string,
  sandboxPort: number,
  state: FrontState,
  rewrites: Rewrites,
  tls?: { key: string; cert: string },
): Promise<Front> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });

  const forward = (method: string, path: string, headers: OutgoingHttpHeaders, body: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const upstream = httpRequest({ host: '127.0.0.1', port: sandboxPort, method, path, headers: { ...headers, 'content-length': body.length }, agent }, (response) => {
        readAll(response).then((responseBody) => {
          const out: Record<string, string | string[]> = {};
          for (const [key, value] of Object.entries(response.headers)) if (value !== undefined && !HOP_BY_HOP.has(key)) out[key] = value;
          resolve({ status: response.statusCode ?? 502, headers: out, body: responseBody });
        }, reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });

  const handle = async (req: IncomingMessage | Http2ServerRequest, res: ServerResponse | Http2ServerResponse) => {
    const start = performance.timeOrigin + performance.now();
    // Read on each request: the browser-side ports are known only once the proxies listen.
    const rw = rewriter(rewrites.pairs);
    const connection = connectionOf(req);
    const method = req.method ?? 'GET';
    const path = rw.inward(req.url ?? '/');
    const headers: OutgoingHttpHeaders = {};
    for (const [key, value] of Object.entries(req.headers)) {
      if (key.startsWith(':') || HOP_BY_HOP.has(key) || value === undefined) continue;
      headers[key] = Array.isArray(value) ? value.map(rw.inward) : rw.inward(value);
    }
    let body = await readAll(req);
    if (body.length && TEXT.test(String(req.headers['content-type'] ?? ''))) body = Buffer.from(rw.inward(body.toString('utf8')));

    // A FHIR batch (POST to the base) is replayed by its body: the same searches give the same answer.
    const batch = method === 'POST' && /^\/fhir\/?$/.test(path);
    const key = batch ? `${method} ${path} ${body.toString('utf8')}` : `${method} ${path}`;
    const replayable = ((method === 'GET' || method === 'OPTIONS') && /^\/fhir([/?]|$)/.test(path)) || batch;
    let answer = state.replay === 'replay' && replayable ? state.recorded.get(key) : undefined;
    const replayed = !!answer;
    if (!answer) {
      if (state.replay === 'replay' && replayable) state.replayMisses.push(path.split('?')[0]!);
      try {
        answer = await forward(method, path, headers, body);
      } catch {
        answer = { status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from('front: sandbox unreachable') };
      }
      if (state.replay === 'record' && replayable && answer.status < 300) state.recorded.set(key, answer);
    }
    if (state.plan && method === 'GET' && path.split('?')[0] === '/smart-config.json' && answer.status === 200) answer = withPlan(answer, state.plan, state.sandboxFhirBase);

    const outHeaders: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(answer.headers)) outHeaders[k] = Array.isArray(v) ? v.map(rw.outward) : rw.outward(v);
    const contentType = String(answer.headers['content-type'] ?? '');
    let outBody = answer.body;
    if (TEXT.test(contentType) && outBody.length) outBody = rewrittenBody(outBody, String(answer.headers['content-encoding'] ?? ''), rw.outward);
    outHeaders['content-length'] = String(outBody.length);
    res.writeHead(answer.status, outHeaders);
    (res as ServerResponse).end(method === 'HEAD' ? undefined : outBody, () => {
      state.log.push({ front: name, method, path, status: answer.status, start, end: performance.timeOrigin + performance.now(), connection, bytes: outBody.length, contentType, replayed });
    });
  };

  const server: Server | Http2SecureServer = tls
    ? createSecureServer({ key: tls.key, cert: tls.cert, allowHTTP1: true }, (req, res) => void handle(req, res))
    : createServer((req, res) => void handle(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            agent.destroy();
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
            setTimeout(done, 500).unref();
          }),
      });
    });
  });
}
