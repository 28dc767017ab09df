// Draft orders for workup the assessment found missing: one ServiceRequest per item, coded so that
// the engine counts the result once it is filed (each code is in codes.ts's list for that item).
import { SYSTEM } from '../src/clinical/codes';
import type { WorkupResult } from '../src/clinical/types';

export interface WorkupOrderCode {
  system?: string;
  code?: string;
  display: string;
}

type Region = 'thoracic' | 'lumbar';

/** The spine region to image: thoracic only when every level named is thoracic. */
export function imagingRegion(levels: readonly string[]): Region {
  return levels.length > 0 && levels.every((level) => level.startsWith('T')) ? 'thoracic' : 'lumbar';
}

const CPT = SYSTEM.cpt;
const LOINC = SYSTEM.loinc;

const BY_REGION: Record<Region, Record<'spine-xray' | 'spine-mri' | 'spine-ct', WorkupOrderCode>> = {
  thoracic: {
    'spine-xray': { system: CPT, code: '72070', display: 'X-ray thoracic spine, 2 views' },
    'spine-mri': { system: CPT, code: '72146', display: 'MRI thoracic spine without contrast (STIR)' },
    'spine-ct': { system: CPT, code: '72128', display: 'CT thoracic spine without contrast' },
  },
  lumbar: {
    'spine-xray': { system: CPT, code: '72100', display: 'X-ray lumbosacral spine, 2 or 3 views' },
    'spine-mri': { system: CPT, code: '72148', display: 'MRI lumbar spine without contrast (STIR)' },
    'spine-ct': { system: CPT, code: '72131', display: 'CT lumbar spine without contrast' },
  },
};

const REGIONLESS: Record<string, WorkupOrderCode> = {
  cbc: { system: LOINC, code: '58410-2', display: 'CBC panel with platelets' },
  coagulation: { system: LOINC, code: '34714-6', display: 'INR (prothrombin time)' },
  'metabolic-panel': { system: LOINC, code: '24321-2', display: 'Basic metabolic panel' },
  'bone-scan': { system: CPT, code: '78306', display: 'Bone scan, whole body' },
  'bone-density': { system: CPT, code: '77080', display: 'DXA bone density, axial skeleton' },
  'pregnancy-test': { system: LOINC, code: '2106-3', display: 'Pregnancy test (hCG), urine' },
  // No verified code for the referral: the engine reads the words (codes.md OSTEOPOROSIS_REFERRAL_TEXT).
  'osteoporosis-treatment': { display: 'Referral to fracture liaison service (osteoporosis treatment)' },
};

/** The order that fills a workup item, or undefined when it is not something one orders (exam, pain score). */
export function workupOrderCode(workupId: string, levels: readonly string[]): WorkupOrderCode | undefined {
  if (workupId === 'spine-xray' || workupId === 'spine-mri' || workupId === 'spine-ct') return BY_REGION[imagingRegion(levels)][workupId];
  return REGIONLESS[workupId];
}

/** Required items not done within their window: the ones the card asks for. */
export function missingRequiredWorkup(workup: readonly WorkupResult[]): WorkupResult[] {
  return workup.filter((item) => item.required && item.status !== 'done');
}

export interface DraftOrderInput {
  patientId: string;
  encounterId?: string;
  /** The augmentation order these are for, when it has an id. */
  orderReference?: string;
  levels: readonly string[];
}

/** A draft ServiceRequest for one workup item, for a suggestion's create action. */
export function workupServiceRequest(item: WorkupResult, code: WorkupOrderCode, input: DraftOrderInput): Record<string, unknown> {
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    code: { ...(code.code ? { coding: [{ system: code.system, code: code.code, display: code.display }] } : {}), text: code.display },
    subject: { reference: `Patient/${input.patientId}` },
    ...(input.encounterId ? { encounter: { reference: `Encounter/${input.encounterId}` } } : {}),
    reasonCode: [{ text: `Pre-procedure workup for vertebral augmentation: ${item.label}` }],
    ...(input.orderReference ? { supportingInfo: [{ reference: input.orderReference }] } : {}),
  };
}
