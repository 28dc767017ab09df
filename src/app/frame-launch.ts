// One launch per frame. Same-origin frames of one EHR page share one sessionStorage, so fhirclient's
// "current launch" pointer (SMART_KEY) would let the last frame to launch decide which patient every frame
// resumes on reload. Instead each frame remembers its own launch (state key and patient) in its own session
// history entry (`history.state`), which survives reload and Back and is never shared between frames.

/** fhirclient's well-known sessionStorage entry naming the current launch (settings.SMART_KEY). */
export const SHARED_LAUNCH_POINTER = 'SMART_KEY';

const FIELD = 'kyphoplastyLaunch';

export interface FrameLaunch {
  /** fhirclient's state key: the sessionStorage entry holding this launch's tokens. */
  key: string;
  /** The patient this frame was launched with, once known. */
  patientId?: string;
  /** The physician closed this launch: its tokens were removed. */
  closed?: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The launch remembered in a history entry's state, if any. */
export function frameLaunchOf(historyState: unknown): FrameLaunch | undefined {
  const raw = isRecord(historyState) ? historyState[FIELD] : undefined;
  if (!isRecord(raw) || typeof raw.key !== 'string' || raw.key === '') return undefined;
  return {
    key: raw.key,
    ...(typeof raw.patientId === 'string' ? { patientId: raw.patientId } : {}),
    ...(raw.closed === true ? { closed: true } : {}),
  };
}

/** The history state with this launch remembered, other fields kept. */
export function withFrameLaunch(historyState: unknown, launch: FrameLaunch): Record<string, unknown> {
  return { ...(isRecord(historyState) ? historyState : {}), [FIELD]: launch };
}

/**
 * fhirclient settings for both pages: no shared "current launch" pointer. authorize() then neither deletes
 * another frame's launch nor points the tab at its own; ready() finds the launch only by the key it is given.
 */
export function keepLaunchesPerFrame(settings: { fullSessionStorageSupport?: boolean }): void {
  settings.fullSessionStorageSupport = false;
}

function storedLaunch(storage: Pick<Storage, 'getItem'>, key: string | null | undefined): Record<string, unknown> | undefined {
  if (!key || key === SHARED_LAUNCH_POINTER) return undefined;
  try {
    const state: unknown = JSON.parse(storage.getItem(key) ?? 'null');
    return isRecord(state) && state.key === key && typeof state.serverUrl === 'string' ? state : undefined;
  } catch {
    return undefined;
  }
}

/** True when `key` names a launch this tab's launch page started (fhirclient stored its state under it). */
export function isLaunchOfThisTab(storage: Pick<Storage, 'getItem'>, key: string | null | undefined): key is string {
  return storedLaunch(storage, key) !== undefined;
}

/** True when `key` names a launch of this tab still waiting for the authorization server's answer (no token yet). */
export function isAwaitingAuthorization(storage: Pick<Storage, 'getItem'>, key: string | null | undefined): key is string {
  const launch = storedLaunch(storage, key);
  if (!launch) return false;
  return !(isRecord(launch.tokenResponse) && typeof launch.tokenResponse.access_token === 'string');
}

/** Removes this launch's tokens and state (and the shared pointer if it names this launch). */
export function forgetLaunch(storage: Pick<Storage, 'getItem' | 'removeItem'>, key: string): void {
  storage.removeItem(key);
  if (storage.getItem(SHARED_LAUNCH_POINTER) === JSON.stringify(key)) storage.removeItem(SHARED_LAUNCH_POINTER);
}
