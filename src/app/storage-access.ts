// Framed by an EHR on another site, the browser may refuse the app its sessionStorage (Chromium with
// third-party storage blocked throws "Access is denied for this document"). fhirclient keeps the whole
// launch there (PKCE verifier, state, tokens), so the launch cannot work: detect it before starting and,
// where the Storage Access API exists, ask for this site's own storage on a click.

interface StorageAccessHandle {
  sessionStorage?: Storage;
}

interface StorageAccessDocument {
  requestStorageAccess?: (types?: { sessionStorage?: boolean }) => Promise<StorageAccessHandle | undefined | void>;
}

export type StorageWindow = Pick<Window, 'sessionStorage' | 'document' | 'navigator'>;

const PROBE = 'kyphoplasty:storage-probe';

/** The window's sessionStorage when it can be written and read back; undefined when the browser blocks it. */
export function sessionStorageOf(win: StorageWindow): Storage | undefined {
  try {
    const storage = win.sessionStorage;
    storage.setItem(PROBE, '1');
    const readable = storage.getItem(PROBE) === '1';
    storage.removeItem(PROBE);
    return readable ? storage : undefined;
  } catch {
    return undefined;
  }
}

/** True when the browser offers the Storage Access API (the app can ask on a click). */
export function canRequestStorageAccess(win: Pick<Window, 'document'>): boolean {
  return typeof (win.document as StorageAccessDocument).requestStorageAccess === 'function';
}

/**
 * Asks for unpartitioned storage (needs a click unless already granted). Chromium returns a handle whose
 * sessionStorage it installs as the window's, where fhirclient reads it; other browsers unblock the usual
 * sessionStorage itself. Undefined when refused.
 */
export async function requestSessionStorage(win: StorageWindow): Promise<Storage | undefined> {
  const doc = win.document as StorageAccessDocument;
  if (typeof doc.requestStorageAccess !== 'function') return undefined;
  try {
    const handle = await doc.requestStorageAccess({ sessionStorage: true });
    const granted = handle ? handle.sessionStorage : undefined;
    if (granted) Object.defineProperty(win, 'sessionStorage', { configurable: true, get: () => granted });
  } catch {
    return undefined;
  }
  return sessionStorageOf(win);
}

async function accessAlreadyGranted(win: StorageWindow): Promise<boolean> {
  try {
    const status = await win.navigator.permissions?.query({ name: 'storage-access' as PermissionName });
    return status?.state === 'granted';
  } catch {
    return false;
  }
}

/**
 * The sessionStorage this page can use: the window's own, or the one an earlier page of this launch was
 * granted through the Storage Access API (asked again without a click, as the API allows once granted).
 */
export async function usableSessionStorage(win: StorageWindow): Promise<Storage | undefined> {
  const own = sessionStorageOf(win);
  if (own) return own;
  return (await accessAlreadyGranted(win)) ? requestSessionStorage(win) : undefined;
}
