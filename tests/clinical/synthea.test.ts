// The 14 real Synthea bundles of ../shared/fixtures/synthea (read-only): each assesses on 2026-11-24 without error,
// and facts read from the JSON itself (and SOURCES.md) hold. Expected values are computed from the files, not hard-coded
// assessments; the few constants (names, codes) are those SOURCES.md documents.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { imagingKind, isSpineStudy } from '../../src/clinical/facts';
import type { PatientRecord } from '../../src/clinical/record';
import type { Assessment } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import { CONTRAINDICATION_IDS, CRITERION_IDS, WORKUP_IDS, contra, criterion, workupItem } from './builders';

const AS_OF = '2026-11-24';
const DIR = fileURLToPath(new URL('../../../shared/fixtures/synthea/', import.meta.url));
const present = existsSync(DIR);

type Json = Record<string, any>;
interface Fixture {
  file: string;
  bundle: Json;
  resources: Json[];
  patient: Json;
  record: PatientRecord;
  assessment: Assessment;
}

function listFixtures(): string[] {
  if (!present) return [];
  const top = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  const more = existsSync(`${DIR}more`) ? readdirSync(`${DIR}more`).filter((f) => f.endsWith('.json')).map((f) => `more/${f}`) : [];
  return [...top, ...more].sort();
}

const FILES = listFixtures();
const cache = new Map<string, Fixture>();

function load(file: string): Fixture {
  let fixture = cache.get(file);
  if (!fixture) {
    const bundle = JSON.parse(readFileSync(`${DIR}${file}`, 'utf8')) as Json;
    const resources = (bundle.entry as Json[]).map((e) => e.resource as Json);
    const patient = resources.find((r) => r.resourceType === 'Patient')!;
    const record = recordFromBundle(bundle);
    fixture = { file, bundle, resources, patient, record, assessment: assess(record, {}, AS_OF) };
    cache.set(file, fixture);
  }
  return fixture;
}

function fixtureNamed(part: string): Fixture {
  const file = FILES.find((f) => f.includes(part));
  if (!file) throw new Error(`no fixture named *${part}*`);
  return load(file);
}

// ---- independent readings of the JSON ----

function ageOn(birthDate: string, asOf: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ay, am, ad] = asOf.split('-').map(Number) as [number, number, number];
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

const codesOf = (concept: Json | undefined): string[] => ((concept?.coding as Json[] | undefined) ?? []).map((c) => String(c.code));
const statusOf = (concept: Json | undefined): string | undefined => (concept?.coding as Json[] | undefined)?.[0]?.code;
const conditions = (f: Fixture) => f.resources.filter((r) => r.resourceType === 'Condition');
const isActive = (c: Json) => ['active', 'recurrence', 'relapse', undefined].includes(statusOf(c.clinicalStatus));
const observationsCoded = (f: Fixture, code: string) => f.resources.filter((r) => r.resourceType === 'Observation' && codesOf(r.code).includes(code));

