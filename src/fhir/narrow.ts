// Defensive readers for untrusted JSON: every FHIR field is checked before use, so a malformed
// resource yields less data, never an exception.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
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

/** Keeps display text bounded: a hostile record must not blow up the panel or the terminal. */
export const MAX_TEXT = 500;

export function text(value: unknown): string | undefined {
  const s = str(value);
  return s && s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT)}…` : s;
}
