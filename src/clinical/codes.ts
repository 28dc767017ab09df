// Every code list of ../shared/spec/codes.md, and nothing else hard-codes a code.
// "(unverified)" marks codes the spec took from secondary sources; they are kept as the spec says.
import type { Coding, Concept } from './record';

export const SYSTEM = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  snomed: 'http://snomed.info/sct',
  loinc: 'http://loinc.org',
  cpt: 'http://www.ama-assn.org/go/cpt',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  /** DICOM modality codes (ImagingStudy.modality): the modality is matched by code alone. */
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
} as const;

/** A list of codes from one or more systems; ICD-10-CM entries ending in `*` match by prefix. */
export interface CodeList {
  icd10?: readonly string[];
  snomed?: readonly string[];
  loinc?: readonly string[];
  cpt?: readonly string[];
  /** HCPCS has no single canonical URI: any system containing "hcpcs". */
  hcpcs?: readonly string[];
}

// ---- Conditions (codes.md § Conditions) ----

export const CONDITIONS = {
  vertebralFracture: {
    icd10: ['M80.08*', 'M80.88*', 'M48.5*', 'M84.58*', 'S22.0*', 'S32.0*'],
    // 42942008 (unverified), 15724005, 1734006, 207957008 (unverified)
    snomed: ['42942008', '15724005', '1734006', '207957008'],
  },
  traumaticFracture: { icd10: ['S22.0*', 'S32.0*'], snomed: ['15724005', '1734006'] },
  /** 443165006: site not stated, so etiology evidence only, never `vcf`. */
  osteoporoticFracture: { icd10: ['M80*'], snomed: ['443165006'] },
  // 203438009 (unverified)
  osteoporosis: { icd10: ['M80*', 'M81*'], snomed: ['64859006', '203438009'] },
  // 109989006, 94222008 (both unverified)
  malignancy: { icd10: ['C41.2*', 'C79.51*', 'C79.52*', 'C90.0*'], snomed: ['109989006', '94222008'] },
  // 414564002 (unverified)
  kyphosis: { icd10: ['M40.0*', 'M40.2*'], snomed: ['414564002'] },
  reducedMobility: { icd10: ['R26.2*', 'Z74.0*', 'Z99.3'] },
  pregnancy: { icd10: ['Z33.1', 'Z34*', 'Z3A*', 'O*'], snomed: ['77386006', '72892002'] },
  spinalInfection: { icd10: ['M46.2*', 'M46.3*', 'M46.4*', 'A40*', 'A41*', 'T81.4*'] },
  // Not D68.5*, D68.6*: thrombophilias. 64779008 (unverified)
  coagulopathy: {
    icd10: ['D65', 'D66', 'D67', 'D68.0*', 'D68.1', 'D68.2', 'D68.3*', 'D68.4', 'D68.8', 'D68.9', 'D69.6'],
    snomed: ['64779008'],
  },
  longTermAnticoagulant: { icd10: ['Z79.01', 'Z79.02'] },
  neurologicCompromise: { icd10: ['G95.2*', 'G99.2', 'G83.4'], snomed: ['1734006'] },
  alternativePainSource: { icd10: ['M47*', 'M51.3*'] },
} as const satisfies Record<string, CodeList>;

/** Alternative pain source by text: "spondylosis" alone, or an arthritis word with a spine word. */
export const ALTERNATIVE_PAIN_TEXT = {
  alone: ['spondylosis'],
  arthritis: ['osteoarthritis', 'arthritis', 'degenerat'],
  spine: ['spine', 'spinal', 'lumbar', 'thoracic', 'vertebr', 'facet', 'disc'],
} as const;

// ---- Observations (codes.md § Observations) ----

export const OBSERVATIONS = {
  painScore: { loinc: ['72514-3', '38214-3', '38208-5'] },
  heartRate: { loinc: ['8867-4'] },
  bloodPressure: { loinc: ['85354-9', '55284-4', '8480-6'] },
  cbc: { loinc: ['58410-2', '57021-8', '777-3', '26515-7'] },
  platelets: { loinc: ['777-3', '26515-7'] },
  inr: { loinc: ['6301-6', '34714-6', '46418-0', '38875-1'] },
  pt: { loinc: ['5902-2', '5964-2'] },
  // 51990-0 (BMP, unverified)
  metabolicPanel: { loinc: ['24321-2', '51990-0', '24323-8', '2160-0', '38483-4'] },
  hcgQualitative: { loinc: ['2106-3', '2118-8', '2112-1', '2110-5'] },
  /** Positive when > 5 mIU/mL. */
  hcgQuantitative: { loinc: ['19080-1'] },
  pregnancyStatus: { loinc: ['82810-3'] },
  dxaTScore: { loinc: ['38267-1', '38263-0', '38264-8', '80946-7', '80945-9', '80948-3', '80947-5', '38265-5'] },
  dxaBoneDensity: { loinc: ['24966-4', '24701-5', '38261-4'] },
} as const satisfies Record<string, CodeList>;

