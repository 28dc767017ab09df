// EHR launch ids as a real EHR issues them: random and opaque, stored here with their patient, simulation and
// expiry, bound to the EHR session (a cookie) of the browser that launched, and good for one authorize request.
// A forged, replayed, expired or foreign-session id is refused with invalid_request.
import { randomToken } from './grants';
import type { Simulation } from './simulation';
import type { EhrProfileName } from '../fhir/ehr-profiles';

export const LAUNCH_LIFETIME_MS = 5 * 60_000;

/**
 * The launching browser's EHR session. SameSite=None (with Secure, which browsers accept on localhost) because an
 * embedded app may run on another site and its authorize request then starts in a cross-site frame.
 */
export const EHR_SESSION_COOKIE = 'kyphoplasty_sandbox_session';

export function sessionCookie(session: string): string {
  return `${EHR_SESSION_COOKIE}=${session}; Path=/; HttpOnly; Secure; SameSite=None`;
}

export interface LaunchContext {
  patient: string;
  simulation: Simulation;
  /** The EHR profile chosen in the launcher (../fhir/ehr-profiles.ts); absent: the sandbox's. */
  ehrProfile?: EhrProfileName;
  /** Embedded in the EHR chart, which shows its own patient header: need_patient_banner false. */
  embedded: boolean;
  /** From a CDS Hooks card's smart link: handed to the app in the token response. */
  appContext?: string;
  /** References the launch is about (SMART fhirContext), e.g. the order a card reviewed. */
  fhirContext?: string[];
}

interface StoredLaunch extends LaunchContext {
  session: string;
  expiresAt: number;
  used: boolean;
}

/** What a launch stands for, without the store's own bookkeeping. */
function contextOf({ session: _session, expiresAt: _expiresAt, used: _used, ...context }: StoredLaunch): LaunchContext {
  return context;
}

export type Redeemed = { ok: true; context: LaunchContext } | { ok: false; reason: string };

const WELL_FORMED = /^[A-Za-z0-9_-]{16,128}$/;

export class LaunchStore {
  private readonly launches = new Map<string, StoredLaunch>();

  // Read at call time, so a test's fake clock applies.
  constructor(private readonly now: () => number = () => Date.now()) {}

  issue(context: LaunchContext, session: string): string {
    this.dropLongExpired();
    const id = randomToken(24);
    this.launches.set(id, { ...context, session, expiresAt: this.now() + LAUNCH_LIFETIME_MS, used: false });
    return id;
  }

  /** The launch's context while it can still be redeemed, without redeeming it (the EHR chart page). */
  peek(id: string, session: string | undefined): LaunchContext | undefined {
    const stored = WELL_FORMED.test(id) ? this.launches.get(id) : undefined;
    if (!stored || stored.used || this.now() >= stored.expiresAt || stored.session !== session) return undefined;
    return contextOf(stored);
  }

  /**
   * The cross-site chart (the EHR under its other name) cannot see the session cookie of the name that issued the
   * launch: it shows the patient without the session check. Redeeming still needs the session (authorize).
   */
  peekAcrossSites(id: string): LaunchContext | undefined {
    const stored = WELL_FORMED.test(id) ? this.launches.get(id) : undefined;
    if (!stored || stored.used || this.now() >= stored.expiresAt) return undefined;
    return contextOf(stored);
  }

  /** Whatever the launch stands for, to pick its simulation before authorize decides; no session or use check. */
  simulationOf(id: string): Simulation | undefined {
    return this.launches.get(id)?.simulation;
  }

  /** Single use: the first authorize request with the launching session's cookie gets the context. */
  redeem(id: string, session: string | undefined): Redeemed {
    const stored = WELL_FORMED.test(id) ? this.launches.get(id) : undefined;
    if (!stored) return { ok: false, reason: `Unknown launch id "${id.slice(0, 64)}": launch ids are issued by this EHR and cannot be made up` };
    if (stored.used) return { ok: false, reason: 'The launch id was already used: launch the app again from the EHR' };
    if (this.now() >= stored.expiresAt) return { ok: false, reason: `The launch id has expired (${LAUNCH_LIFETIME_MS / 60_000} minutes): launch the app again from the EHR` };
    if (stored.session !== session) return { ok: false, reason: 'The launch id belongs to another EHR session' };
    stored.used = true;
    return { ok: true, context: contextOf(stored) };
  }

  /** Memory stays bounded; ids expired only recently are kept, to be refused as expired rather than unknown. */
  private dropLongExpired(): void {
    const now = this.now();
    for (const [id, stored] of this.launches) if (now >= stored.expiresAt + LAUNCH_LIFETIME_MS) this.launches.delete(id);
  }
}
