// Clinical values as a physician reads them: the one formatter for the panel, the note, the print and the CLI text.
// Pure: no DOM. Record text arrives already joined ("Platelets: 443.37330554609434 10*3/uL"), so the formatter
// works on a number followed by its UCUM unit wherever it appears in a line, and leaves every other word alone.

const SUPERSCRIPT: Record<string, string> = { '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** UCUM as written on a lab report: annotations ({score}, {INR}) dropped, 10*3 as ×10³, u as µ. */
export function displayUnit(unit: string | undefined): string {
  if (!unit) return '';
  const bare = unit.replace(/\{[^}]*\}/g, '').replace(/^\((?:score)\)$|^ratio$/i, '').trim();
  if (bare === '' || bare === '1') return '';
  return bare
    .replace(/^10\*(\d+)/, (_m, exp: string) => `×10${[...exp].map((d) => SUPERSCRIPT[d]).join('')}`)
    .replace(/(^|\/|×10[⁰¹²³⁴⁵⁶⁷⁸⁹]+\/)u(?=(L|g|mol|m)\b)/g, '$1µ')
    .replace(/mm\[Hg\]/, 'mmHg')
    .replace(/^\/min$/, '/min');
}

/** Decimals a value deserves: pain and counts whole, INR and T-scores one, small concentrations two. */
function decimalsFor(value: number, unit: string | undefined): number {
  const u = unit ?? '';
  if (/\{score\}|\(score\)|\/10$/.test(u)) return 0;
  if (/\{INR\}|\{T-score\}|\{Z-score\}|^g\/dL$|^%$/.test(u)) return 1;
  if (/^10\*\d+\/|^\/uL$|^\/mm3$|mm\[Hg\]|\/min/.test(u)) return Math.abs(value) >= 10 ? 0 : 1;
  const size = Math.abs(value);
  if (size >= 100) return 0;
  if (size >= 10) return 1;
  return 2;
}

/** A number to its meaningful precision, trailing zeros dropped, thousands grouped. */
export function formatNumber(value: number, unit?: string): string {
  const decimals = decimalsFor(value, unit);
  const rounded = Number(value.toFixed(decimals));
  return rounded.toLocaleString('en-US', { maximumFractionDigits: decimals, useGrouping: Math.abs(rounded) >= 10_000 || /^\/uL$|^\/mm3$/.test(unit ?? '') });
}

/** "7/10": a pain score is a whole number on the 0-10 scale. */
export function formatPain(score: number): string {
  return `${Math.round(score)}/10`;
}

/** Platelets in ×10⁹/L (the unit of the 50 threshold), from the common count units; undefined when not a count unit. */
export function plateletsPer10e9L(value: number, unit: string | undefined): number | undefined {
  const u = (unit ?? '').replace(/\{[^}]*\}/g, '').trim().toLowerCase();
  if (['10*3/ul', '10*9/l', 'x10e3/ul', 'k/ul', 'k/µl', 'thou/ul', '10*3/mm3', '10^3/ul', '10^9/l'].includes(u)) return value;
  if (u === '/ul' || u === '/mm3' || u === '/µl') return value / 1000;
  return undefined;
}

/** A value and its unit: "227 ×10³/µL", "2.8", "45,000/µL". */
export function formatQuantity(value: number, unit?: string): string {
  const shown = displayUnit(unit);
  const number = formatNumber(value, unit);
  if (!shown) return number;
  return shown.startsWith('/') ? `${number}${shown}` : `${number} ${shown}`;
}

const PLATELET_THRESHOLD = 50;
const INR_THRESHOLD = 1.5;

// A number, then optionally one UCUM unit token: an annotation, a power of ten per volume, or a common lab unit.
const QUANTITY = /(-?\d+(?:\.\d+)?)(?:(\s?)(\{[^}\s]*\}|\(score\)|ratio|10\*\d+\/[A-Za-z]+\d?|\/uL|\/mm3|mg\/dL|g\/dL|mmol\/L|umol\/L|mm\[Hg\]|\/min|g\/cm2|ng\/mL|%)(?![A-Za-z0-9]))?(\/10\b)?/g;

/**
 * One line of record text with every value formatted: UCUM units mapped, unrounded numbers rounded, a pain score
 * out of 10 whole, and the comparison spelled out where a bleeding threshold applies (platelets converted to ×10⁹/L).
 */
export function clinicalText(text: string): string {
  const platelets = /platelet|^Plt\b/i.test(text);
  const inr = /\bINR\b/.test(text);
  return text.replace(QUANTITY, (match, number: string, _space: string | undefined, unit: string | undefined, outOfTen: string | undefined, offset: number) => {
    const value = Number(number);
    // Part of a date, a code or a word ("2026-11-16", "M80.08", "L1"): not a value.
    const before = text[offset - 1] ?? '';
    if (/[A-Za-z0-9.-]/.test(before) && !(before === '-' && /\s/.test(text[offset - 2] ?? ' '))) return match;
    if (outOfTen) return formatPain(value);
    if (!unit) {
      const decimals = number.split('.')[1]?.length ?? 0;
      if (inr && decimals > 0 && /^\d\.\d+$/.test(number)) return `${formatNumber(value, '{INR}')}${value > INR_THRESHOLD ? ` (> ${INR_THRESHOLD})` : ''}`;
      return decimals > 2 ? formatNumber(value) : match;
    }
    if (unit === '{score}' || unit === '(score)') return formatNumber(value, unit);
    if (unit === '{INR}') return `${formatNumber(value, unit)}${value > INR_THRESHOLD ? ` (> ${INR_THRESHOLD})` : ''}`;
    const shown = formatQuantity(value, unit);
    const per10e9 = platelets ? plateletsPer10e9L(value, unit) : undefined;
    if (per10e9 === undefined) return shown;
    const converted = unit === '/uL' || unit === '/mm3' ? ` = ${formatNumber(per10e9, '10*9/L')} ×10⁹/L` : '';
    return `${shown}${converted}${per10e9 < PLATELET_THRESHOLD ? `, below ${PLATELET_THRESHOLD}` : ''}`;
  });
}
