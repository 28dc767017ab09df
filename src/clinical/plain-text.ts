// Text that cannot forge a line: the one helper the plain-text outputs (summary, note, CLI) and the FHIR reader
// share. It lives in src/clinical because src/clinical imports nothing outside itself (issue 18 item 6);
// src/fhir/narrow.ts uses it from here.

// C0 and C1 controls (line breaks, tabs, escape sequences), the Unicode line and paragraph separators.
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Bidirectional embeddings, overrides, isolates and marks: they reorder what a reader sees.
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Text that stays on one line and reads as written: line breaks and control characters become spaces,
 * bidi controls are removed. Whatever a FHIR string holds, it cannot start a line of its own in a plain-text
 * summary, nor reorder the characters around it.
 */
export function plainText(value: string): string {
  if (!UNSAFE.test(value)) return value;
  return value.replace(LINE_BREAKING, ' ').replace(BIDI_CONTROLS, '');
}
