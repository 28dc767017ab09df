// (a) The textbook candidate: osteoporotic L1 compression fracture 3 weeks ago, worsening pain
// (NRS 5 then 7) despite analgesics and physical therapy, full workup on file.
// From the record alone: needs-information, because imaging-confirmation and pain-attributable
// can only come from the physician (§2); with both answered true, every required criterion of
// the osteoporotic, not-hospitalized pathway is met and no absolute contraindication is present.
import { icd10 } from '../record-builder';
import { vertebra } from '../levels';
import { RecordBuilder } from '../record-builder';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { ACETAMINOPHEN, ALENDRONATE, PHYSICAL_THERAPY, bmp, cbc, dxa, inr, lumbarMri, lumbarXray, vitals } from '../workup';

export const osteoporoticL1: Vignette = {
  id: 'vcf-osteoporotic',
  name: 'Margaret Ellison',
  summary: 'Osteoporotic L1 compression fracture 3 weeks ago, NRS 7 and worsening despite analgesics; on alendronate; full workup on file.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'needs-information',
    confirmAnswers: { imagingConfirmsAcute: true, painAttributable: true },
    verdictAfterConfirm: 'candidate',
    missingWorkup: ['bone-scan', 'spine-ct', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: [],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Margaret', family: 'Ellison', gender: 'female', birthDate: d.birthDateForAge(78) });
    b.condition({ code: icd10('M81.0', 'Age-related osteoporosis without current pathological fracture'), onset: d.day(2200) });
    b.condition({
      code: icd10('M80.08XA', 'Age-related osteoporosis with current pathological fracture, vertebra(e), initial encounter for fracture'),
      onset: d.day(21),
      bodySite: vertebra('L1'),
    });
    b.encounter({ classCode: 'AMB', status: 'finished', start: d.at(21), end: d.at(21) });
    b.encounter({ classCode: 'AMB', status: 'finished', start: d.at(2), end: d.at(2) });
    b.painScore(5, d.at(16));
    b.painScore(7, d.at(2));
    b.medicationRequest({ medication: ACETAMINOPHEN, authoredOn: d.day(20), dosage: '1000 mg every 8 hours' });
    b.procedure(PHYSICAL_THERAPY, d.at(10));
    // Secondary prevention (osteoporosis-treatment): on alendronate since the osteoporosis diagnosis.
    b.medicationRequest({ medication: ALENDRONATE, authoredOn: d.day(150), dosage: '70 mg once weekly' });
    vitals(b, d, 2);
    cbc(b, d, 5);
    inr(b, d, 5, 1.0);
    bmp(b, d, 5);
    lumbarXray(b, d, 20, 'Wedge compression deformity of L1 with about 30% anterior height loss.');
    lumbarMri(b, d, 14, 'Acute L1 compression fracture with marrow edema on STIR. No retropulsion.');
    dxa(b, d, 200, -3.1);
    return b.resources;
  },
};
