// The shared state in Redis, for several instances behind a load balancer: a JWT id is claimed with
// SET NX (atomic, so two instances cannot both accept one JWT) and expires with the JWT; a call count
// is one INCR per caller and window. Any Redis failure refuses the call (SharedStateUnavailableError,
// 503): without the shared record a replay could not be told apart from a first use.
import { createClient, type RedisClientType } from 'redis';
import { SharedStateUnavailableError, type FirstUse, type SharedState, type WindowCount } from './shared-state';

export class RedisState implements SharedState {
  private constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
    private readonly now: () => number,
  ) {}

  static async connect(url: string, prefix: string, now: () => number = Date.now): Promise<RedisState> {
    const client: RedisClientType = createClient({
      url,
      // A command while Redis is away fails at once (503) instead of waiting in a queue while the EHR waits.
      disableOfflineQueue: true,
      socket: { connectTimeout: 2000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
    });
    // Errors surface on the commands; the event must be handled or Node stops the process.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      throw new SharedStateUnavailableError(`cannot connect to Redis for the shared state: ${(error as Error).message}`);
    }
    return new RedisState(client, prefix, now);
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      throw new SharedStateUnavailableError(`the shared state (Redis) did not answer: ${(error as Error).message}`);
    }
  }

  async useOnce(key: string, expiresAtMs: number): Promise<FirstUse> {
    // Already expired: nothing to remember, and Redis refuses a PXAT in the past; a replay of it is refused as expired.
    if (expiresAtMs <= this.now()) return 'first';
    const reply = await this.run(() => this.client.set(`${this.prefix}jti:${key}`, '1', { condition: 'NX', expiration: { type: 'PXAT', value: Math.ceil(expiresAtMs) } }));
    return reply === 'OK' ? 'first' : 'replayed';
  }

  async countCall(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    const start = now - (now % windowMs);
    const redisKey = `${this.prefix}calls:${key}:${start}`;
    const replies = await this.run(() => this.client.multi().incr(redisKey).pExpireAt(redisKey, start + windowMs + 1000).exec());
    return { count: Number(replies[0]), resetMs: start + windowMs - now };
  }

  async close(): Promise<void> {
    await this.client.close().catch(() => {});
  }
}
