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

/** codes.md Systems: each system also under its OID (EHRs send either). */
export const SYSTEM_ALIASES = {
  icd10: [SYSTEM.icd10cm, SYSTEM.icd10, 'urn:oid:2.16.840.1.113883.6.90'],
  snomed: [SYSTEM.snomed, 'urn:oid:2.16.840.1.113883.6.96'],
  loinc: [SYSTEM.loinc, 'urn:oid:2.16.840.1.113883.6.1'],
  cpt: [SYSTEM.cpt, 'urn:oid:2.16.840.1.113883.6.12'],
  rxnorm: [SYSTEM.rxnorm, 'urn:oid:2.16.840.1.113883.6.88'],
} as const;

/**
 * clinical-rules §0 *Matching what stops or cautions* (v3): a system string containing one of these (case-insensitive;
 * spaces, hyphens and underscores ignored, so "ICD-10-CM" and "ICD 10" count) names the system, for the lists matched
 * generously. LOINC and CPT have no such rule.
 */
export const SYSTEM_NAME_WORDS = { icd10: 'icd10', snomed: 'snomed', rxnorm: 'rxnorm' } as const;

/**
 * A list of codes from one or more systems. ICD-10-CM entries (codes.md Matching rules): `*` matches by
 * prefix, `?` exactly one character, `C81*-C88*` a range of three-character categories; compared without
 * dots, upper case.
 */
export interface CodeList {
  icd10?: readonly string[];
  /** ICD-10-CM entries that never match, even when an `icd10` entry does. */
  icd10Except?: readonly string[];
  /** ICD-10-CM codes whose 7th character is one of these never match (e.g. `S`, sequela). */
  icd10SeventhNot?: readonly string[];
  snomed?: readonly string[];
  loinc?: readonly string[];
  cpt?: readonly string[];
  rxnorm?: readonly string[];
  /** HCPCS has no single canonical URI: any system containing "hcpcs". */
  hcpcs?: readonly string[];
}

// ---- Conditions (codes.md § Conditions) ----

const SPINAL_CORD_INJURY = ['S14.0*', 'S14.1*', 'S24.0*', 'S24.1*', 'S34.0*', 'S34.1*'];
const CAUDA_EQUINA = ['S34.3*', 'G83.4'];

export const CONDITIONS = {
  vertebralFracture: {
    icd10: ['M80.08*', 'M80.88*', 'M48.5*', 'M84.58*', 'S22.0*', 'S32.0*'],
    // 42942008 (unverified), 15724005, 1734006, 207957008 (unverified)
    snomed: ['42942008', '15724005', '1734006', '207957008'],
  },
  /** M84.58*: the code itself states neoplastic disease (§1 Pathway). */
  neoplasticFracture: { icd10: ['M84.58*'] },
  traumaticFracture: { icd10: ['S22.0*', 'S32.0*'], snomed: ['15724005', '1734006'] },
  /** 443165006: site not stated, so etiology evidence only, never `vcf`. */
  osteoporoticFracture: { icd10: ['M80*'], snomed: ['443165006'] },
  // 203438009 (unverified)
  osteoporosis: { icd10: ['M80*', 'M81*'], snomed: ['64859006', '203438009'] },
  malignancy: {
    icd10: ['C34*', 'C50*', 'C61', 'C64*', 'C65*', 'C73', 'C81*-C88*', 'C90*', 'C41.2*', 'C79.5*'],
    // 366908006 (unverified)
    snomed: [
      '109989006', '94222008', '363358000', '254637007', '424132000', '254632001', '254837009', '399068003',
      '314994000', '363518003', '363478007', '118600007', '118599009', '118601006', '366908006',
    ],
  },
  /** Stable burst fractures (6th character 1): a CT note, not a contraindication. */
  burstFractureStable: { icd10: ['S22.0?1*', 'S32.0?1*'] },
  burstFracture: { icd10: ['S22.0?1*', 'S32.0?1*', 'S22.0?2*', 'S32.0?2*'] },
  /** `instability`: unstable burst, spinal cord or cauda equina injury; a sequela (7th character S) never counts. */
  unstableSpinalInjury: {
    icd10: ['S22.0?2*', 'S32.0?2*', ...SPINAL_CORD_INJURY, ...CAUDA_EQUINA],
    icd10SeventhNot: ['S'],
    // 1734006 (unverified)
    snomed: ['1734006'],
  },
  // 414564002 (unverified)
  kyphosis: { icd10: ['M40.0*', 'M40.2*'], snomed: ['414564002'] },
  reducedMobility: { icd10: ['R26.2*', 'Z74.0*', 'Z99.3'] },
  pregnancy: {
    icd10: ['Z33.1', 'Z34*', 'Z3A*', 'O*'],
    icd10Except: ['O00*-O08*', 'O80', 'O82', 'O85*-O92*', 'O94'],
    snomed: ['77386006', '72892002'],
  },
  /** Puerperium, delivery and abortive outcomes: listed, never a current pregnancy. */
  pregnancyEnded: { icd10: ['O00*-O08*', 'O80', 'O82', 'O85*-O92*', 'O94'] },
  spinalInfection: { icd10: ['M46.2*', 'M46.3*', 'M46.4*', 'A40*', 'A41*', 'T81.4*'] },
  // Not D68.5*, D68.6*: thrombophilias. 64779008 (unverified)
  coagulopathy: {
    icd10: ['D65', 'D66', 'D67', 'D68.0*', 'D68.1', 'D68.2', 'D68.3*', 'D68.4', 'D68.8', 'D68.9', 'D69.6'],
    snomed: ['64779008'],
  },
  longTermAnticoagulant: { icd10: ['Z79.01', 'Z79.02'] },
  neurologicCompromise: { icd10: ['G95.2*', 'G99.2', 'G83.4', ...SPINAL_CORD_INJURY, 'S34.3*'], snomed: ['1734006'] },
  alternativePainSource: { icd10: ['M47*', 'M51.3*'] },
} as const satisfies Record<string, CodeList>;

