// Issue 22: the sandbox serves the app's JavaScript compressed (brotli or gzip, as the browser accepts), once per
// file version, and plain to a client that asks for nothing; its FHIR answers gzip-compressed, as FHIR servers do.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../sandbox/http/static-files';
import { acceptedEncoding } from '../../http-kit/encoding';

const script = `export const rows = [${Array.from({ length: 2000 }, (_, i) => `"row ${i}"`).join(',')}];\n`;

function get(url: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  // node:http (not fetch): fetch would decompress and hide what went over the wire.
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('sandbox static files are served compressed (issue 22)', () => {
  let dir: string;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app-abc.js'), script);
    writeFileSync(join(dir, 'tiny.js'), 'x=1');
    writeFileSync(join(dir, 'logo.png'), Buffer.alloc(4096, 7));
    server = createServer((req, res) => void serveStatic(dir, req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('brotli when the browser accepts it, a fraction of the bytes, the same script', async () => {
    const res = await get(`${base}/assets/app-abc.js`, 'gzip, deflate, br, zstd');
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('gzip when only gzip is accepted; plain when nothing is', async () => {
    const gz = await get(`${base}/assets/app-abc.js`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get(`${base}/assets/app-abc.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('leaves tiny files and images alone', async () => {
    expect((await get(`${base}/tiny.js`, 'br')).headers['content-encoding']).toBeUndefined();
    expect((await get(`${base}/logo.png`, 'br')).headers['content-encoding']).toBeUndefined();
  });

  it('reads Accept-Encoding as browsers write it, q=0 meaning "not this"', () => {
    expect(acceptedEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(acceptedEncoding('identity')).toBeUndefined();
    expect(acceptedEncoding(undefined)).toBeUndefined();
    expect(acceptedEncoding('BR')).toBe('br');
  });
});

describe('FHIR answers are gzip-compressed as FHIR servers send them (http-kit sendFhirJson, issue 22)', () => {
  let server: Server;
  let base: string;
  const bundle = { resourceType: 'Bundle', type: 'searchset', entry: Array.from({ length: 200 }, (_, i) => ({ resource: { resourceType: 'Observation', id: `o${i}`, status: 'final' } })) };
  beforeAll(async () => {
    const { sendFhirJson } = await import('../../http-kit/respond');
    server = createServer((req, res) => {
      // As the CORS layer does (http-kit/cors.ts): the compressed answer must keep varying on Origin.
      res.setHeader('Vary', 'Origin');
      sendFhirJson(res, 200, req.url === '/small' ? { resourceType: 'Patient', id: 'p' } : bundle);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('gzip to a browser (a fraction of the bytes, the same JSON); plain to a client that asks for nothing, and for a small answer', async () => {
    const gz = await get(`${base}/bundle`, 'gzip, deflate, br, zstd');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(gz.headers.vary).toBe('Origin, Accept-Encoding');
    expect(Number(gz.headers['content-length'])).toBe(gz.body.length);
    expect(gz.body.length).toBeLessThan(JSON.stringify(bundle).length / 5);
    expect(JSON.parse(gunzipSync(gz.body).toString())).toEqual(bundle);
    const plain = await get(`${base}/bundle`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.body.toString())).toEqual(bundle);
    expect((await get(`${base}/small`, 'gzip')).headers['content-encoding']).toBeUndefined();
    expect((await get(`${base}/bundle`, 'gzip;q=0, br')).headers['content-encoding']).toBeUndefined();
  });
});
