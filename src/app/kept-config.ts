// The configuration the launch page read and validated (smart-config.json, ./config.ts), kept in this tab's
// sessionStorage for the app page (issue 22): the app page then neither fetches the file again nor carries the
// validation code, and the browser budget counts every script fetched before the verdict (60 KB gzip). Only a list
// the launch page accepted is kept; nothing kept, or anything unreadable, is no configuration, as a missing file
// always was on the app page (the defaults; a configuration only adds per-EHR search settings there).
import type { EhrConfig } from './config';

const KEY = 'kyphoplasty-config';

/** The launch page: the validated entries, for the app page that the EHR sends the physician back to. */
export function keepConfig(storage: Pick<Storage, 'setItem'> | undefined, configs: readonly EhrConfig[]): void {
  try {
    storage?.setItem(KEY, JSON.stringify(configs));
  } catch {
    // A full or refused storage: the app page uses the defaults.
  }
}

/** The app page: what the launch page kept, or no entries. */
export function keptConfig(storage: Pick<Storage, 'getItem'> | undefined): EhrConfig[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((entry): entry is EhrConfig => typeof entry === 'object' && entry !== null && !Array.isArray(entry)) : [];
  } catch {
    return [];
  }
}