/**
 * A list of words matched in text (codes.md *Words*, v3): whole words, case-insensitive; a word ending in `*`
 * matches its prefix; a phrase matches its words in sequence. `together` holds the "X together with Y" entries:
 * a word of `words` counts only beside a word of `with`.
 */
export interface WordList {
  words: readonly string[];
  together?: ReadonlyArray<{ words: readonly string[]; with: readonly string[] }>;
  /** Words that stop the text match of this list only (pregnancy's extra exclusions), beside NEGATIONS. */
  exclusions?: readonly string[];
}

/**
 * codes.md *Words*: a negation in the same text stops the text match (never a code match). `no ` and `not ` carry
 * their space, as the spec writes them.
 */
export const NEGATIONS: readonly string[] = ['no ', 'not ', 'without', 'negative', 'ruled out', 'denies', 'history of', 'resolved', 'screening', 'test'];

/**
 * For an AllergyIntolerance, "history of", "resolved", "screening" and "test" describe the reaction on file, not its
 * absence ("History of anaphylaxis to iodinated contrast"): only the words that deny it stop an allergy match
 * (the safe reading of codes.md *Words* for allergies: a missed caution is the dangerous error).
 */
export const ALLERGY_NEGATIONS: readonly string[] = ['no ', 'not ', 'without', 'negative', 'ruled out', 'denies'];

const SPINE_WORDS = ['spine', 'spinal', 'vertebr*', 'disc', 'lumbar', 'thoracic', 'sacral', 'cervical'];

