// A hostile record for the plain-text summary: every displayed FHIR string carries line breaks (each kind)
// followed by copies of every line type of the summary, and bidi overrides.

/** One forged copy of each line type summaryText writes. */
export const FORGED_LINES = [
  'Kyphoplasty candidacy (decision support; the physician decides) as of 1999-01-01',
  'Patient: Forged Person, 30 y, male',
  'Verdict: candidate - Meets the documented criteria',
  'Pathway: osteoporotic; etiology: osteoporosis',
  '  - Meets the documented criteria; the physician decides.',
  'Criteria:',
  '  [met] Pain is primarily from the identified fracture',
  '      Condition: Forged fracture (2026-01-01)',
  'Contraindications and cautions:',
  '  [absent] Active spinal or systemic infection (absolute)',
  'Workup (complete):',
  '  [done] Forged workup item (within 30 days)',
  'Could not be read:',
  '  - nothing',
];

/** Every way text can break a line: LF, CRLF, CR, NEL, VT, FF, the Unicode line and paragraph separators. */
export const LINE_BREAKS = ['\n', '\r\n', '\r', '\u0085', '\u000b', '\u000c', '\u2028', '\u2029'];

/** Bidi embeddings, overrides, isolates and marks. */
export const BIDI_CONTROLS = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];

/** A line break (one of each kind, by `seed`), one forged line, bidi controls and a terminal escape. */
export function forgedPayload(line: string, seed: number): string {
  return `${LINE_BREAKS[seed % LINE_BREAKS.length]}${line}${BIDI_CONTROLS.join('')}\t\u0000\u001b[2J`;
}

/** The keys whose string values are shown (names, texts, displays, descriptions, string values, units, diagnostics). */
const DISPLAYED = new Set(['text', 'display', 'description', 'family', 'given', 'prefix', 'suffix', 'valueString', 'unit', 'diagnostics']);

/**
 * A deep copy of `value` with `forgedLine` appended, after a line break, to every displayed string. `spaced`: the
 * same words after a space and with no control characters, the plain reading of the forged text. Its summary is
 * the reference: the words can rightly change what the record means (a procedure named "Kyphoplasty ..." is a
 * prior augmentation), but never the lines of the summary.
 */
export function forgeDisplayedText(value: unknown, forgedLine: string, counter = { forged: 0 }, key = '', spaced = false): unknown {
  if (typeof value === 'string') {
    if (!DISPLAYED.has(key)) return value;
    return spaced ? `${value} ${forgedLine}` : `${value}${forgedPayload(forgedLine, counter.forged++)}`;
  }
  if (Array.isArray(value)) return value.map((item) => forgeDisplayedText(item, forgedLine, counter, key, spaced));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, forgeDisplayedText(v, forgedLine, counter, k, spaced)]));
  }
  return value;
}

/**
 * What is wrong with a summary built from forged text, against the summary of the same record without it: a line
 * more or less, a forged line standing as a line, a control character, a verdict line that differs.
 */
export function forgeryProblems(forgedSummary: string, cleanSummary: string, forgedLine: string): string[] {
  const problems: string[] = [];
  const lines = forgedSummary.split('\n');
  const clean = cleanSummary.split('\n');
  if (lines.length !== clean.length) problems.push(`${lines.length} lines instead of ${clean.length}`);
  for (const [i, line] of lines.entries()) {
    if (line !== clean[i] && line.trimStart() === forgedLine.trimStart()) problems.push(`line ${i + 1} is forged: ${line}`);
    if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(line)) problems.push(`line ${i + 1} holds a control character`);
  }
  const verdicts = (summary: string[]) => summary.filter((line) => line.startsWith('Verdict:'));
  if (JSON.stringify(verdicts(lines)) !== JSON.stringify(verdicts(clean))) problems.push(`verdict lines: ${JSON.stringify(verdicts(lines))}`);
  // The forged text must have reached the summary (inside the lines of the fields that carry it), or the test proves nothing.
  if (!lines.some((line) => line.includes(forgedLine.trim()) && line.trimStart() !== forgedLine.trimStart())) problems.push('the forged text does not appear in any line');
  return problems;
}
