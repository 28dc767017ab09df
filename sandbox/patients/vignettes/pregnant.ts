// (f) Pregnancy: a woman of 34 with a traumatic L1 fracture (S32.010A) and a positive urine hCG
// two days ago. Pregnancy is an absolute contraindication (§3: positive hCG within 30 days), so
// not-candidate. She could be pregnant, so the pregnancy test is required, and it is done.
// No X-ray was taken (the article's caution in pregnancy).
import { SYS } from '../codes';
import { coding, concept, icd10, loinc, RecordBuilder } from '../record-builder';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { cbc, vitals } from '../workup';

export const pregnant: Vignette = {
  id: 'vcf-pregnant',
  name: 'Sofia Marquez',
  summary: 'Age 34, traumatic L1 fracture after a fall a week ago, positive hCG 2 days ago.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'not-candidate',
    missingWorkup: ['coagulation', 'metabolic-panel', 'spine-xray', 'spine-mri', 'bone-scan', 'spine-ct', 'bone-density', 'osteoporosis-treatment'],
    outdatedWorkup: [],
    contraindicationsPresent: ['pregnancy'],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Sofia', family: 'Marquez', gender: 'female', birthDate: d.birthDateForAge(34) });
    b.encounter({ classCode: 'EMER', status: 'finished', start: d.at(7), end: d.at(7) });
    b.condition({
      code: icd10('S32.010A', 'Wedge compression fracture of first lumbar vertebra, initial encounter for closed fracture'),
      onset: d.day(7),
    });
    b.observation({
      code: loinc('2106-3', 'Choriogonadotropin (pregnancy test) [Presence] in Urine'),
      date: d.at(2),
      valueConcept: concept([coding(SYS.snomed, '10828004', 'Positive')], 'Positive'),
    });
    b.painScore(8, d.at(1));
    vitals(b, d, 1, 88, [118, 72]);
    cbc(b, d, 2, 250);
    return b.resources;
  },
};