/** codes.md *Words* (v3): what stops or cautions, matched in a Condition's text. */
export const WORDS = {
  spinalInfection: {
    words: [
      'discitis', 'diskitis', 'spondylodiscitis', 'spondylodiskitis', 'epidural abscess', 'paraspinal abscess', 'psoas abscess',
      'spinal infection', 'vertebral infection', 'disc infection', 'sepsis', 'septic*', 'septicemia', 'septicaemia', 'bacteremia',
      'bacteraemia',
    ],
    together: [{ words: ['osteomyelitis'], with: SPINE_WORDS }],
  },
  unstableSpinalInjury: {
    words: [
      'spinal cord injury', 'cord injury', 'cauda equina injury', 'cauda equina syndrome', 'fracture-dislocation',
      'fracture dislocation', 'Chance fracture', 'flexion-distraction',
    ],
    together: [{ words: ['unstable'], with: ['fracture', 'burst', 'spine'] }],
  },
  neurologicCompromise: { words: ['myelopathy', 'cord compression', 'cauda equina', 'spinal cord injury', 'paraparesis', 'paraplegia'] },
  pregnancy: {
    words: ['pregnan*'],
    // "pregnancy test*": also "pregnancy testing" (an encounter for a test is not a pregnancy).
    exclusions: ['pregnancy test*', 'postpartum', 'puerperium', 'delivered', 'miscarriage', 'abortion'],
  },
  coagulopathy: {
    words: [
      'coagulopathy', 'coagulation disorder', 'bleeding disorder', 'haemophilia', 'hemophilia', 'von Willebrand', 'thrombocytopenia',
      'disseminated intravascular coagulation', 'factor V deficiency', 'factor VII deficiency', 'factor VIII deficiency',
      'factor IX deficiency',
    ],
  },
  /** Red flag and etiology only: never the malignant pathway (clinical-rules §0). */
  malignancy: { words: ['malignan*', 'cancer', 'carcinoma', 'metasta*', 'myeloma', 'plasmacytoma', 'lymphoma', 'sarcoma', 'leukemia', 'leukaemia'] },
} as const satisfies Record<string, WordList>;

/**
 * The lists that can make a patient not-candidate or add a caution (clinical-rules §0 *Matching what stops or
 * cautions*, v3): matched generously (src/clinical/matching.ts), codes in any system spelling and list words in text.
 */
export interface CautionList {
  codes: CodeList;
  words?: WordList;
}

export const CAUTION_LISTS = {
  spinalInfection: { codes: CONDITIONS.spinalInfection, words: WORDS.spinalInfection },
  unstableSpinalInjury: { codes: CONDITIONS.unstableSpinalInjury, words: WORDS.unstableSpinalInjury },
  pregnancy: { codes: CONDITIONS.pregnancy, words: WORDS.pregnancy },
  /** Listed, never positive: codes only (its words are pregnancy's exclusions). */
  pregnancyEnded: { codes: CONDITIONS.pregnancyEnded },
  coagulopathy: { codes: CONDITIONS.coagulopathy, words: WORDS.coagulopathy },
  neurologicCompromise: { codes: CONDITIONS.neurologicCompromise, words: WORDS.neurologicCompromise },
  longTermAnticoagulant: { codes: CONDITIONS.longTermAnticoagulant },
  malignancy: { codes: CONDITIONS.malignancy, words: WORDS.malignancy },
} as const satisfies Record<string, CautionList>;

/**
 * Candidacy lists stay strict (§0): these words only find a text-only record to show with "not coded: confirm".
 * codes.md gives no words for them; these are the app's, for display only (they meet nothing).
 */
export const CANDIDACY_WORDS = {
  vertebralFracture: {
    words: ['vertebral fracture', 'compression fracture'],
    together: [{ words: ['fracture', 'fx'], with: ['vertebr*', 'spine', 'spinal', 'lumbar', 'thoracolumbar'] }],
  },
  osteoporosis: { words: ['osteoporo*'] },
} as const satisfies Record<string, WordList>;

/** Nonunion (fracture-age): a vertebral fracture code with 7th character G (delayed healing) or K (nonunion), or these words. */
export const NONUNION = {
  seventhCharacters: ['G', 'K'],
  text: ['nonunion', 'non-union', 'pseudarthrosis', 'delayed healing', 'kummell', 'kümmell', 'intravertebral cleft', 'vacuum cleft'],
} as const;

/** Fracture level (codes.md): the 5th character of S22.0x / S32.0x names the level; 0 is "not stated". */
export const FRACTURE_LEVEL_CODES: ReadonlyArray<{ prefix: string; level: string }> = [
  { prefix: 'S22.01*', level: 'T1' },
  { prefix: 'S22.02*', level: 'T2' },
  { prefix: 'S22.03*', level: 'T3' },
  { prefix: 'S22.04*', level: 'T4' },
  { prefix: 'S22.05*', level: 'T5-T6' },
  { prefix: 'S22.06*', level: 'T7-T8' },
  { prefix: 'S22.07*', level: 'T9-T10' },
  { prefix: 'S22.08*', level: 'T11-T12' },
  { prefix: 'S32.01*', level: 'L1' },
  { prefix: 'S32.02*', level: 'L2' },
  { prefix: 'S32.03*', level: 'L3' },
  { prefix: 'S32.04*', level: 'L4' },
  { prefix: 'S32.05*', level: 'L5' },
];

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
  positiveText: ['positive', 'pos', 'detected'],
  negativeText: ['negative', 'neg', 'not detected'],
  positiveInterpretation: ['POS'],
  negativeInterpretation: ['NEG'],
} as const;

