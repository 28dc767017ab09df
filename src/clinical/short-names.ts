// Short clinical names for the record lines the card, the note and the print show: "INR", "Plt", "MRI L-spine w/o"
// instead of the code's long display ("INR in Platelet poor plasma by Coagulation assay"). One table, matched on
// the line's name (the text before its first ": "), because an evidence line carries its display, not its code.
// The long name stays in the detail view, where the physician checks what exactly was read. Pure.

interface ShortName {
  /** What it is called on the card, as on a lab sheet or an order. */
  short: string;
  /** Matches the start of a long display (LOINC long common name, CPT descriptor, or common free text). */
  long: RegExp;
}

// Order matters: the first match wins (the quantitative hCG before the qualitative words, etc.).
const SHORT_NAMES: readonly ShortName[] = [
  // CPT 72148 / 72149 / 72158, and free-text study descriptions.
  { short: 'MRI L-spine w/o', long: /^(?:magnetic resonance.*lumbar; without contrast|mri (?:of the )?lumbar spine without contrast)/i },
  { short: 'MRI L-spine w/ and w/o', long: /^magnetic resonance.*lumbar; without contrast material, followed by/i },
  { short: 'MRI L-spine w/', long: /^magnetic resonance.*lumbar; with contrast/i },
  { short: 'MRI T-spine w/o', long: /^(?:magnetic resonance.*thoracic; without contrast|mri (?:of the )?thoracic spine without contrast)/i },
  { short: 'MRI C-spine w/o', long: /^magnetic resonance.*cervical; without contrast/i },
  // CPT 72100 / 72110 / 72070 / 72072.
  { short: 'XR L-spine 2-3 views', long: /^radiologic examination, spine, lumbosacral; 2 or 3 views/i },
  { short: 'XR L-spine 4+ views', long: /^radiologic examination, spine, lumbosacral; minimum of 4/i },
  { short: 'XR T-spine 2 views', long: /^radiologic examination, spine; thoracic, 2 views/i },
  { short: 'XR T-spine 3 views', long: /^radiologic examination, spine; thoracic, 3 views/i },
  { short: 'CT L-spine w/o', long: /^computed tomography, lumbar spine; without contrast/i },
  { short: 'CT T-spine w/o', long: /^computed tomography, thoracic spine; without contrast/i },
  // CPT 77080 and the LOINC DXA names.
  { short: 'DXA', long: /^(?:dual-energy x-ray absorptiometry|dxa\b|dexa\b)/i },
  // LOINC 6301-6, 34714-6, 46418-0, 38875-1.
  { short: 'INR', long: /^INR\b/ },
  // LOINC 777-3, 26515-7.
  { short: 'Plt', long: /^platelets\b/i },
  // LOINC 2160-0, 38483-4.
  { short: 'Cr', long: /^creatinine\b/i },
  // LOINC 72514-3, 38208-5, 38214-3.
  { short: 'NRS pain', long: /^pain (?:severity|intensity)\b/i },
  // LOINC 8867-4.
  { short: 'HR', long: /^heart rate\b/i },
  // LOINC 85354-9, 55284-4, 8480-6, 8462-4.
  { short: 'BP', long: /^(?:blood pressure|systolic blood pressure|diastolic blood pressure)\b/i },
  // LOINC 19080-1 (quantitative) and 2106-3 / 2118-8 / 2112-1 / 2110-5 (qualitative).
  { short: 'hCG', long: /^(?:choriogonadotropin|hcg\b|beta hcg|pregnancy test)/i },
  // LOINC 58410-2, 57021-8.
  { short: 'CBC', long: /^cbc\b|^complete blood count/i },
  // LOINC 24321-2, 51990-0, 24323-8.
  { short: 'BMP', long: /^basic metabolic panel/i },
  { short: 'CMP', long: /^comprehensive metabolic panel/i },
];

/** The short name of a long display name, or undefined when the table has none. */
export function shortName(name: string): string | undefined {
  return SHORT_NAMES.find((entry) => entry.long.test(name.trim()))?.short;
}

/**
 * A record line with its name shortened: "INR in Platelet poor plasma by Coagulation assay: 2.8 {INR}" becomes
 * "INR: 2.8 {INR}"; "Pain severity - 0-10 verbal numeric rating [Score] - Reported: 7" becomes "NRS pain: 7".
 * A line whose name is not in the table is returned as it is.
 */
export function shortText(display: string): string {
  const colon = display.indexOf(': ');
  const name = colon >= 0 ? display.slice(0, colon) : display;
  const short = shortName(name);
  return short ? `${short}${colon >= 0 ? display.slice(colon) : ''}` : display;
}
