// Serves the built app (launch.html, index.html, assets/, smart-config.json) from one directory.
// Paths are resolved and must stay inside that directory: no traversal, no dotfiles.
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { acceptedEncoding, varyAlso, type Encoding } from '../../http-kit/encoding';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import type { AppHeaders } from './app-headers';
import { sendText } from '../../http-kit/respond';
import { earlyLinks } from './early-links';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The file a URL path names inside root, or undefined when it would escape it. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  if (decoded.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  return file === base || file.startsWith(base + sep) ? file : undefined;
}

/** Text types worth compressing (issue 22: the app's JavaScript went out uncompressed, ~3x the bytes on the wire). */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg)/;

/** Compressed once per file version (path, size, mtime): the built app does not change while the sandbox runs. */
const compressedCache = new Map<string, Buffer>();

async function compressed(file: string, size: number, mtimeMs: number, encoding: Encoding): Promise<Buffer> {
  const key = `${encoding}:${file}:${size}:${mtimeMs}`;
  const cached = compressedCache.get(key);
  if (cached) return cached;
  const raw = await readFile(file);
  const body = encoding === 'br'
    ? brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : gzipSync(raw, { level: 9 });
  compressedCache.set(key, body);
  return body;
}

/** A page's Link header (./early-links.ts), read once per file version. */
const linkCache = new Map<string, string | undefined>();
async function pageLinks(file: string, size: number, mtimeMs: number): Promise<string | undefined> {
  const key = `${file}:${size}:${mtimeMs}`;
  if (!linkCache.has(key)) linkCache.set(key, earlyLinks(await readFile(file, 'utf8')));
  return linkCache.get(key);
}

export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, headers: AppHeaders = { all: {}, pages: {} }): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
  const file = resolveInside(root, pathname);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) return sendText(res, 404, 'Not found');
  const hashedAsset = /[/\\]assets[/\\]/.test(file);
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const encoding = COMPRESSIBLE.test(type) && info.size > 1024 ? acceptedEncoding(req.headers['accept-encoding']) : undefined;
  const body = encoding ? await compressed(file, info.size, info.mtimeMs, encoding) : undefined;
  const links = type.startsWith('text/html') ? await pageLinks(file, info.size, info.mtimeMs) : undefined;
  res.writeHead(200, {
    // What the page asks for first, started as the headers arrive (./early-links.ts).
    ...(links ? { Link: links } : {}),
    ...headers.all,
    ...(type.startsWith('text/html') ? headers.pages : {}),
    'Content-Type': type,
    'Content-Length': body ? body.length : info.size,
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
    // Caches keep the compressed and plain answers apart.
    ...(COMPRESSIBLE.test(type) ? { Vary: varyAlso(res.getHeader('Vary'), 'Accept-Encoding') } : {}),
    'X-Content-Type-Options': 'nosniff',
    // Vite fingerprints assets/; pages and smart-config.json must be re-read on each launch.
    'Cache-Control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  if (body) return void res.end(body);
  createReadStream(file).pipe(res);
}