/**
 * Platelet units into 10^9/L (codes.md Platelets). UCUM codes with their factor (checked against the UCUM
 * library in tests/clinical/platelet-units.test.ts), then the display spellings labs print. Compared
 * case-insensitively, with µ/μ read as u; anything else, or no unit, is unreadable.
 */
export const PLATELET_UCUM_UNITS: ReadonlyArray<{ unit: string; factor: number }> = [
  { unit: '10*3/uL', factor: 1 },
  { unit: '10*9/L', factor: 1 },
  { unit: '/nL', factor: 1 },
  { unit: '10*3/mm3', factor: 1 },
  { unit: '/uL', factor: 0.001 },
  { unit: '/mm3', factor: 0.001 },
  { unit: '{cells}/uL', factor: 0.001 },
];
export const PLATELET_DISPLAY_UNITS: ReadonlyArray<{ unit: string; factor: number }> = [
  ...['10^3/uL', 'x10E3/uL', 'x10^3/uL', 'x10*3/uL', 'K/uL', 'thou/uL', '10^9/L', 'x10E9/L', 'x10^9/L', 'x10*9/L', 'x10E3/mm3', 'K/mm3'].map(
    (unit) => ({ unit, factor: 1 }),
  ),
  ...['1/uL', '/mm^3', 'cells/uL'].map((unit) => ({ unit, factor: 0.001 })),
];

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
    cpt: ['78300', '78305', '78306', '78315'],
    modalities: [],
    text: ['bone scan'],
  },
];

/** codes.md: SPECT and SPECT-CT, nuclear medicine (NM), scintigraphy and SPECT text are a bone scan only with bone context. */
export const BONE_SCAN_WITH_CONTEXT = {
  cpt: ['78803', '78830', '78831', '78832'],
  modalities: ['NM'],
  text: ['scintigraphy', 'SPECT'],
} as const;

/** Bone context: a spine record, or these words; the organ words rule a study out unless it carries CPT 78300-78315. */
export const BONE_CONTEXT_TEXT = ['bone', 'skeletal', 'osseous', 'whole body'] as const;
export const NOT_BONE_TEXT = ['cardiac', 'myocardial', 'heart', 'thyroid', 'parathyroid', 'renal', 'kidney'] as const;

// 421060004, 122494005, 122495006, 122496007, 303949008 (all unverified: the text rule is the safety net)
export const SPINE_BODY_SITE: CodeList = { snomed: ['421060004', '122494005', '122495006', '122496007', '303949008'] };

export const SPINE_TEXT = {
  words: ['spine', 'spinal', 'vertebr', 'lumbar', 'thoracolumbar', 't-spine', 'l-spine'],
  /** "thoracic" counts only when followed by one of these. */
  thoracicFollowedBy: ['spine', 'vertebra'],
} as const;

export const DXA: CodeList = { cpt: ['77080', '77081', '77085', '77086'], snomed: ['312681000'] };
export const DXA_TEXT = ['absorptiometry', 'DXA', 'DEXA', 'densitometry', 'bone density'] as const;

/** Vertebral augmentation (`prior-augmentation`): no SNOMED code verified. */
export const VERTEBRAL_AUGMENTATION = {
  codes: { cpt: [...cptRange(22510, 22515), ...cptRange(22520, 22525)] } as CodeList,
  text: ['vertebroplasty', 'kyphoplasty', 'vertebral augmentation'],
} as const;

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

/** Lidocaine counts as an analgesic only when not injected: no word starting with "inj", and not "IV". */
export const INJECTED_LIDOCAINE_TEXT = { drug: 'lidocaine', injected: ['inj', 'IV'] } as const;

/** Aspirin at any dose, alone or combined (v3: `anticoagulant-use`; never an analgesic, codes.md § Conservative care). */
const ASPIRIN = {
  names: ['aspirin', 'acetylsalicylic acid'],
  brands: ['Ecotrin', 'Durlaza', 'Bayer Aspirin', 'Aggrenox'],
  rxnorm: ['1191'],
} as const;

