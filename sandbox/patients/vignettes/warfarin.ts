// (h) Anticoagulated: warfarin for atrial fibrillation, INR 2.8. Coagulopathy (INR > 1.5) and
// anticoagulant-use are relative contraindications (§3): cautions the physician documents, never
// a change of verdict (§4). Otherwise like (a): needs-information, candidate once confirmed.
// The analgesic order references a Medication resource instead of coding it inline.
import { icd10, RecordBuilder } from '../record-builder';
import { vertebra } from '../levels';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { ACETAMINOPHEN, WARFARIN, bmp, cbc, dxa, inr, lumbarMri, lumbarXray, vitals } from '../workup';

export const warfarin: Vignette = {
  id: 'vcf-warfarin',
  name: 'Dorothy Pembroke',
  summary: 'Osteoporotic L1 fracture 4 weeks ago, NRS 6 and worsening; on warfarin with INR 2.8.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'needs-information',
    confirmAnswers: { imagingConfirmsAcute: true, painAttributable: true },
    verdictAfterConfirm: 'candidate',
    missingWorkup: ['bone-scan', 'spine-ct', 'osteoporosis-treatment', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: ['coagulopathy', 'anticoagulant-use'],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Dorothy', family: 'Pembroke', gender: 'female', birthDate: d.birthDateForAge(74) });
    b.condition({ code: icd10('M81.0', 'Age-related osteoporosis without current pathological fracture'), onset: d.day(1200) });
    b.condition({ code: icd10('I48.91', 'Unspecified atrial fibrillation'), onset: d.day(2000) });
    b.condition({ code: icd10('Z79.01', 'Long term (current) use of anticoagulants'), onset: d.day(2000) });
    b.condition({
      code: icd10('M80.08XA', 'Age-related osteoporosis with current pathological fracture, vertebra(e), initial encounter for fracture'),
      onset: d.day(28),
      bodySite: vertebra('L1'),
    });
    b.medicationRequest({ medication: WARFARIN, authoredOn: d.day(300), dosage: '5 mg once daily' });
    // Referenced, not inline: the app must read the Medication (codes.md: "A contained or
    // referenced Medication resource is read for its code"); _include brings it in one search.
    b.medicationRequest({ medication: b.medication(ACETAMINOPHEN), authoredOn: d.day(25), dosage: '1000 mg every 8 hours' });
    b.painScore(4, d.at(27));
    b.painScore(6, d.at(2));
    vitals(b, d, 2, 74, [138, 82]);
    cbc(b, d, 3, 210);
    inr(b, d, 3, 2.8);
    bmp(b, d, 3);
    lumbarXray(b, d, 27, 'Mild wedge compression of L1.');
    lumbarMri(b, d, 20, 'L1 compression fracture with marrow edema on STIR.');
    dxa(b, d, 500, -2.9);
    return b.resources;
  },
};
