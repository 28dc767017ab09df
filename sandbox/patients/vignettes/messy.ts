// (i) A messy but readable record, as real exports are. What each oddity must (not) do:
//  - fracture coded undotted `M8008XA` with no clinicalStatus: still an active vertebral fracture;
//  - osteoporosis `M81.0` with no system: matches nothing (codes.md needs the system);
//  - multiple myeloma refuted, discitis entered-in-error: neither counts (§0), so the pathway
//    stays osteoporotic and spinal-infection is absent;
//  - pain scores: 6 (3 days ago, final) is the latest usable one; 9 entered-in-error, 2 dated
//    in the future, 8 without a date and 10 coded without a system are all ignored for windows;
//    4 (40 days ago, preliminary) makes the course worsening (4 -> 6);
//  - platelets 45,000 /uL = 45 x10^9/L < 50: coagulopathy present (relative, verdict unchanged);
//  - tramadol in a contained Medication: conservative care;
//  - warfarin order entered-in-error: no anticoagulant use;
//  - spine X-ray and MRI known by text and DICOM modality only; a chest X-ray on "Thoracic
//    structure" (51185008) is not spine imaging;
//  - birth date to the month only: age approximate.
import type { Medication, MedicationRequest } from 'fhir/r4';
import { SYS } from '../codes';
import { coding, concept, loinc, quantity, RecordBuilder } from '../record-builder';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';

export const messy: Vignette = {
  id: 'vcf-messy',
  name: "Dolores O'Brien-Núñez",
  summary: 'Messy export: undotted and system-less codes, refuted and entered-in-error entries, undated and future-dated data, platelets in /uL.',
  expected: {
    pathway: 'osteoporotic',
    hospitalized: false,
    verdictFromRecord: 'needs-information',
    confirmAnswers: { imagingConfirmsAcute: true, painAttributable: true },
    verdictAfterConfirm: 'candidate',
    missingWorkup: ['bone-scan', 'spine-ct', 'bone-density', 'osteoporosis-treatment', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: ['coagulopathy'],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    const patient = b.patient({ given: 'Dolores', family: "O'Brien-Núñez", gender: 'female', birthDate: d.birthDateForAge(72).slice(0, 7) });
    patient.name = [{ use: 'official', family: "O'Brien-Núñez", given: ['Dolores'] }, { use: 'nickname', given: ['Lola'] }];

    const fracture = b.condition({
      code: concept([coding(SYS.icd10cm, 'M8008XA')], 'Osteoporotic fracture of vertebra'),
      onset: d.day(30),
      clinicalStatus: null,
    });
    delete fracture.category;
    b.condition({ code: concept([coding(undefined, 'M81.0')], 'Osteoporosis'), onset: d.day(3000) });
    b.condition({
      code: concept([coding(SYS.icd10cm, 'C90.00', 'Multiple myeloma not having achieved remission')]),
      onset: d.day(60),
      verificationStatus: 'refuted',
    });
    b.condition({
      code: concept([coding(SYS.icd10cm, 'M46.46', 'Discitis, unspecified, lumbar region')]),
      onset: d.day(25),
      verificationStatus: 'entered-in-error',
    });
    b.condition({ code: concept([coding(SYS.icd10, 'M40.2', 'Other and unspecified kyphosis')]), onset: d.day(700) });

    b.painScore(4, d.at(40), 'preliminary');
    b.painScore(6, d.at(3));
    b.painScore(9, d.at(2), 'entered-in-error');
    b.painScore(2, d.at(-5));
    b.painScore(8, null);
    b.observation({ code: concept([coding(undefined, '72514-3')], 'Pain score'), date: d.at(1), value: quantity(10, '{score}'), category: 'survey' });

    b.observation({ code: loinc('8867-4', 'Heart rate'), date: d.day(3), value: quantity(81, 'beats/minute', '/min'), category: 'vital-signs' });
    b.observation({ code: loinc('8480-6', 'Systolic blood pressure'), date: d.day(3), value: quantity(142, 'mmHg', 'mm[Hg]'), category: 'vital-signs' });
    b.observation({ code: loinc('777-3', 'Platelets'), date: d.at(4), value: quantity(45000, '/uL') });
    b.observation({ code: loinc('34714-6', 'INR in Blood by Coagulation assay'), date: d.at(4), value: quantity(1.1, 'ratio', '{INR}') });
    b.observation({ code: loinc('2160-0', 'Creatinine'), date: d.at(4), value: quantity(0.8, 'mg/dL'), status: 'amended' });
    b.observation({ code: loinc('2160-0', 'Creatinine'), date: null, value: quantity(1.4, 'mg/dL') });

    b.raw<MedicationRequest>({
      resourceType: 'MedicationRequest',
      id: `${this.id}-medrequest-contained`,
      status: 'active',
      intent: 'order',
      contained: [{ resourceType: 'Medication', id: 'med1', code: { text: 'Tramadol 50 mg tablet' } } as Medication],
      medicationReference: { reference: '#med1' },
      subject: b.subject,
      authoredOn: d.day(20),
    });
    b.medicationRequest({
      medication: concept([coding(SYS.rxnorm, '855332', 'Warfarin Sodium 5 MG Oral Tablet')]),
      authoredOn: d.day(20),
      status: 'entered-in-error',
    });

    b.imagingStudy({ date: d.at(10), modality: 'MR', description: 'MRI L-spine STIR' });
    b.imagingReport({ date: d.at(25), description: 'XR lumbar spine 2 views', conclusion: 'Wedge deformity of L1.' });
    b.imagingStudy({
      date: d.at(25),
      modality: 'DX',
      bodySite: coding(SYS.snomed, '51185008', 'Thoracic structure'),
      description: 'Chest X-ray',
    });
    return b.resources;
  },
};
