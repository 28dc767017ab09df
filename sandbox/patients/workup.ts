// Workup records shared by the vignettes, each built the way a real record carries it
// (codes from ../shared/spec/codes.md). Arguments are "days ago".
import type { Observation } from 'fhir/r4';
import { SYS } from './codes';
import { coding, concept, cpt, loinc, quantity, snomed, type RecordBuilder } from './record-builder';
import type { RelativeDates } from './relative-dates';

export const LUMBAR_SPINE = coding(SYS.snomed, '122496007', 'Lumbar spine structure');
export const THORACIC_SPINE = coding(SYS.snomed, '122495006', 'Thoracic spine structure');

/** physical-exam: heart rate and a blood pressure panel. */
export function vitals(b: RecordBuilder, d: RelativeDates, daysAgo: number, hr = 78, bp: [number, number] = [132, 78]): void {
  b.heartRate(hr, d.at(daysAgo));
  b.bloodPressure(bp[0], bp[1], d.at(daysAgo));
}

/** cbc: the CBC report 58410-2 with its results, platelets among them. */
export function cbc(b: RecordBuilder, d: RelativeDates, daysAgo: number, platelets = 240): void {
  const date = d.at(daysAgo);
  const results: Observation[] = [
    b.observation({ code: loinc('718-7', 'Hemoglobin [Mass/volume] in Blood'), date, value: quantity(12.9, 'g/dL') }),
    b.observation({ code: loinc('6690-2', 'Leukocytes [#/volume] in Blood by Automated count'), date, value: quantity(7.1, '10*3/uL') }),
    b.observation({ code: loinc('777-3', 'Platelets [#/volume] in Blood by Automated count'), date, value: quantity(platelets, '10*3/uL') }),
  ];
  b.labPanel(loinc('58410-2', 'CBC panel - Blood by Automated count'), date, results);
}

/** coagulation: INR 6301-6. */
export function inr(b: RecordBuilder, d: RelativeDates, daysAgo: number, value = 1.0): void {
  b.observation({ code: loinc('6301-6', 'INR in Platelet poor plasma by Coagulation assay'), date: d.at(daysAgo), value: quantity(value, '{INR}') });
}

/** metabolic-panel: the BMP report 24321-2 with creatinine 2160-0 among its results. */
export function bmp(b: RecordBuilder, d: RelativeDates, daysAgo: number): void {
  const date = d.at(daysAgo);
  const results: Observation[] = [
    b.observation({ code: loinc('2160-0', 'Creatinine [Mass/volume] in Serum or Plasma'), date, value: quantity(0.9, 'mg/dL') }),
    b.observation({ code: loinc('2951-2', 'Sodium [Moles/volume] in Serum or Plasma'), date, value: quantity(139, 'mmol/L') }),
    b.observation({ code: loinc('2823-3', 'Potassium [Moles/volume] in Serum or Plasma'), date, value: quantity(4.2, 'mmol/L') }),
  ];
  b.labPanel(loinc('24321-2', 'Basic metabolic 2000 panel - Serum or Plasma'), date, results);
}

interface SpineStudy {
  code: ReturnType<typeof cpt>;
  modality: string;
  bodySite: typeof LUMBAR_SPINE;
  description: string;
}

/** A spine study as the EHR keeps it: an ImagingStudy with its modality and body site, and its report. */
function spineStudy(study: SpineStudy) {
  return (b: RecordBuilder, d: RelativeDates, daysAgo: number, conclusion: string): void => {
    b.imagingStudy({ date: d.at(daysAgo), code: study.code, modality: study.modality, bodySite: study.bodySite, description: study.description });
    b.imagingReport({ date: d.at(daysAgo), code: study.code, conclusion });
  };
}

/** spine-xray: lumbar radiograph (CPT 72100). */
export const lumbarXray = spineStudy({
  code: cpt('72100', 'Radiologic examination, spine, lumbosacral; 2 or 3 views'),
  modality: 'DX', bodySite: LUMBAR_SPINE, description: 'XR lumbar spine 2-3 views',
});

/** spine-mri: lumbar MRI without contrast (CPT 72148), STIR included. */
export const lumbarMri = spineStudy({
  code: cpt('72148', 'Magnetic resonance (eg, proton) imaging, spinal canal and contents, lumbar; without contrast material'),
  modality: 'MR', bodySite: LUMBAR_SPINE, description: 'MRI lumbar spine with STIR',
});

/** spine-mri of the thoracic spine (CPT 72146). */
export const thoracicMri = spineStudy({
  code: cpt('72146', 'Magnetic resonance (eg, proton) imaging, spinal canal and contents, thoracic; without contrast material'),
  modality: 'MR', bodySite: THORACIC_SPINE, description: 'MRI thoracic spine with STIR',
});

/** spine-ct of the thoracic spine (CPT 72128). */
export const thoracicCt = spineStudy({
  code: cpt('72128', 'Computed tomography, thoracic spine; without contrast material'),
  modality: 'CT', bodySite: THORACIC_SPINE, description: 'CT thoracic spine',
});

/** bone-density: a lumbar-spine DXA T-score (38267-1). */
export function dxa(b: RecordBuilder, d: RelativeDates, daysAgo: number, tScore: number): void {
  b.observation({
    code: loinc('38267-1', 'DXA Lumbar spine [T-score] Bone density'),
    date: d.at(daysAgo),
    value: quantity(tScore, '{T-score}'),
    category: 'imaging',
  });
}

export const ACETAMINOPHEN = concept([coding(SYS.rxnorm, '198440', 'Acetaminophen 500 MG Oral Tablet')], 'Acetaminophen 500 mg tablet');
export const OXYCODONE = concept([coding(SYS.rxnorm, '1049621', 'oxycodone hydrochloride 5 MG Oral Tablet')], 'Oxycodone 5 mg tablet');
export const ALENDRONATE = concept([coding(SYS.rxnorm, '904419', 'Alendronate Sodium 70 MG Oral Tablet')], 'Alendronate 70 mg weekly');
export const WARFARIN = concept([coding(SYS.rxnorm, '855332', 'Warfarin Sodium 5 MG Oral Tablet')], 'Warfarin 5 mg tablet');
export const PHYSICAL_THERAPY = snomed('91251008', 'Physical therapy procedure');
