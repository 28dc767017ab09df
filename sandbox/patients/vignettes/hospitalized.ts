// (c) Inpatient now (in-progress Encounter of class IMP), NRS 9: the hospitalized threshold of 8
// applies and conservative-care / pain-course are not required (§2). Imaging confirmation and
// attribution are left to the physician; DXA is missing (shown beside the verdict, §4).
import { icd10, RecordBuilder } from '../record-builder';
import { vertebra } from '../levels';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { bmp, cbc, inr, lumbarMri, lumbarXray, vitals } from '../workup';

export const hospitalized: Vignette = {
  id: 'vcf-hospitalized',
  name: 'Edith Nakamura',
  summary: 'Admitted 4 days ago after a fall: osteoporotic L3 fracture, NRS 9 on the ward; no DXA on file.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: true,
    verdictFromRecord: 'needs-information',
    confirmAnswers: { imagingConfirmsAcute: true, painAttributable: true },
    verdictAfterConfirm: 'candidate',
    missingWorkup: ['bone-scan', 'spine-ct', 'bone-density', 'osteoporosis-treatment', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: [],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Edith', family: 'Nakamura', gender: 'female', birthDate: d.birthDateForAge(81) });
    b.condition({ code: icd10('M81.0', 'Age-related osteoporosis without current pathological fracture'), onset: d.day(1500) });
    b.condition({
      code: icd10('M80.08XA', 'Age-related osteoporosis with current pathological fracture, vertebra(e), initial encounter for fracture'),
      onset: d.day(5),
      bodySite: vertebra('L3'),
    });
    b.encounter({
      classCode: 'IMP',
      status: 'in-progress',
      start: d.at(4),
      reason: icd10('M80.08XA', 'Osteoporotic vertebral fracture'),
    });
    b.painScore(9, d.at(1));
    vitals(b, d, 1, 92, [148, 84]);
    cbc(b, d, 3, 198);
    inr(b, d, 3, 1.1);
    bmp(b, d, 3);
    lumbarXray(b, d, 4, 'Compression fracture of L3, new compared with prior.');
    lumbarMri(b, d, 3, 'L3 compression fracture with bone marrow edema.');
    return b.resources;
  },
};