export const ANTICOAGULANTS = {
  names: [
    ...ASPIRIN.names, 'dipyridamole', 'cangrelor', 'abciximab', 'eptifibatide', 'tirofiban',
    'warfarin', 'apixaban', 'rivaroxaban', 'dabigatran', 'edoxaban', 'betrixaban', 'heparin', 'enoxaparin',
    'dalteparin', 'fondaparinux', 'argatroban', 'bivalirudin', 'clopidogrel', 'prasugrel', 'ticagrelor',
    'ticlopidine', 'cilostazol', 'vorapaxar',
  ],
  brands: [
    'Ecotrin', 'Durlaza', 'Bayer Aspirin',
    'Eliquis', 'Xarelto', 'Pradaxa', 'Savaysa', 'Bevyxxa', 'Coumadin', 'Jantoven', 'Lovenox', 'Fragmin',
    'Arixtra', 'Plavix', 'Effient', 'Brilinta', 'Aggrenox', 'Pletal', 'Zontivity',
  ],
  /** RxNorm ingredient codes; a clinical-drug code does not match (its display is read as text). */
  codes: {
    rxnorm: [...ASPIRIN.rxnorm, '3521', '11289', '1364430', '1114195', '1037042', '1599538', '5224', '67108', '32968', '613391', '1116632'],
  } as CodeList,
  /** Aspirin (any dose): the ASRA/ESRA note on holding it. */
  aspirin: { names: [...ASPIRIN.names, ...ASPIRIN.brands], codes: { rxnorm: ASPIRIN.rxnorm } as CodeList },
  /** A heparin flush or catheter lock is not anticoagulant use. */
  heparinFlush: { drug: 'heparin', words: ['flush', 'lock'] },
} as const;

export const CEMENT_ALLERGENS: readonly string[] = [
  'methyl methacrylate', 'methylmethacrylate', 'polymethylmethacrylate', 'polymethyl methacrylate', 'PMMA',
  'bone cement', 'acrylic cement', 'barium', 'iodinated contrast', 'iodine contrast', 'contrast dye',
  'contrast media', 'contrast medium', 'radiocontrast', 'iohexol', 'iopamidol', 'iodixanol', 'ioversol',
  'iopromide', 'Omnipaque', 'Isovue', 'Visipaque',
];

/** `osteoporosis-treatment`: medications by name or brand (MedicationRequest, MedicationStatement). */
export const OSTEOPOROSIS_MEDICATIONS: readonly string[] = [
  'alendronate', 'risedronate', 'ibandronate', 'zoledronic acid', 'zoledronate', 'denosumab', 'teriparatide',
  'abaloparatide', 'romosozumab', 'raloxifene', 'Fosamax', 'Binosto', 'Actonel', 'Atelvia', 'Boniva',
  'Reclast', 'Zometa', 'Prolia', 'Xgeva', 'Forteo', 'Bonsity', 'Tymlos', 'Evenity', 'Evista',
];
export const DENOSUMAB: readonly string[] = ['denosumab', 'Prolia', 'Xgeva'];
/** A referral (ServiceRequest, not a DXA) whose code or performerType names one of these. */
export const OSTEOPOROSIS_REFERRAL_TEXT: readonly string[] = ['fracture liaison', 'bone health', 'osteoporosis', 'metabolic bone', 'endocrin'];

// ---- Matching (codes.md § Matching rules) ----

function normalizeIcd(code: string): string {
  return code.replace(/\./g, '').trim().toUpperCase();
}

type IcdTest = (code: string) => boolean;
const icdTests = new Map<string, IcdTest>();

