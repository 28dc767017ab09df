// The order a physician would place for each workup item (clinical-rules.md §5), with its billing code.
// Pure data, one list: the panel, the note and the print name a missing item by the order that fills it.
// Codes are CPT (AMA); a lab is named by its usual panel. They are suggestions to order, never read as evidence.

export interface WorkupOrder {
  /** The order as written in an EHR's order search. */
  name: string;
  /** CPT code, when the order has one of its own (an exam at a visit has none). */
  cpt?: string;
}

export const WORKUP_ORDERS: Readonly<Record<string, readonly WorkupOrder[]>> = {
  'physical-exam': [{ name: 'Heart rate and blood pressure at the visit' }],
  'pain-score': [{ name: 'Pain score (NRS 0-10) recorded at the visit' }],
  cbc: [{ name: 'CBC with platelets, automated', cpt: '85025' }],
  coagulation: [{ name: 'PT/INR', cpt: '85610' }],
  'metabolic-panel': [{ name: 'Basic metabolic panel', cpt: '80048' }],
  'spine-xray': [{ name: 'X-ray spine, thoracolumbar, 2 views', cpt: '72080' }, { name: 'X-ray lumbar spine, 2-3 views', cpt: '72100' }],
  'spine-mri': [{ name: 'MRI lumbar spine without contrast (with STIR)', cpt: '72148' }, { name: 'MRI thoracic spine without contrast (with STIR)', cpt: '72146' }],
  'bone-scan': [{ name: 'Bone scan, whole body', cpt: '78306' }, { name: 'Bone SPECT, single area', cpt: '78803' }],
  'spine-ct': [{ name: 'CT lumbar spine without contrast', cpt: '72131' }, { name: 'CT thoracic spine without contrast', cpt: '72128' }],
  'bone-density': [{ name: 'DXA bone density, axial skeleton', cpt: '77080' }],
  'osteoporosis-treatment': [{ name: 'Osteoporosis treatment, or referral to a fracture liaison or bone health service' }],
  'pregnancy-test': [{ name: 'hCG, qualitative, serum', cpt: '84703' }, { name: 'hCG, urine', cpt: '81025' }],
};

/** The order line for a workup item: "MRI lumbar spine without contrast (with STIR), CPT 72148". */
export function orderLine(workupId: string): string | undefined {
  const orders = WORKUP_ORDERS[workupId];
  if (!orders?.length) return undefined;
  return orders.map((o) => (o.cpt ? `${o.name}, CPT ${o.cpt}` : o.name)).join('; or ');
}
