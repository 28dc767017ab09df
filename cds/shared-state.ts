// The state every instance of the service must agree on: JWT ids already used (a JWT replayed on
// another instance is still a replay) and per-caller call counts (a limit is per EHR, not per
// process). One interface, two stores: in memory for one process (default), Redis for several
// (cds/redis-state.ts), chosen by the configuration's `sharedState`.
import type { SharedStateConfig } from './config';

/** first: recorded now; replayed: already recorded; full: could not be recorded, so refused (fail closed). */
export type FirstUse = 'first' | 'replayed' | 'full';

export interface WindowCount {
  /** Calls in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends. */
  resetMs: number;
}

export interface SharedState {
  /** Records `key` until `expiresAtMs` (epoch ms), atomically: only one caller ever gets 'first'. */
  useOnce(key: string, expiresAtMs: number): Promise<FirstUse>;
  /** Counts one call under `key` in the current fixed window of `windowMs`. */
  countCall(key: string, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

/** The store could not answer (Redis down): the call is refused with 503, never let through unchecked. */
export class SharedStateUnavailableError extends Error {
  override name = 'SharedStateUnavailableError';
}

/** One process's state. Bounded: when full of ids that have not expired, new ones are refused, never an id forgotten. */
export class MemoryState implements SharedState {
  private readonly ids = new Map<string, number>();
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = -Infinity;

  constructor(
    private readonly maxIds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async useOnce(key: string, expiresAtMs: number): Promise<FirstUse> {
    const now = this.now();
    const known = this.ids.get(key);
    if (known !== undefined && known > now) return 'replayed';
    if (known !== undefined) this.ids.delete(key);
    // Sweeping is linear in the store: at most once a second, so a full store cannot be made to sweep per call.
    if (this.ids.size >= this.maxIds && now - this.lastSweep >= 1000) {
      this.lastSweep = now;
      for (const [id, expires] of this.ids) if (expires <= now) this.ids.delete(id);
    }
    if (this.ids.size >= this.maxIds) return 'full';
    this.ids.set(key, expiresAtMs);
    return 'first';
  }

  async countCall(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    const start = now - (now % windowMs);
    let window = this.windows.get(key);
    if (!window || window.start !== start) {
      window = { start, count: 0 };
      this.windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetMs: start + windowMs - now };
  }

  async close(): Promise<void> {}
}

/** The configured store. Redis is loaded only when configured, so a one-process deployment never needs it. */
export async function openSharedState(config: SharedStateConfig): Promise<SharedState> {
  if (config.kind === 'memory') return new MemoryState(config.maxReplayIds);
  const { RedisState } = await import('./redis-state');
  return RedisState.connect(config.url, config.keyPrefix);
}
