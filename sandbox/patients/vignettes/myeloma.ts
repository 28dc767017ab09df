// (d) Malignant pathway: active multiple myeloma (C90.00) and a pathological vertebral fracture
// (M84.58XA). §1 makes the pathway malignant; the pain threshold is 5 (NRS 6 meets it) and
// conservative care is required (oxycodone on file). fracture-age and pain-course are not
// required there. A spine X-ray and DXA are missing.
import { icd10, RecordBuilder } from '../record-builder';
import { vertebra } from '../levels';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { OXYCODONE, bmp, cbc, inr, thoracicCt, thoracicMri, vitals } from '../workup';

export const myeloma: Vignette = {
  id: 'vcf-myeloma',
  name: 'Raymond Okafor',
  summary: 'Multiple myeloma with a pathological T11 fracture 2 weeks ago, NRS 6 on oxycodone; MRI and CT on file.',
  expected: {
    pathway: 'malignant',
    hospitalized: false,
    verdictFromRecord: 'needs-information',
    confirmAnswers: { imagingConfirmsAcute: true, painAttributable: true },
    verdictAfterConfirm: 'candidate',
    missingWorkup: ['spine-xray', 'bone-scan', 'bone-density', 'osteoporosis-treatment', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: [],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: 'Raymond', family: 'Okafor', gender: 'male', birthDate: d.birthDateForAge(67) });
    b.condition({ code: icd10('C90.00', 'Multiple myeloma not having achieved remission'), onset: d.day(400) });
    b.condition({ code: icd10('M84.58XA', 'Pathological fracture in neoplastic disease, other site, initial encounter for fracture'), onset: d.day(15), bodySite: vertebra('T11') });
    b.painScore(5, d.at(20));
    b.painScore(6, d.at(3));
    b.medicationRequest({ medication: OXYCODONE, authoredOn: d.day(14), dosage: '5 mg every 6 hours as needed' });
    vitals(b, d, 3, 84, [126, 74]);
    cbc(b, d, 5, 140);
    inr(b, d, 5, 1.1);
    bmp(b, d, 5);
    thoracicMri(b, d, 10, 'T11 pathological compression fracture with marrow edema; diffuse marrow infiltration.');
    thoracicCt(b, d, 12, 'T11 compression fracture; posterior wall intact, no retropulsion.');
    return b.resources;
  },
};