export const HCG_POSITIVE_ABOVE_MIU_PER_ML = 5;

/** hCG results of either kind: what the pregnancy rules and the pregnancy-test workup read. */
export const HCG_TESTS: CodeList & { loinc: readonly string[] } = {
  loinc: [...OBSERVATIONS.hcgQualitative.loinc, ...OBSERVATIONS.hcgQuantitative.loinc],
};

export const PREGNANCY_STATUS_ANSWERS = {
  pregnant: 'LA15173-0',
  notPregnant: 'LA26683-5',
  unknown: 'LA4489-6',
} as const;

/** Qualitative results (codes.md: positive and negative). */
export const QUALITATIVE = {
  positiveSnomed: '10828004',
  negativeSnomed: '260385009',
  positiveText: ['positive', 'detected'],
  negativeText: ['negative', 'not detected'],
  positiveInterpretation: ['POS'],
  negativeInterpretation: ['NEG'],
} as const;

/** Platelet units: these equal 10^9/L; /uL and /mm3 are divided by 1000. */
export const PLATELET_UNITS = {
  perNanoliter: ['10*3/uL', '10*9/L', '/nL', '10^3/uL', '10^9/L', 'x10^9/L', 'x10*9/L', 'k/uL', 'K/uL'],
  perMicroliter: ['/uL', '/mm3', '1/uL', '/mm^3'],
} as const;

/** Lab panels also count as a DiagnosticReport carrying the panel code. */
export const LAB_PANEL_REPORTS = {
  cbc: { loinc: ['58410-2', '57021-8'] },
  metabolicPanel: { loinc: ['24321-2', '51990-0', '24323-8'] },
} as const satisfies Record<string, CodeList>;

/** Every LOINC code the app asks the server for (server-side `code=` filter). */
export const OBSERVATION_QUERY_CODES: readonly string[] = [
  ...new Set(Object.values(OBSERVATIONS).flatMap((list) => ('loinc' in list ? [...list.loinc] : []))),
];

// ---- Imaging and procedures (codes.md § Imaging and procedures) ----

export type ImagingKind = 'spine-xray' | 'spine-mri' | 'spine-ct' | 'bone-scan';

function cptRange(from: number, to: number): string[] {
  const out: string[] = [];
  for (let code = from; code <= to; code++) out.push(String(code));
  return out;
}

export const IMAGING_KINDS: ReadonlyArray<{
  kind: ImagingKind;
  cpt: readonly string[];
  modalities: readonly string[];
  /** Whole words or word starts, case-insensitive. */
  text: readonly string[];
}> = [
  {
    kind: 'spine-xray',
    cpt: ['72020', '72070', '72072', '72074', '72080', ...cptRange(72081, 72084), '72100', '72110', '72114', '72120'],
    modalities: ['DX', 'CR'],
    text: ['x-ray', 'xray', 'radiograph', 'XR'],
  },
  {
    kind: 'spine-mri',
    cpt: ['72141', '72142', '72146', '72147', '72148', '72149', '72156', '72157', '72158'],
    modalities: ['MR'],
    text: ['MRI', 'magnetic resonance', 'MR'],
  },
  { kind: 'spine-ct', cpt: cptRange(72125, 72133), modalities: ['CT'], text: ['CT', 'computed tomography'] },
  {
    kind: 'bone-scan',
    cpt: ['78300', '78305', '78306', '78315', '78803', '78830'],
    modalities: ['NM'],
    text: ['bone scan', 'scintigraphy', 'SPECT'],
  },
];

// 421060004, 122494005, 122495006, 122496007, 303949008 (all unverified: the text rule is the safety net)
export const SPINE_BODY_SITE: CodeList = { snomed: ['421060004', '122494005', '122495006', '122496007', '303949008'] };

export const SPINE_TEXT = {
  words: ['spine', 'spinal', 'vertebr', 'lumbar', 'thoracolumbar', 't-spine', 'l-spine'],
  /** "thoracic" counts only when followed by one of these. */
  thoracicFollowedBy: ['spine', 'vertebra'],
} as const;

export const DXA: CodeList = { cpt: ['77080', '77081', '77085', '77086'], snomed: ['312681000'] };

/** Imaging records with these statuses are ignored. */
export const IGNORED_RECORD_STATUSES: readonly string[] = ['entered-in-error', 'cancelled', 'not-done', 'revoked'];

// ---- Conservative care (codes.md § Conservative care) ----

