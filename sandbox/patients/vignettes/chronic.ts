// (e) Chronic fracture: onset about 6 months ago, more than 84 days, so fracture-age is not-met
// (§2: chronic fractures are excluded even with edema) and the verdict is not-candidate.
// The only spine X-ray is as old as the fracture: spine-xray is outdated, not missing.
import { icd10, RecordBuilder } from '../record-builder';
import { vertebra } from '../levels';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { dxa, lumbarXray } from '../workup';

export const chronic: Vignette = {
  id: 'vcf-chronic',
  name: 'Beatrice Lindqvist',
  summary: 'Osteoporotic L2 fracture from about 6 months ago (chronic), NRS 6 now.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'not-candidate',
    missingWorkup: ['physical-exam', 'cbc', 'coagulation', 'metabolic-panel', 'spine-mri', 'bone-scan', 'spine-ct', 'osteoporosis-treatment', 'pregnancy-test'],
    outdatedWorkup: ['spine-xray'],
    contraindicationsPresent: [],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Beatrice', family: 'Lindqvist', gender: 'female', birthDate: d.birthDateForAge(75) });
    b.condition({ code: icd10('M81.0', 'Age-related osteoporosis without current pathological fracture'), onset: d.day(1900) });
    b.condition({
      code: icd10('M80.08XA', 'Age-related osteoporosis with current pathological fracture, vertebra(e), initial encounter for fracture'),
      onset: d.day(182),
      bodySite: vertebra('L2'),
    });
    lumbarXray(b, d, 180, 'Compression fracture of L2 with 25% height loss.');
    dxa(b, d, 400, -2.8);
    b.painScore(6, d.at(3));
    return b.resources;
  },
};
