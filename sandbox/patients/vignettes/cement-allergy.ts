// (k) A clean record with a bone-cement allergy: an 81-year-old man with an osteoporotic L2 compression fracture 18
// days ago, pain NRS 5 then 8 despite acetaminophen and physical therapy, on alendronate, full workup on file, and an active,
// confirmed allergy to polymethyl methacrylate (PMMA) bone cement. cement-allergy (clinical-rules §4, codes.md
// *Allergy*) is a relative contraindication: a caution to plan around (a cement the patient tolerates, or another
// treatment), never a verdict by itself. From the record alone: needs-information, because imaging-confirmation and
// pain-attributable come only from the physician (§2); with both answered true, candidate with the cement caution.
// Unlike the hostile record's, this allergy is plain text a physician would read, so the caution can be checked as
// the card shows it.
import type { AllergyIntolerance } from 'fhir/r4';
import { coding, concept, icd10, RecordBuilder } from '../record-builder';
import { vertebra } from '../levels';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { ACETAMINOPHEN, ALENDRONATE, PHYSICAL_THERAPY, bmp, cbc, dxa, inr, lumbarMri, lumbarXray, vitals } from '../workup';

export const cementAllergy: Vignette = {
  id: 'vcf-cement-allergy',
  name: 'Harold Brenner',
  summary: 'Osteoporotic L2 compression fracture 18 days ago, NRS 8 and worsening despite analgesics and physical therapy; allergic to PMMA bone cement (hives); full workup on file.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'needs-information',
    confirmAnswers: { imagingConfirmsAcute: true, painAttributable: true },
    verdictAfterConfirm: 'candidate',
    missingWorkup: ['bone-scan', 'spine-ct', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: ['cement-allergy'],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Harold', family: 'Brenner', gender: 'male', birthDate: d.birthDateForAge(81) });
    b.condition({ code: icd10('M81.0', 'Age-related osteoporosis without current pathological fracture'), onset: d.day(1200) });
    b.condition({
      code: icd10('M80.08XA', 'Age-related osteoporosis with current pathological fracture, vertebra(e), initial encounter for fracture'),
      onset: d.day(18),
      bodySite: vertebra('L2'),
    });
    b.encounter({ classCode: 'AMB', status: 'finished', start: d.at(18), end: d.at(18) });
    b.encounter({ classCode: 'AMB', status: 'finished', start: d.at(2), end: d.at(2) });
    b.painScore(5, d.at(14));
    b.painScore(8, d.at(2));
    b.medicationRequest({ medication: ACETAMINOPHEN, authoredOn: d.day(17), dosage: '1000 mg every 8 hours' });
    b.procedure(PHYSICAL_THERAPY, d.at(9));
    b.medicationRequest({ medication: ALENDRONATE, authoredOn: d.day(120), dosage: '70 mg once weekly' });
    vitals(b, d, 2);
    cbc(b, d, 4);
    inr(b, d, 4, 1.1);
    bmp(b, d, 4);
    lumbarXray(b, d, 17, 'Wedge compression deformity of L2 with about 25% anterior height loss.');
    lumbarMri(b, d, 12, 'Acute L2 compression fracture with marrow edema on STIR. No retropulsion; posterior wall intact.');
    dxa(b, d, 250, -2.8);
    b.raw<AllergyIntolerance>({
      resourceType: 'AllergyIntolerance',
      id: `${this.id}-allergy-1`,
      clinicalStatus: concept([coding('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active')]),
      verificationStatus: concept([coding('http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', 'confirmed')]),
      type: 'allergy',
      category: ['environment'],
      criticality: 'high',
      code: concept([], 'Polymethyl methacrylate (PMMA) bone cement'),
      patient: b.subject,
      recordedDate: d.day(900),
      reaction: [{ manifestation: [concept([], 'Hives (urticaria) after cemented hip arthroplasty')], severity: 'moderate' }],
    });
    return b.resources;
  },
};
