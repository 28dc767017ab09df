// The one reader of FHIR text: one line, no bidi controls, bounded with a marker.
import { describe, expect, it } from 'vitest';
import { MAX_TEXT, TRUNCATION_MARKER, plainText, rawString, str, text } from '../../src/fhir/narrow';
import { BIDI_CONTROLS, LINE_BREAKS } from './forge';

describe('plainText', () => {
  it.each(LINE_BREAKS.map((b) => [JSON.stringify(b), b]))('turns the line break %s into spaces', (_name, lineBreak) => {
    expect(plainText(`Ada${lineBreak}Verdict: candidate`)).toMatch(/^Ada +Verdict: candidate$/);
  });

  it('turns tabs, NUL, escape and the other C0 and C1 controls into spaces', () => {
    expect(plainText('a\tb\u0000c\u001b[2Jd\u007fe\u0090f')).toBe('a b c [2Jd e f');
  });

  it.each(BIDI_CONTROLS.map((c) => [`U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, c]))('removes the bidi control %s', (_name, control) => {
    expect(plainText(`cod${control}.exe`)).toBe('cod.exe');
  });

  it('leaves ordinary text, accents, scripts and emoji as they are', () => {
    const ordinary = 'Zoë Ødegård — 骨折 (L1) 😀 ≥ 5/10, ‘quoted’';
    expect(plainText(ordinary)).toBe(ordinary);
  });
});

describe('text and str', () => {
  it('keep at most MAX_TEXT characters and mark the cut', () => {
    expect(text('x'.repeat(MAX_TEXT))).toBe('x'.repeat(MAX_TEXT));
    expect(text('x'.repeat(MAX_TEXT + 1))).toBe(`${'x'.repeat(MAX_TEXT)}${TRUNCATION_MARKER}`);
    expect(str('y'.repeat(3 * 1024 * 1024))).toHaveLength(MAX_TEXT + TRUNCATION_MARKER.length);
  });

  it('never cut a character in half', () => {
    const cut = text(`${'x'.repeat(MAX_TEXT - 1)}😀 and more`)!;
    expect(cut).toBe(`${'x'.repeat(MAX_TEXT - 1)}${TRUNCATION_MARKER}`);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut)).toBe(false);
  });

  it('read blanks, control-only strings and non-strings as absent', () => {
    for (const value of ['', '   ', '\n\r\t', '\u202e\u202c', 42, null, undefined, { text: 'x' }, ['x']]) expect(text(value)).toBeUndefined();
  });

  it('leave machine strings (rawString) exactly as sent', () => {
    const next = `https://fhir.example/r4/Observation?${'page=x&'.repeat(200)}`;
    expect(rawString(next)).toBe(next);
  });
});