export const ANALGESICS: readonly string[] = [
  'acetaminophen', 'paracetamol', 'ibuprofen', 'naproxen', 'diclofenac', 'meloxicam', 'celecoxib',
  'ketorolac', 'tramadol', 'tapentadol', 'codeine', 'hydrocodone', 'oxycodone', 'morphine',
  'hydromorphone', 'meperidine', 'fentanyl', 'calcitonin', 'gabapentin', 'pregabalin', 'lidocaine',
];

/** Analgesic orders count in these statuses. */
export const ANALGESIC_STATUSES: readonly string[] = ['active', 'completed', 'on-hold', 'stopped'];

function hcpcsRange(prefix: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(`${prefix}${String(n).padStart(4, '0')}`);
  return out;
}

export const CONSERVATIVE_CARE: ReadonlyArray<{ kind: string; codes: CodeList }> = [
  { kind: 'Brace', codes: { snomed: ['77476009'], hcpcs: [...hcpcsRange('L', 450, 492), ...hcpcsRange('L', 621, 651)] } },
  { kind: 'Physical therapy', codes: { snomed: ['91251008'], cpt: ['97110', '97112', '97161', '97162', '97163'] } },
  { kind: 'Activity modification', codes: { snomed: ['183051005'] } },
];

export const ANTICOAGULANTS: readonly string[] = [
  'warfarin', 'apixaban', 'rivaroxaban', 'dabigatran', 'edoxaban', 'heparin', 'enoxaparin',
  'dalteparin', 'fondaparinux', 'clopidogrel', 'prasugrel', 'ticagrelor',
];

export const CEMENT_ALLERGENS: readonly string[] = [
  'methyl methacrylate', 'methylmethacrylate', 'PMMA', 'bone cement', 'iodinated contrast',
  'contrast media', 'iohexol', 'iopamidol', 'iodixanol',
];

// ---- Matching (codes.md § Matching rules) ----

function normalizeIcd(code: string): string {
  return code.replace(/\./g, '').toUpperCase();
}

function icdMatches(code: string, entries: readonly string[]): boolean {
  const actual = normalizeIcd(code);
  return entries.some((entry) =>
    entry.endsWith('*') ? actual.startsWith(normalizeIcd(entry.slice(0, -1))) : actual === normalizeIcd(entry),
  );
}

export function systemIs(system: string | undefined, ...expected: string[]): boolean {
  if (!system) return false;
  const s = system.trim().replace(/\/$/, '');
  return expected.includes(s);
}

export function codingMatches(coding: Coding, list: CodeList): boolean {
  const code = coding.code?.trim();
  if (!code) return false;
  const system = coding.system;
  if (list.icd10 && systemIs(system, SYSTEM.icd10cm, SYSTEM.icd10) && icdMatches(code, list.icd10)) return true;
  if (list.snomed && systemIs(system, SYSTEM.snomed) && list.snomed.includes(code)) return true;
  if (list.loinc && systemIs(system, SYSTEM.loinc) && list.loinc.includes(code)) return true;
  if (list.cpt && systemIs(system, SYSTEM.cpt) && list.cpt.includes(code)) return true;
  if (list.hcpcs && system?.toLowerCase().includes('hcpcs') && list.hcpcs.includes(code.toUpperCase())) return true;
  return false;
}

export function conceptMatches(concept: Concept | undefined, list: CodeList): boolean {
  return !!concept && concept.codings.some((coding) => codingMatches(coding, list));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const termPatterns = new Map<string, RegExp>();

/** Whole words or word starts, case-insensitive (codes.md): `vertebr` matches "vertebral", not "intervertebral". */
export function textHasTerm(text: string | undefined, term: string): boolean {
  if (!text) return false;
  let pattern = termPatterns.get(term);
  if (!pattern) {
    pattern = new RegExp(`(^|[^a-z0-9])${escapeRegExp(term.toLowerCase())}`, 'i');
    termPatterns.set(term, pattern);
  }
  return pattern.test(text);
}

/** Where a term starts in the text (whole word or word start), or -1. */
export function termPosition(text: string, term: string): number {
  if (!textHasTerm(text, term)) return -1;
  const match = termPatterns.get(term)!.exec(text)!;
  return match.index + match[1]!.length;
}

export function textHasAnyTerm(text: string | undefined, terms: readonly string[]): boolean {
  return terms.some((term) => textHasTerm(text, term));
}

/** code.text and every coding display: the texts a "text" list may read. */
export function conceptTexts(concept: Concept | undefined): string[] {
  if (!concept) return [];
  const texts = concept.codings.map((c) => c.display).filter((d): d is string => !!d);
  if (concept.text) texts.push(concept.text);
  return texts;
}
