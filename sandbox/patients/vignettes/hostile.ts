// (j) A hostile record: every string the app or the launcher displays carries a script or markup
// payload (plus a 5,000-character string and right-to-left / zero-width characters), and the record is
// still a well-formed, clinically ordinary one the engine must read like any other:
//  - inpatient now (in-progress IMP Encounter, its type text a payload), osteoporotic L1 fracture
//    5 days ago, NRS 9 yesterday: hospitalized threshold 8 met; conservative-care and pain-course are
//    not required in hospital (§2);
//  - imaging-confirmation and pain-attributable only the physician can answer: needs-information,
//    then candidate once both are confirmed;
//  - the allergy names bone cement (PMMA): cement-allergy present, a relative caution (verdict unchanged);
//  - INR 1.1 and platelets 198 within 30 days: coagulopathy absent; a PT with a string value is the
//    newest coagulation result (its value is what the workup line shows);
//  - a man of 76: cannot be pregnant, so the pregnancy test is missing but not required;
//  - X-ray and MRI known by DICOM modality and lumbar body site, displayed by their (payload) descriptions.
import type { AllergyIntolerance, ImagingStudy } from 'fhir/r4';
import { SYS } from '../codes';
import { coding, concept, icd10, quantity, RecordBuilder } from '../record-builder';
import { relativeDates } from '../relative-dates';
import type { Vignette } from '../vignette';
import { bmp, cbc, dxa, inr, LUMBAR_SPINE, vitals } from '../workup';

/** The payloads, each of which must reach the screen as text and never as markup or script. */
export const HOSTILE_PAYLOADS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=1</script>',
  svg: '"><svg onload=window.__pwned=1>',
  javascriptUrl: 'javascript:alert(1)',
  /** Right-to-left override ... pop directional formatting. */
  rtl: '\u202Ecod.exe\u202C',
  /** Zero-width space, non-joiner, joiner and no-break space (BOM). */
  zeroWidth: 'zero\u200Bwidth\u200C\u200Djoin\uFEFFed',
  /** 5,000 characters without a break (the app keeps the first 500). */
  long: `L${'o'.repeat(4998)}g`,
} as const;

const P = HOSTILE_PAYLOADS;
// The given name has no space (tests split the display name at the first one).
const GIVEN = P.script;
const FAMILY = `${P.img} ${P.svg} ${P.rtl} ${P.zeroWidth}`;

export const hostile: Vignette = {
  id: 'vcf-hostile',
  name: `${GIVEN} ${FAMILY}`,
  summary: `Hostile record: markup and script in every displayed string ${P.script}; inpatient, osteoporotic L1 fracture, NRS 9, cement allergy.`,
  expected: {
    pathway: 'osteoporotic',
    hospitalized: true,
    verdictFromRecord: 'needs-information',
    confirmAnswers: { imagingConfirmsAcute: true, painAttributable: true },
    verdictAfterConfirm: 'candidate',
    missingWorkup: ['bone-scan', 'spine-ct', 'osteoporosis-treatment', 'pregnancy-test'],
    outdatedWorkup: [],
    contraindicationsPresent: ['cement-allergy'],
  },
  build(today) {
    const d = relativeDates(today);
    const b = new RecordBuilder(this.id);
    b.patient({ given: GIVEN, family: FAMILY, gender: 'male', birthDate: d.birthDateForAge(76) });

    b.condition({
      code: concept(
        [coding(SYS.icd10cm, 'M80.08XA', `${P.script} Age-related osteoporosis with current pathological fracture, vertebra(e)`)],
        `Vertebral fracture L1 ${P.img} ${P.zeroWidth}`,
      ),
      onset: d.day(5),
    });
    b.condition({ code: concept([coding(SYS.icd10cm, 'M81.0', P.javascriptUrl)], P.long), onset: d.day(1800) });

    const stay = b.encounter({ classCode: 'IMP', status: 'in-progress', start: d.at(4), reason: icd10('M80.08XA', `Fracture ${P.svg}`) });
    stay.type = [concept([coding(SYS.snomed, '183452005', `${P.img} Emergency hospital admission`)], `Inpatient stay ${P.svg}`)];

    b.observation({
      code: concept([coding(SYS.loinc, '72514-3', P.script)], `Pain NRS ${P.svg} ${P.rtl}`),
      date: d.at(1),
      value: quantity(9, '{score}'),
      category: 'survey',
    });
    vitals(b, d, 1, 88, [146, 82]);
    cbc(b, d, 3, 198);
    inr(b, d, 3, 1.1);
    b.raw({
      resourceType: 'Observation',
      id: `${this.id}-observation-pt`,
      status: 'final',
      category: [concept([coding(SYS.observationCategory, 'laboratory')])],
      code: concept([coding(SYS.loinc, '5902-2', 'Prothrombin time (PT)')], `Prothrombin time ${P.img}`),
      subject: b.subject,
      effectiveDateTime: d.at(1),
      valueString: `${P.script} 12.1 s ${P.javascriptUrl}`,
    });
    bmp(b, d, 3);

    b.medicationRequest({
      medication: concept([coding(SYS.rxnorm, '198440', 'Acetaminophen 500 MG Oral Tablet')], `Acetaminophen ${P.img} ${P.javascriptUrl}`),
      authoredOn: d.day(4),
      dosage: `${P.script} 1000 mg every 8 hours`,
    });

    const study = (kind: 'xray' | 'mri', daysAgo: number, description: string): ImagingStudy =>
      b.raw<ImagingStudy>({
        resourceType: 'ImagingStudy',
        id: `${this.id}-imaging-${kind}`,
        status: 'available',
        subject: b.subject,
        started: d.at(daysAgo),
        modality: [coding(SYS.dicom, kind === 'xray' ? 'DX' : 'MR')],
        description,
        numberOfSeries: 1,
        series: [{ uid: `2.25.4242${kind === 'xray' ? 1 : 2}`, modality: coding(SYS.dicom, kind === 'xray' ? 'DX' : 'MR'), bodySite: LUMBAR_SPINE, description }],
      });
    study('xray', 4, `XR lumbar ${P.script} ${P.rtl}`);
    study('mri', 3, `MRI lumbar STIR ${P.img} ${P.zeroWidth}`);
    dxa(b, d, 300, -2.7);

    b.raw<AllergyIntolerance>({
      resourceType: 'AllergyIntolerance',
      id: `${this.id}-allergy-1`,
      clinicalStatus: concept([coding('http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', 'active')]),
      verificationStatus: concept([coding('http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', 'confirmed')]),
      code: concept([], `Bone cement (PMMA) ${P.svg} ${P.javascriptUrl}`),
      patient: b.subject,
      recordedDate: d.day(400),
    });
    return b.resources;
  },
};
