// Per-caller limits: one EHR (JWT iss) cannot take the whole service. Concurrency is per instance
// (it protects this process's CPU and memory); the rate is per minute across every instance (shared
// state). Both are checked after the JWT is verified, so a forged iss cannot use up a real EHR's share.
import type { CallerLimits } from './config';
import type { SharedState } from './shared-state';

export class TooManyCallsError extends Error {
  override name = 'TooManyCallsError';
  constructor(
    message: string,
    /** Seconds the caller should wait (Retry-After). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export interface CallerSlot {
  release(): void;
}

export class CallerLimiter {
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly limits: CallerLimits,
    private readonly state: SharedState,
  ) {}

  /** A slot for one call of `iss`; TooManyCallsError past either limit. Release it when the call ends. */
  async enter(iss: string): Promise<CallerSlot> {
    const running = this.inFlight.get(iss) ?? 0;
    if (running >= this.limits.concurrentCalls) {
      throw new TooManyCallsError(`more than ${this.limits.concurrentCalls} calls from this issuer in progress`, 1);
    }
    // Taken before the shared count is awaited, so a burst cannot all pass the check at once.
    this.inFlight.set(iss, running + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(iss) ?? 1) - 1;
      if (left > 0) this.inFlight.set(iss, left);
      else this.inFlight.delete(iss);
    };
    try {
      const { count, resetMs } = await this.state.countCall(`iss:${iss}`, 60_000);
      if (count > this.limits.callsPerMinute) {
        throw new TooManyCallsError(`more than ${this.limits.callsPerMinute} calls from this issuer this minute`, Math.max(1, Math.ceil(resetMs / 1000)));
      }
    } catch (error) {
      release();
      throw error;
    }
    return { release };
  }
}