/** One entry of codes.md: `M80.08*` prefix, `S22.0?2*` one-character wildcard, `C81*-C88*` category range, else exact. */
function icdTest(entry: string): IcdTest {
  let test = icdTests.get(entry);
  if (test) return test;
  const range = /^([^-]+)\*-([^-]+)\*$/.exec(entry);
  if (range) {
    const from = normalizeIcd(range[1]!);
    const to = normalizeIcd(range[2]!);
    test = (code) => {
      const head = code.slice(0, from.length);
      return head.length === from.length && head >= from && head <= to;
    };
  } else {
    const prefix = entry.endsWith('*');
    const body = normalizeIcd(prefix ? entry.slice(0, -1) : entry)
      .split('')
      .map((ch) => (ch === '?' ? '.' : ch.replace(/[^A-Z0-9]/g, '\\$&')))
      .join('');
    const pattern = new RegExp(`^${body}${prefix ? '' : '$'}`);
    test = (code) => pattern.test(code);
  }
  icdTests.set(entry, test);
  return test;
}

export function icdMatches(code: string, entries: readonly string[]): boolean {
  const actual = normalizeIcd(code);
  return entries.some((entry) => icdTest(entry)(actual));
}

/** "7th character" is the seventh character of the undotted code (codes.md). */
export function icdSeventhCharacter(code: string): string | undefined {
  return normalizeIcd(code)[6];
}

function normalizeSystem(system: string): string {
  return system.trim().replace(/\/$/, '').toLowerCase();
}

/**
 * Records repeat a handful of system URIs across tens of thousands of codings: each is normalized once.
 * Bounded, so a record with endless distinct systems cannot grow it without limit.
 */
const normalizedSystems = new Map<string, string>();
const MAX_REMEMBERED_SYSTEMS = 512;

function normalizedSystem(system: string): string {
  let normalized = normalizedSystems.get(system);
  if (normalized === undefined) {
    normalized = normalizeSystem(system);
    if (normalizedSystems.size < MAX_REMEMBERED_SYSTEMS) normalizedSystems.set(system, normalized);
  }
  return normalized;
}

export function systemIs(system: string | undefined, ...expected: string[]): boolean {
  if (!system) return false;
  const s = normalizedSystem(system);
  return expected.some((e) => normalizedSystem(e) === s);
}

function systemTest(aliases: readonly string[]): (system: string | undefined) => boolean {
  const accepted = new Set(aliases.map(normalizeSystem));
  return (system) => !!system && accepted.has(normalizedSystem(system));
}

export const isIcd10 = systemTest(SYSTEM_ALIASES.icd10);
export const isSnomed = systemTest(SYSTEM_ALIASES.snomed);
export const isLoinc = systemTest(SYSTEM_ALIASES.loinc);
export const isCpt = systemTest(SYSTEM_ALIASES.cpt);
export const isRxnorm = systemTest(SYSTEM_ALIASES.rxnorm);

function icdListMatches(code: string, list: CodeList): boolean {
  if (!list.icd10 || !icdMatches(code, list.icd10)) return false;
  if (list.icd10Except && icdMatches(code, list.icd10Except)) return false;
  if (list.icd10SeventhNot) {
    const seventh = icdSeventhCharacter(code);
    if (seventh && list.icd10SeventhNot.includes(seventh)) return false;
  }
  return true;
}

export function codingMatches(coding: Coding, list: CodeList): boolean {
  const code = coding.code?.trim();
  if (!code) return false;
  const system = coding.system;
  if (list.icd10 && isIcd10(system) && icdListMatches(code, list)) return true;
  if (list.snomed && isSnomed(system) && list.snomed.includes(code)) return true;
  if (list.loinc && isLoinc(system) && list.loinc.includes(code)) return true;
  if (list.cpt && isCpt(system) && list.cpt.includes(code)) return true;
  if (list.rxnorm && isRxnorm(system) && list.rxnorm.includes(code)) return true;
  if (list.hcpcs && system?.toLowerCase().includes('hcpcs') && list.hcpcs.includes(code.toUpperCase())) return true;
  return false;
}

/** The ICD-10-CM codes of a concept (any accepted system), for rules that read the code's characters. */
export function icdCodes(concept: Concept | undefined): string[] {
  return concept ? concept.codings.filter((c) => c.code && isIcd10(c.system)).map((c) => c.code!.trim()) : [];
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

// ---- CDS Hooks order review (issue 11) ----

/** A draft order for vertebral augmentation: the current CPT codes (22510-22515; 22520-22525 ended in 2015) or the spec's words. */
export const VERTEBRAL_AUGMENTATION_ORDER = {
  codes: { cpt: cptRange(22510, 22515) } as CodeList,
  text: VERTEBRAL_AUGMENTATION.text,
} as const;