describe('Synthea fixtures (../shared/fixtures/synthea)', () => {
  it('fixtures: the folder exists and holds the 14 bundles (10 top level, 4 in more/)', () => {
    expect(present, DIR).toBe(true);
    expect(FILES).toHaveLength(14);
    expect(FILES.filter((f) => f.startsWith('more/'))).toHaveLength(4);
  });

  describe.skipIf(!present).each(FILES)('%s', (file) => {
    it('assesses without error on 2026-11-24, with every spec id in order', () => {
      const { assessment } = load(file);
      expect(assessment.asOf).toBe(AS_OF);
      expect(assessment.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
      expect(assessment.contraindications.map((c) => c.id)).toEqual([...CONTRAINDICATION_IDS]);
      expect(assessment.workup.map((w) => w.id)).toEqual([...WORKUP_IDS]);
    });

    it('patient facts: id, sex, age on asOf and deceased match the Patient resource', () => {
      const { assessment, patient } = load(file);
      expect(assessment.patient.id).toBe(patient.id);
      expect(assessment.patient.sex).toBe(patient.gender);
      expect(assessment.patient.birthDate).toBe(patient.birthDate);
      // §0 Age: a deceased patient's age is the age at death.
      const death = typeof patient.deceasedDateTime === 'string' && patient.deceasedDateTime.slice(0, 10) <= AS_OF ? patient.deceasedDateTime.slice(0, 10) : AS_OF;
      expect(assessment.patient.age).toBe(ageOn(patient.birthDate, death));
      expect(assessment.patient.ageApproximate).toBe(false);
      const deceased = patient.deceasedBoolean === true || (typeof patient.deceasedDateTime === 'string' && patient.deceasedDateTime.slice(0, 10) <= AS_OF);
      expect(assessment.patient.deceased).toBe(deceased);
    });

    it('verdict: never a candidate; deceased patients are not-candidate with the deceased reason first', () => {
      const { assessment } = load(file);
      expect(assessment.verdict).not.toBe('candidate');
      if (assessment.patient.deceased) {
        expect(assessment.verdict).toBe('not-candidate');
        expect(assessment.reasons[0]).toMatch(/deceased/i);
      } else {
        expect(assessment.verdict).toBe('needs-information');
      }
    });

    it('vcf / pathway: no vertebral fracture in any of them, so vcf is never met and the pathway is osteoporotic', () => {
      const { assessment } = load(file);
      expect(criterion(assessment, 'vcf').status).toBe('unknown');
      expect(criterion(assessment, 'fracture-age').status).toBe('unknown');
      expect(assessment.pathway).toBe('osteoporotic');
      expect(assessment.etiology).not.toContain('malignant');
      expect(assessment.hospitalized).toBe(false);
    });

    it('osteoporosis: met exactly when the file has an active 64859006, a 443165006 or a DXA T-score <= -2.5, citing it', () => {
      const f = load(file);
      const osteoporosis = conditions(f).filter((c) => codesOf(c.code).includes('64859006') && isActive(c));
      const fractures = conditions(f).filter((c) => codesOf(c.code).includes('443165006'));
      const dxa = observationsCoded(f, '38265-5').filter((o) => typeof o.valueQuantity?.value === 'number' && o.valueQuantity.value <= -2.5);
      const c = criterion(f.assessment, 'osteoporosis');
      const expected = [...osteoporosis, ...fractures, ...dxa];
      expect(c.status).toBe(expected.length > 0 ? 'met' : 'unknown');
      const cited = c.evidence.map((e) => e.id);
      // evidence is capped at 5 lines: the first listed records must be cited
      for (const r of expected.slice(0, 5)) expect(cited).toContain(r.id);
      expect(f.assessment.etiology.includes('osteoporotic')).toBe(expected.length > 0);
    });

    it('imaging: none of them has spine imaging; the spine workup items are missing', () => {
      const { assessment } = load(file);
      for (const id of ['spine-xray', 'spine-mri', 'spine-ct', 'bone-scan']) {
        expect(workupItem(assessment, id).status, id).toBe('missing');
        expect(workupItem(assessment, id).evidence, id).toEqual([]);
      }
      expect(criterion(assessment, 'imaging-confirmation').status).toBe('unknown');
    });

    it('workup: old data is outdated, never done (the newest pain score and labs are years old)', () => {
      const f = load(file);
      const { assessment } = f;
      for (const w of assessment.workup) expect(w.status, w.id).not.toBe('done');
      expect(assessment.workupComplete).toBe(false);
      const painScores = observationsCoded(f, '72514-3');
      expect(workupItem(assessment, 'pain-score').status).toBe(painScores.length > 0 ? 'outdated' : 'missing');
      expect(criterion(assessment, 'severe-pain').status).toBe('unknown');
      const plateletCounts = observationsCoded(f, '777-3');
      if (plateletCounts.length > 0) expect(workupItem(assessment, 'cbc').status).toBe('outdated');
    });

    it('physical-exam: missing without a heart rate (8867-4), outdated when both parts exist but are old', () => {
      const f = load(file);
      const heartRates = observationsCoded(f, '8867-4');
      const expected = heartRates.length === 0 ? 'missing' : 'outdated';
      expect(workupItem(f.assessment, 'physical-exam').status).toBe(expected);
    });

    it('pregnancy: absent exactly when the patient cannot be pregnant; pregnancy-test required otherwise', () => {
      const { assessment, patient } = load(file);
      const age = ageOn(patient.birthDate, AS_OF);
      const could = patient.gender !== 'male' && age >= 12 && age <= 54;
      expect(workupItem(assessment, 'pregnancy-test').required).toBe(could);
      if (!could) expect(contra(assessment, 'pregnancy').status).toBe('absent');
    });

    it('anticoagulant-use: present exactly when an active or on-hold request names an anticoagulant', () => {
      const f = load(file);
      const names = /warfarin|apixaban|rivaroxaban|dabigatran|edoxaban|heparin|enoxaparin|dalteparin|fondaparinux|clopidogrel|prasugrel|ticagrelor/i;
      const onIt = f.resources.some(
        (r) =>
          (r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement') &&
          ['active', 'on-hold'].includes(r.status) &&
          names.test(JSON.stringify(r.medicationCodeableConcept ?? {})),
      );
      expect(contra(f.assessment, 'anticoagulant-use').status).toBe(onIt ? 'present' : 'absent');
    });

    it('record: every Condition of the file reaches the record (references resolve, whatever the fullUrl form)', () => {
      const f = load(file);
      expect(f.record.conditions.map((c) => c.id).sort()).toEqual(conditions(f).map((c) => c.id).sort());
    });
  });
});

describe.skipIf(!present)('Synthea: facts named in SOURCES.md', () => {
  it('Hallie Hoeger: osteoporosis met with her 2016 DXA of -3.31 as evidence; the 2012 DXA of -0.02 is not', () => {
    const f = fixtureNamed('hallie-hoeger');
    const dxa = observationsCoded(f, '38265-5');
    const low = dxa.find((o) => o.valueQuantity.value <= -2.5)!;
    const normal = dxa.find((o) => o.valueQuantity.value > -2.5)!;
    expect(low.valueQuantity.value).toBeCloseTo(-3.31, 2);
    const c = criterion(f.assessment, 'osteoporosis');
    expect(c.status).toBe('met');
    const cited = c.evidence.find((e) => e.id === low.id);
    expect(cited?.display).toMatch(/-3\.31/);
    expect(cited?.date?.slice(0, 10)).toBe('2016-10-09');
    expect(c.evidence.map((e) => e.id)).not.toContain(normal.id);
    expect(f.assessment.patient).toMatchObject({ age: 100, sex: 'female', deceased: false });
  });

  it('Hallie Hoeger: her resolved 443165006 is shown under vcf but does not meet it', () => {
    const f = fixtureNamed('hallie-hoeger');
    const generic = conditions(f).find((c) => codesOf(c.code).includes('443165006'))!;
    const vcf = criterion(f.assessment, 'vcf');
    expect(vcf.status).toBe('unknown');
    expect(vcf.evidence.map((e) => e.id)).toContain(generic.id);
  });

  it("Lonnie Von: his active 443165006 (forearm, 2021) is evidence but does not meet vcf", () => {
    const f = fixtureNamed('lonnie-von');
    const generic = conditions(f).find((c) => codesOf(c.code).includes('443165006'))!;
    expect(statusOf(generic.clinicalStatus)).toBe('active');
    const vcf = criterion(f.assessment, 'vcf');
    expect(vcf.status).toBe('unknown');
    expect(vcf.evidence.map((e) => e.id)).toContain(generic.id);
    expect(vcf.note).toBeTruthy();
    expect(criterion(f.assessment, 'osteoporosis').status).toBe('met');
    expect(f.assessment.patient).toMatchObject({ sex: 'male', age: 76 });
  });

  it('Lonnie Von: his three ImagingStudies (clavicle, arm, arm) are not spine imaging', () => {
    const f = fixtureNamed('lonnie-von');
    const studies = f.record.studies.filter((s) => s.resourceType === 'ImagingStudy');
    expect(studies.length).toBe(3);
    for (const s of studies) expect(isSpineStudy(s)).toBe(false);
  });

  it("Elvina Lemke: active knee OA (239873007) is in the record but is not an alternative pain source", () => {
    const f = fixtureNamed('elvina-lemke');
    const knee = f.record.conditions.find((c) => c.code.codings.some((x) => x.code === '239873007'));
    expect(knee?.clinicalStatus).toBe('active');
    const c = contra(f.assessment, 'alternative-pain-source');
    expect(c.status).toBe('absent');
    expect(c.evidence.map((e) => e.id)).not.toContain(knee?.id);
    expect(criterion(f.assessment, 'osteoporosis').status).toBe('met');
  });

  it('Clorinda Wilkinson: her chest imaging ("Thoracic structure" 51185008, "thoracic" 261179002) is not counted as spine', () => {
    const f = fixtureNamed('clorinda-wilkinson');
    const thoracic = f.record.studies.filter((s) => s.bodySites.some((b) => b.codings.some((c) => c.code === '51185008' || c.code === '261179002')));
    expect(thoracic.length).toBeGreaterThanOrEqual(5);
    for (const s of thoracic) expect(isSpineStudy(s), s.id).toBe(false);
    // the chest radiographs are X-rays by modality, just not of the spine
    expect(thoracic.some((s) => imagingKind(s) === 'spine-xray')).toBe(true);
    expect(workupItem(f.assessment, 'spine-xray').status).toBe('missing');
    expect(f.assessment.patient.deceased).toBe(true);
  });

  it('Clorinda Wilkinson: four resolved osteoporotic fractures (443165006) document osteoporosis, none is a vcf', () => {
    const f = fixtureNamed('clorinda-wilkinson');
    const generic = conditions(f).filter((c) => codesOf(c.code).includes('443165006'));
    expect(generic).toHaveLength(4);
    expect(criterion(f.assessment, 'vcf').status).toBe('unknown');
    expect(criterion(f.assessment, 'osteoporosis').status).toBe('met');
  });

  it('Vito Feeney: an active prostate metastasis (314994000) without a vertebral fracture does not make the pathway malignant', () => {
    const f = fixtureNamed('vito-feeney');
    const metastasis = f.record.conditions.find((c) => c.code.codings.some((x) => x.code === '314994000'));
    expect(metastasis?.clinicalStatus).toBe('active');
    expect(f.assessment.pathway).toBe('osteoporotic');
    expect(f.assessment.etiology).toEqual([]);
    expect(criterion(f.assessment, 'vcf').status).toBe('unknown');
    expect(f.assessment.patient).toMatchObject({ sex: 'male', deceased: true });
  });

  it('Keira Huel: deceased in 2003, not-candidate, the deceased reason first', () => {
    const f = fixtureNamed('keira-huel');
    expect(f.patient.deceasedDateTime.slice(0, 10)).toBe('2003-07-03');
    expect(f.assessment.verdict).toBe('not-candidate');
    expect(f.assessment.reasons[0]).toMatch(/deceased/i);
  });

  it('Gilbert Wunsch: active lung cancer is not on the Malignancy list: pathway osteoporotic', () => {
    const f = fixtureNamed('gilbert-wunsch');
    expect(f.record.conditions.some((c) => c.code.codings.some((x) => x.code === '254637007') && c.clinicalStatus === 'active')).toBe(true);
    expect(f.assessment.pathway).toBe('osteoporotic');
    expect(criterion(f.assessment, 'osteoporosis').status).toBe('met');
  });

  it("Cary O'Hara: spinal cord lesion 698754002 is not a listed neurologic-compromise code; 63, so no pregnancy concern", () => {
    const f = fixtureNamed('cary-ohara');
    expect(f.record.conditions.some((c) => c.code.codings.some((x) => x.code === '698754002'))).toBe(true);
    expect(contra(f.assessment, 'neurologic-compromise').status).toBe('absent');
    expect(f.assessment.patient).toMatchObject({ age: 63, sex: 'female' });
    expect(contra(f.assessment, 'pregnancy').status).toBe('absent');
    expect(criterion(f.assessment, 'age-over-70').status).toBe('not-met');
  });

  it('Inferno patient 355: Patient PUT as Patient/355 but referenced by urn:uuid; heart rate and BP are read (physical-exam outdated); no pain scores', () => {
    const f = fixtureNamed('patient355');
    expect(f.assessment.patient.id).toBe('355');
    expect(f.record.conditions.length).toBe(conditions(f).length);
    expect(f.record.conditions.length).toBeGreaterThan(0);
    const exam = workupItem(f.assessment, 'physical-exam');
    expect(exam.status).toBe('outdated');
    expect(exam.evidence).toHaveLength(2);
    expect(workupItem(f.assessment, 'pain-score').status).toBe('missing');
    expect(criterion(f.assessment, 'severe-pain').evidence).toEqual([]);
    expect(contra(f.assessment, 'alternative-pain-source').status).toBe('absent');
  });

  it('Hallie Hoeger and Adalberto Hartmann: warfarin and clopidogrel make anticoagulant-use present', () => {
    expect(contra(fixtureNamed('hallie-hoeger').assessment, 'anticoagulant-use').status).toBe('present');
    expect(contra(fixtureNamed('adalberto-hartmann').assessment, 'anticoagulant-use').status).toBe('present');
  });

  it('answers still win on a real record: Lonnie Von with the fracture confirmed meets vcf (ClinicianInput first)', () => {
    const f = fixtureNamed('lonnie-von');
    const a = assess(f.record, { vcf: true }, AS_OF);
    expect(criterion(a, 'vcf').status).toBe('met');
    expect(criterion(a, 'vcf').evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});
