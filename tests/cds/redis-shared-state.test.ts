// Two instances of the service behind one public URL (as behind a load balancer), each with its own
// connection to one Redis (Debian's redis-server, started here on a free port, no persistence): a JWT
// accepted by one is refused by the other, the per-caller rate is counted across both, and a Redis
// that stops answering refuses calls (503) rather than letting replays through. The same pair with
// in-memory state accepts the replay: what the shared store is for.
// Without redis-server the file is skipped loudly, unless REQUIRE_BROWSER_TESTS is set (CI).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCdsService, type RunningCdsService } from '../../cds/server';
import { auditTo } from '../../cds/audit';
import { VIGNETTES } from '../../sandbox/patients';
import { augmentationOrder, hookBody, prefetchFor, signJwt, signingKey, testConfig, type SigningKey } from './harness';

const SIGN = 'kyphoplasty-order-sign';
const PUBLIC_URL = 'https://cds.example.test';
const AUDIENCE = `${PUBLIC_URL}/cds-services/${SIGN}`;
const vignette = VIGNETTES[0]!;

function redisAvailable(): boolean {
  const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error === undefined;
  if (found) return true;
  if (process.env.REQUIRE_BROWSER_TESTS) throw new Error('REQUIRE_BROWSER_TESTS is set but redis-server was not found (apt-get install -y redis-server)');
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n!! REDIS SHARED-STATE TESTS SKIPPED: no redis-server on PATH.\n!! Install it with: apt-get update && apt-get install -y redis-server\n${bar}\n`);
  return false;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** redis-server on 127.0.0.1, nothing written to disk; resolves once it answers PING (bounded wait). */
async function startRedis(): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: 'ignore' });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; attempt < 50; attempt++) {
    const client = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 500 } });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      await client.close();
      return { url, process: child, stop };
    } catch {
      await client.destroy();
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  await stop();
  throw new Error(`redis-server did not answer on port ${port}`);
}

const runs = redisAvailable();

describe.skipIf(!runs)('two instances sharing one Redis', () => {
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let key: SigningKey;
  const prefix = `test-${randomUUID()}:`;
  const body = JSON.stringify(hookBody({ hook: 'order-sign', patientId: vignette.id, orders: [augmentationOrder(vignette.id)], prefetch: prefetchFor(vignette.build(new Date()), vignette.id) }));

  async function instance(sharedState: Record<string, unknown>, limits = { concurrentCalls: 8, callsPerMinute: 1000 }): Promise<RunningCdsService> {
    return startCdsService({ config: testConfig(key, { sharedState, limits }), port: 0, publicBaseUrl: PUBLIC_URL, log: () => {}, audit: auditTo(() => {}) });
  }

  async function call(service: RunningCdsService, jwt: string): Promise<number> {
    const res = await fetch(`${service.listenUrl}/cds-services/${SIGN}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` }, body });
    await res.arrayBuffer();
    return res.status;
  }

  beforeAll(async () => {
    key = await signingKey();
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('refuses on the second instance a JWT already used on the first', async () => {
    const [a, b] = [await instance({ kind: 'redis', url: redis.url, keyPrefix: prefix }), await instance({ kind: 'redis', url: redis.url, keyPrefix: prefix })];
    try {
      const jwt = await signJwt(key, { aud: AUDIENCE });
      expect(await call(a, jwt)).toBe(200);
      expect(await call(b, jwt)).toBe(401);
      expect(await call(a, jwt)).toBe(401);
      // A fresh JWT still passes on either.
      expect(await call(b, await signJwt(key, { aud: AUDIENCE }))).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('with in-memory state each instance would accept the replay (the reason for Redis)', async () => {
    const [a, b] = [await instance({ kind: 'memory' }), await instance({ kind: 'memory' })];
    try {
      const jwt = await signJwt(key, { aud: AUDIENCE });
      expect([await call(a, jwt), await call(b, jwt)]).toEqual([200, 200]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('counts a caller’s calls per minute across instances', async () => {
    const shared = { kind: 'redis', url: redis.url, keyPrefix: `${prefix}rate:` };
    const limits = { concurrentCalls: 8, callsPerMinute: 2 };
    const [a, b] = [await instance(shared, limits), await instance(shared, limits)];
    try {
      const statuses = [await call(a, await signJwt(key, { aud: AUDIENCE })), await call(b, await signJwt(key, { aud: AUDIENCE })), await call(a, await signJwt(key, { aud: AUDIENCE }))];
      // A minute boundary between the calls restarts the count: then the third passes, never a fourth.
      if (statuses[2] === 200) statuses[2] = await call(b, await signJwt(key, { aud: AUDIENCE }));
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses calls (503) while Redis is gone, rather than skip the replay check', async () => {
    const a = await instance({ kind: 'redis', url: redis.url, keyPrefix: prefix });
    try {
      expect(await call(a, await signJwt(key, { aud: AUDIENCE }))).toBe(200);
      await redis.stop();
      expect(await call(a, await signJwt(key, { aud: AUDIENCE }))).toBe(503);
    } finally {
      await a.close();
    }
  });
});
