// fast-check generators of FHIR-shaped data: mostly plausible (so the rules fire), partly hostile.
import fc from 'fast-check';
import { CONDITIONS, OBSERVATIONS, SYSTEM } from '../../src/clinical/codes';

const icdCodes = [...new Set(Object.values(CONDITIONS).flatMap((l) => ('icd10' in l ? [...l.icd10] : [])).map((c) => c.replace('*', '0')))];
const snomedCodes = [...new Set(Object.values(CONDITIONS).flatMap((l) => ('snomed' in l ? [...l.snomed] : [])))];
const loincCodes = [...new Set(Object.values(OBSERVATIONS).flatMap((l) => [...l.loinc]))];

const hostileString = fc.oneof(
  fc.string(),
  fc.constant('<img src=x onerror=alert(1)>'),
  fc.constant(''),
  fc.string({ minLength: 2000, maxLength: 5000 }),
  fc.constantFrom('vertebral fracture', 'lumbar spine MRI', 'Warfarin', 'acetaminophen 500 mg', 'lumbar spondylosis', 'bone cement'),
);

const dateString = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.date({ min: new Date('2020-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026', '2026-02', '2026-02-30', 'yesterday', '', '9999-99-99', '2026-11-24T25:61:00Z'),
  // v2 shapes: partial dates near asOf, and offsets that change the UTC day.
  fc.constantFrom('2026-11', '2026-09', '2026-11-23T23:30:00-05:00', '2026-11-24T00:30:00+14:00'),
);

/** v2: EHR-local codings listed before the HL7 one, status words as display or text in any case. */
const statusElement = (hl7System: string, words: readonly string[]) =>
  fc.oneof(
    fc.constantFrom(...words).map((code) => ({ coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0', code: 'X1', display: 'Local' }, { system: hl7System, code }] })),
    fc.constantFrom(...words).map((word) => ({ coding: [{ system: 'urn:oid:1.2.3', display: word.toUpperCase().replace(/-/g, ' ') }] })),
    fc.constantFrom(...words).map((word) => ({ text: word.replace(/-/g, '_') })),
    fc.anything(),
  );

/** v2: numbers and qualitative results sent as text. */
const valueString = fc.constantFrom('9', '2.8', '8/10', '38 x10E3/uL', '<5', '2-3', 'severe', 'POS', 'neg', 'Detected', ' 7 ');

const coding = fc.oneof(
  fc.record({ system: fc.constant(SYSTEM.icd10cm), code: fc.constantFrom(...icdCodes), display: fc.option(hostileString, { nil: undefined }) }),
  fc.record({ system: fc.constant(SYSTEM.snomed), code: fc.constantFrom(...snomedCodes, '239873007', '51185008') }),
  fc.record({ system: fc.constant(SYSTEM.loinc), code: fc.constantFrom(...loincCodes) }),
  fc.record({ system: fc.option(fc.string(), { nil: undefined }), code: fc.option(fc.string(), { nil: undefined }) }),
  fc.anything(),
);

const concept = fc.oneof(
  fc.record({ coding: fc.array(coding, { maxLength: 3 }), text: fc.option(hostileString, { nil: undefined }) }, { requiredKeys: [] }),
  fc.anything(),
);

const status = fc.constantFrom('final', 'amended', 'preliminary', 'entered-in-error', 'cancelled', 'active', 'completed', 'in-progress', 'on-hold', 'bogus', 7 as unknown as string);

const deepExtension: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  ext: fc.oneof({ depthSize: 'small' }, fc.constant({ url: 'x', valueString: 'leaf' }), fc.record({ url: fc.string(), extension: fc.array(tie('ext'), { maxLength: 2 }) })),
})).ext;

export const resourceTypes = ['Condition', 'Observation', 'DiagnosticReport', 'ImagingStudy', 'Procedure', 'MedicationRequest', 'MedicationStatement', 'ServiceRequest', 'Encounter', 'AllergyIntolerance', 'CarePlan', 'DeviceRequest', 'Medication', 'OperationOutcome', 'Unknown'];

export const resource = (patientRef: string) =>
  fc.record(
    {
      resourceType: fc.constantFrom(...resourceTypes),
      id: fc.oneof(fc.constantFrom('dup', 'a', 'b'), fc.string({ maxLength: 12 })),
      subject: fc.oneof(fc.constant({ reference: patientRef }), fc.anything()),
      status,
      code: concept,
      clinicalStatus: fc.oneof(
        fc.constant({ coding: [{ code: 'active' }] }),
        fc.constant({ coding: [{ code: 'resolved' }] }),
        statusElement('http://terminology.hl7.org/CodeSystem/condition-clinical', ['active', 'recurrence', 'remission', 'resolved', 'inactive']),
      ),
      verificationStatus: fc.oneof(
        fc.constant({ coding: [{ code: 'refuted' }] }),
        statusElement('http://terminology.hl7.org/CodeSystem/condition-ver-status', ['confirmed', 'refuted', 'entered-in-error', 'provisional']),
      ),
      onsetDateTime: dateString,
      recordedDate: dateString,
      effectiveDateTime: dateString,
      performedDateTime: dateString,
      authoredOn: dateString,
      started: dateString,
      valueQuantity: fc.oneof(fc.record({ value: fc.oneof(fc.double(), fc.integer({ min: -5, max: 200000 })), unit: fc.constantFrom('/uL', '10*3/uL', '{score}', 'mIU/mL'), code: fc.constantFrom('/uL', '10*3/uL') }), fc.anything()),
      valueCodeableConcept: concept,
      valueString: fc.oneof(valueString, fc.anything()),
      component: fc.oneof(
        fc.array(fc.record({ code: concept, valueQuantity: fc.anything(), valueString: fc.oneof(valueString, fc.anything()) }, { requiredKeys: ['code'] }), { maxLength: 2 }),
        fc.anything(),
      ),
      modality: fc.oneof(fc.array(fc.record({ code: fc.constantFrom('MR', 'DX', 'CT', 'NM', 'XX') }), { maxLength: 2 }), fc.anything()),
      bodySite: fc.oneof(fc.array(concept, { maxLength: 2 }), fc.anything()),
      medicationCodeableConcept: concept,
      medicationReference: fc.oneof(fc.constant({ reference: '#med' }), fc.constant({ reference: 'Medication/x' }), fc.anything()),
      contained: fc.oneof(fc.constant([{ resourceType: 'Medication', id: 'med', code: { text: 'warfarin' } }]), fc.anything()),
      class: fc.oneof(fc.record({ code: fc.constantFrom('IMP', 'ACUTE', 'EMER', 'AMB') }), fc.anything()),
      extension: fc.array(deepExtension, { maxLength: 2 }),
      junk: fc.anything(),
    },
    { requiredKeys: ['resourceType'] },
  );

export const patient = fc.record(
  {
    resourceType: fc.constant('Patient'),
    id: fc.constant('p1'),
    birthDate: dateString,
    gender: fc.oneof(fc.constantFrom('male', 'female', 'other', 'unknown'), fc.anything()),
    deceasedBoolean: fc.oneof(fc.boolean(), fc.anything()),
    name: fc.anything(),
  },
  { requiredKeys: ['resourceType', 'id'] },
);

export const bundleOf = (entries: unknown[]) => ({ resourceType: 'Bundle', type: 'collection', entry: entries.map((resource) => ({ fullUrl: 'urn:uuid:x', resource })) });

export const answers = fc.record(
  {
    vcf: fc.boolean(), imagingConfirmsAcute: fc.boolean(), painAttributable: fc.boolean(), conservativeCareTried: fc.boolean(),
    painWorsening: fc.boolean(), hospitalized: fc.boolean(), painScore: fc.integer({ min: 0, max: 10 }), pregnant: fc.boolean(),
    activeInfection: fc.boolean(), onsetDate: fc.constantFrom('2026-11-01', '2026-01-01'), etiology: fc.constantFrom('osteoporotic', 'traumatic', 'malignant'),
    unstableFracture: fc.boolean(), nonunionOrCleft: fc.boolean(),
    levels: fc.constantFrom(['L1'], ['T12', 'L1', 'L2', 'L3']),
  },
  { requiredKeys: [] },
);
