// The order a physician would place for each workup item (clinical-rules.md §5), with its codes: the one table the
// panel, the note, the print, the app's draft orders (src/writeback/service-requests.ts) and the CDS Hooks card's
// suggestions (cds/workup-orders.ts) all read, so the app and the card never code the same test differently.
// Pure data and small functions. They are suggestions to order, never read as evidence: the engine counts a result
// by the codes.ts lists, and each code here that is also a result code is in that list (tests/cds/card.test.ts).
import { workupNotApplicable } from './workup-applicability';
import { SYSTEM } from './codes';
import type { Assessment, WorkupResult } from './types';

export type SpineRegion = 'thoracic' | 'lumbar';

export interface WorkupOrder {
  /** The order as written in an EHR's order search. */
  name: string;
  /** CPT code (billing), when the order has one of its own (an exam at a visit has none). */
  cpt?: string;
  /** LOINC order code of a lab test (what a lab's order catalogue carries), paired with its CPT. */
  loinc?: string;
  /** SNOMED CT procedure, for an order with neither (a referral). */
  snomed?: string;
  /** The spine region an imaging order covers; the order without a region is the default one. */
  region?: SpineRegion;
  /** X-ray, CT, DXA or bone scan: ionising radiation (`pregnancy`: X-ray and CT caution, per the article). */
  ionising?: boolean;
}

// Lab pairs: CPT 85025 (CBC with automated differential) = LOINC 57021-8; 85610 (PT, reported with the INR) = 34714-6
// (INR); 80048 (BMP) = 24321-2; 84703 (hCG, qualitative, serum) = 2118-8; 81025 (urine pregnancy test) = 2106-3.
// Each LOINC code is in the codes.ts list the engine reads the result with (codes.md Observations).
// Imaging: lumbar first, as the region used when neither the order nor the record names one.
export const WORKUP_ORDERS: Readonly<Record<string, readonly WorkupOrder[]>> = {
  'physical-exam': [{ name: 'Heart rate and blood pressure at the visit' }],
  'pain-score': [{ name: 'Pain score (NRS 0-10) recorded at the visit' }],
  cbc: [{ name: 'CBC with platelets, automated', cpt: '85025', loinc: '57021-8' }],
  coagulation: [{ name: 'PT/INR', cpt: '85610', loinc: '34714-6' }],
  'metabolic-panel': [{ name: 'Basic metabolic panel', cpt: '80048', loinc: '24321-2' }],
  'spine-xray': [
    { name: 'X-ray lumbosacral spine, 2-3 views', cpt: '72100', region: 'lumbar', ionising: true },
    { name: 'X-ray thoracic spine, 2 views', cpt: '72070', region: 'thoracic', ionising: true },
  ],
  'spine-mri': [
    { name: 'MRI lumbar spine without contrast (with STIR)', cpt: '72148', region: 'lumbar' },
    { name: 'MRI thoracic spine without contrast (with STIR)', cpt: '72146', region: 'thoracic' },
  ],
  'bone-scan': [{ name: 'Bone scan, whole body', cpt: '78306', ionising: true }, { name: 'Bone SPECT, single area', cpt: '78803', ionising: true }],
  'spine-ct': [
    { name: 'CT lumbar spine without contrast', cpt: '72131', region: 'lumbar', ionising: true },
    { name: 'CT thoracic spine without contrast', cpt: '72128', region: 'thoracic', ionising: true },
  ],
  'bone-density': [{ name: 'DXA bone density, axial skeleton', cpt: '77080', ionising: true }],
  // No referral code is verified in codes.md (Osteoporosis referral: "No SNOMED or CPT code verified"): the engine
  // reads the referral by its words, so the name carries them; 3457005 Patient referral (procedure) (unverified) is
  // the best available coding.
  'osteoporosis-treatment': [
    { name: 'Osteoporosis treatment, started or continued' },
    { name: 'Referral to fracture liaison service (osteoporosis treatment)', snomed: '3457005' },
  ],
  'pregnancy-test': [{ name: 'hCG, qualitative, serum', cpt: '84703', loinc: '2118-8' }, { name: 'hCG, urine', cpt: '81025', loinc: '2106-3' }],
};

