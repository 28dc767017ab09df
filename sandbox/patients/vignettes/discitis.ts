// (g) Spinal infection: an osteoporotic fracture together with active discitis (M46.46), an
// absolute contraindication (§3 spinal-infection), so not-candidate whatever else is met.
import { icd10, RecordBuilder } from '../record-builder';
import { vertebra } from '../levels';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { bmp, cbc, lumbarMri, vitals } from '../workup';

export const discitis: Vignette = {
  id: 'vcf-discitis',
  name: 'Henry Castellano',
  summary: 'Osteoporotic L4 fracture a month ago and active lumbar discitis diagnosed 12 days ago.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'not-candidate',
    missingWorkup: ['coagulation', 'spine-xray', 'bone-scan', 'spine-ct', 'bone-density', 'osteoporosis-treatment', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: ['spinal-infection'],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Henry', family: 'Castellano', gender: 'male', birthDate: d.birthDateForAge(70) });
    b.condition({ code: icd10('M81.0', 'Age-related osteoporosis without current pathological fracture'), onset: d.day(900) });
    b.condition({
      code: icd10('M80.08XA', 'Age-related osteoporosis with current pathological fracture, vertebra(e), initial encounter for fracture'),
      onset: d.day(30),
      bodySite: vertebra('L4'),
    });
    b.condition({ code: icd10('M46.46', 'Discitis, unspecified, lumbar region'), onset: d.day(12) });
    b.painScore(7, d.at(2));
    vitals(b, d, 2, 96, [128, 76]);
    cbc(b, d, 4, 310);
    bmp(b, d, 4);
    lumbarMri(b, d, 10, 'L4 compression fracture with marrow edema. Signal of the disc below L4 and its endplates compatible with discitis.');
    return b.resources;
  },
};
