// Defensive readers for untrusted JSON: every FHIR field is checked before use, so a malformed
// resource yields less data, never an exception.

import { plainText } from '../clinical/plain-text';

// The plain-text helper is clinical display code (src/clinical stays pure); re-exported for the FHIR readers.
export { plainText };

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A non-blank string exactly as the server sent it. Only for machine use (URLs, references, ids compared
 * with other ids): it is never displayed and never kept in the record.
 */
export function rawString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Every string the record keeps goes through text(): normalize.ts reads fields under either name. */
export function str(value: unknown): string | undefined {
  return text(value);
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function objects(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function obj(value: unknown): Json | undefined {
  return isObject(value) ? value : undefined;
}

export function at(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** Keeps display text bounded: a hostile record must not blow up the panel, the terminal or memory. */
export const MAX_TEXT = 500;
export const TRUNCATION_MARKER = '…';

/** At most `max` characters, with the marker when cut; never splits a surrogate pair. */
export function bounded(value: string, max = MAX_TEXT): string {
  if (value.length <= max) return value;
  let end = max;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${value.slice(0, end)}${TRUNCATION_MARKER}`;
}

/**
 * The one reader of FHIR strings for the record: a non-blank string, bounded (cut before anything else is done
 * with it, so a string of hundreds of megabytes costs nothing more) and made plain text.
 */
export function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const plain = plainText(bounded(value));
  return plain.trim() !== '' ? plain : undefined;
}