/**
 * Referrals that fit an absolute contraindication whose label says where to go (clinical-rules §3): the only orders
 * a card may suggest for a patient who is not a candidate. 3457005 Patient referral (procedure) (unverified).
 */
export const REFERRALS: Readonly<Record<string, WorkupOrder>> = {
  instability: { name: 'Referral to spine surgery (unstable fracture or acute cord / cauda equina injury)', snomed: '3457005' },
  'under-18': { name: 'Referral to paediatric spine service', snomed: '3457005' },
};

/** CPT of the augmentation order to the region it treats (22512 and 22515 are add-on levels: no region). */
export const AUGMENTATION_CPT_REGION: Readonly<Record<string, SpineRegion>> = {
  '22510': 'thoracic', // vertebroplasty, cervicothoracic
  '22511': 'lumbar', // vertebroplasty, lumbosacral
  '22513': 'thoracic', // kyphoplasty / augmentation, thoracic
  '22514': 'lumbar', // kyphoplasty / augmentation, lumbar
};

export interface OrderCoding {
  system: string;
  code: string;
  display: string;
}

/** Every code of an order, CPT first (what billing and the app's drafts lead with), then LOINC, then SNOMED CT. */
export function orderCodings(order: WorkupOrder): OrderCoding[] {
  const codings: OrderCoding[] = [];
  if (order.cpt) codings.push({ system: SYSTEM.cpt, code: order.cpt, display: order.name });
  if (order.loinc) codings.push({ system: SYSTEM.loinc, code: order.loinc, display: order.name });
  if (order.snomed) codings.push({ system: SYSTEM.snomed, code: order.snomed, display: order.name });
  return codings;
}

/** The region of a list of levels: thoracic only when every level is thoracic ("T7-T8" counts as thoracic). */
export function regionOfLevels(levels: readonly string[]): SpineRegion | undefined {
  if (levels.length === 0) return undefined;
  return levels.every((level) => level.startsWith('T')) ? 'thoracic' : 'lumbar';
}

/** The coded order that fills a workup item for a region: the one of that region, else the first coded one. */
export function workupOrderFor(workupId: string, region?: SpineRegion): WorkupOrder | undefined {
  const coded = (WORKUP_ORDERS[workupId] ?? []).filter((o) => orderCodings(o).length > 0);
  return coded.find((o) => region !== undefined && o.region === region) ?? coded[0];
}

/**
 * `pregnancy` is not ruled out (present or unknown): no X-ray, CT, DXA or bone scan is proposed. Safe reading: an
 * assessment without the rule is treated as not ruled out.
 */
export function ionisingImagingBarred(assessment: Assessment): boolean {
  return assessment.contraindications.find((c) => c.id === 'pregnancy')?.status !== 'absent';
}

/**
 * The required items still to be ordered, each with its coded order: none once the question has ended; missing or
 * outdated only (an item the record could not settle is never proposed, §5); no ionising imaging while pregnancy is
 * not ruled out.
 */
export function orderableWorkup(assessment: Assessment, region?: SpineRegion): Array<{ item: WorkupResult; order: WorkupOrder }> {
  // An absolute contraindication present, or death, ends the question: no workup is proposed (§4).
  if (workupNotApplicable(assessment)) return [];
  const barred = ionisingImagingBarred(assessment);
  return assessment.workup.flatMap((item) => {
    if (!item.required || (item.status !== 'missing' && item.status !== 'outdated')) return [];
    const order = workupOrderFor(item.id, region);
    if (!order || (barred && order.ionising)) return [];
    return [{ item, order }];
  });
}

/** The order line for a workup item: "MRI lumbar spine without contrast (with STIR), CPT 72148". */
export function orderLine(workupId: string): string | undefined {
  const orders = WORKUP_ORDERS[workupId];
  if (!orders?.length) return undefined;
  return orders.map((o) => (o.cpt ? `${o.name}, CPT ${o.cpt}` : o.name)).join('; or ');
}
