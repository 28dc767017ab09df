// clinical-rules.md §3 Contraindications: present / absent / unknown for every id, and the edges.
import { describe, expect, it } from 'vitest';
import {
  NEGATIVE,
  POSITIVE,
  allergy,
  birthDateForAge,
  condition,
  contra,
  daysAgo,
  dtAgo,
  hcg,
  icd10,
  inr,
  loinc,
  medication,
  observation,
  platelets,
  run,
  snomed,
  type Resource,
} from './builders';
import type { Answers } from '../../src/clinical/types';

type PatientOpts = NonNullable<NonNullable<Parameters<typeof run>[0]>['patient']>;
const WOMAN_30: PatientOpts = { birthDate: birthDateForAge(30), gender: 'female' };
const of = (id: string, resources: Resource[] = [], answers: Answers = {}, patient?: PatientOpts) =>
  contra(run({ resources, answers, ...(patient ? { patient } : {}) }), id);

describe('pregnancy', () => {
  it('pregnancy: is absolute', () => {
    expect(of('pregnancy').kind).toBe('absolute');
  });

  it('pregnancy: absent for a man (cannot be pregnant)', () => {
    expect(of('pregnancy', [], {}, { birthDate: birthDateForAge(30), gender: 'male' }).status).toBe('absent');
  });

  it('pregnancy: a woman of 54 could be pregnant (unknown without a test), a woman of 55 cannot (absent)', () => {
    expect(of('pregnancy', [], {}, { birthDate: birthDateForAge(54), gender: 'female' }).status).toBe('unknown');
    expect(of('pregnancy', [], {}, { birthDate: birthDateForAge(55), gender: 'female' }).status).toBe('absent');
  });

  it('pregnancy: a girl of 11 cannot be pregnant, one of 12 could', () => {
    expect(of('pregnancy', [], {}, { birthDate: birthDateForAge(11), gender: 'female' }).status).toBe('absent');
    expect(of('pregnancy', [], {}, { birthDate: birthDateForAge(12), gender: 'female' }).status).toBe('unknown');
  });

  it('pregnancy: unknown sex or unknown age could be pregnant (unknown)', () => {
    expect(of('pregnancy', [], {}, { birthDate: birthDateForAge(80) }).status).toBe('absent');
    expect(of('pregnancy', [], {}, { birthDate: birthDateForAge(30), gender: 'unknown' }).status).toBe('unknown');
    expect(of('pregnancy', [], {}, { gender: 'female' }).status).toBe('unknown');
  });

  it('pregnancy: a positive hCG 30 days old is present, 31 days old is not (unknown)', () => {
    const present = of('pregnancy', [hcg(POSITIVE, 30)], {}, WOMAN_30);
    expect(present.status).toBe('present');
    expect(present.evidence[0]?.resourceType).toBe('Observation');
    expect(of('pregnancy', [hcg(POSITIVE, 31)], {}, WOMAN_30).status).toBe('unknown');
  });

  it('pregnancy: a negative hCG 7 days old is absent, 8 days old is unknown', () => {
    expect(of('pregnancy', [hcg(NEGATIVE, 7)], {}, WOMAN_30).status).toBe('absent');
    expect(of('pregnancy', [hcg(NEGATIVE, 8)], {}, WOMAN_30).status).toBe('unknown');
  });

  it('pregnancy: quantitative hCG 19080-1 at 6 mIU/mL is positive (present), at 5 is negative (absent)', () => {
    expect(of('pregnancy', [observation('19080-1', 6, 'm[IU]/mL', dtAgo(2))], {}, WOMAN_30).status).toBe('present');
    expect(of('pregnancy', [observation('19080-1', 5, 'm[IU]/mL', dtAgo(2))], {}, WOMAN_30).status).toBe('absent');
  });

  it('pregnancy: qualitative results by text and by interpretation', () => {
    expect(of('pregnancy', [observation('2118-8', 'Not detected', undefined, dtAgo(1))], {}, WOMAN_30).status).toBe('absent');
    expect(of('pregnancy', [observation('2118-8', 'Detected', undefined, dtAgo(1))], {}, WOMAN_30).status).toBe('present');
    expect(of('pregnancy', [observation('2106-3', undefined, undefined, dtAgo(1), { interpretation: 'POS' })], {}, WOMAN_30).status).toBe('present');
    expect(of('pregnancy', [observation('2106-3', undefined, undefined, dtAgo(1), { interpretation: 'NEG' })], {}, WOMAN_30).status).toBe('absent');
  });

  it('pregnancy: an hCG with an unreadable result is no result (unknown)', () => {
    expect(of('pregnancy', [observation('2106-3', 'see note', undefined, dtAgo(1))], {}, WOMAN_30).status).toBe('unknown');
  });

  it('pregnancy: status 82810-3 "pregnant" within 280 days is present, 281 days is not', () => {
    const pregnant = loinc('LA15173-0', 'Pregnant');
    expect(of('pregnancy', [observation('82810-3', pregnant, undefined, dtAgo(280))], {}, WOMAN_30).status).toBe('present');
    expect(of('pregnancy', [observation('82810-3', pregnant, undefined, dtAgo(281))], {}, WOMAN_30).status).toBe('unknown');
  });

  it('pregnancy: status "not pregnant" within 7 days is absent, 8 days is unknown', () => {
    const notPregnant = loinc('LA26683-5', 'Not pregnant');
    expect(of('pregnancy', [observation('82810-3', notPregnant, undefined, dtAgo(7))], {}, WOMAN_30).status).toBe('absent');
    expect(of('pregnancy', [observation('82810-3', notPregnant, undefined, dtAgo(8))], {}, WOMAN_30).status).toBe('unknown');
  });

  it('pregnancy: an active Pregnancy condition (Z34.90 / SNOMED 77386006) is present', () => {
    expect(of('pregnancy', [condition(icd10('Z34.90'), { clinicalStatus: 'active' })], {}, WOMAN_30).status).toBe('present');
    expect(of('pregnancy', [condition(snomed('77386006'), { clinicalStatus: 'active' })], {}, WOMAN_30).status).toBe('present');
    expect(of('pregnancy', [condition(icd10('O09.511'), { clinicalStatus: 'resolved' })], {}, WOMAN_30).status).toBe('unknown');
  });

  it('pregnancy: answers win both ways (ClinicianInput)', () => {
    const no = of('pregnancy', [hcg(POSITIVE, 2)], { pregnant: false }, WOMAN_30);
    expect(no.status).toBe('absent');
    expect(no.evidence[0]?.resourceType).toBe('ClinicianInput');
    const yes = of('pregnancy', [], { pregnant: true }, { birthDate: birthDateForAge(30), gender: 'male' });
    expect(yes.status).toBe('present');
    expect(yes.evidence[0]?.resourceType).toBe('ClinicianInput');
  });

  it('pregnancy: a cancelled hCG is ignored', () => {
    expect(of('pregnancy', [observation('2106-3', POSITIVE, undefined, dtAgo(1), { status: 'cancelled' })], {}, WOMAN_30).status).toBe('unknown');
  });
});

describe('spinal-infection', () => {
  it('spinal-infection: is absolute; absent with "none documented" when nothing is recorded (never unknown)', () => {
    const c = of('spinal-infection');
    expect(c.kind).toBe('absolute');
    expect(c.status).toBe('absent');
    expect(c.evidence.map((e) => e.display).join(' ')).toMatch(/none documented/i);
  });

  it.each([['M46.25 vertebral osteomyelitis', 'M46.25'], ['M46.46 discitis', 'M46.46'], ['A41.9 sepsis', 'A41.9'], ['T81.40XA', 'T81.40XA']])(
    'spinal-infection: present with an active %s',
    (_label, code) => {
      expect(of('spinal-infection', [condition(icd10(code), { clinicalStatus: 'active' })]).status).toBe('present');
    },
  );

  it('spinal-infection: a resolved sepsis is absent', () => {
    expect(of('spinal-infection', [condition(icd10('A41.9'), { clinicalStatus: 'resolved' })]).status).toBe('absent');
  });

  it('spinal-infection: answers win both ways', () => {
    expect(of('spinal-infection', [condition(icd10('A41.9'), { clinicalStatus: 'active' })], { activeInfection: false }).status).toBe('absent');
    const yes = of('spinal-infection', [], { activeInfection: true });
    expect(yes.status).toBe('present');
    expect(yes.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('coagulopathy', () => {
  it('coagulopathy: is relative; unknown without labs', () => {
    const c = of('coagulopathy');
    expect(c.kind).toBe('relative');
    expect(c.status).toBe('unknown');
  });

  it('coagulopathy: INR 1.5 and platelets 50 within 30 days: absent', () => {
    expect(of('coagulopathy', [inr(1.5, 30), platelets(50, 30)]).status).toBe('absent');
  });

  it('coagulopathy: INR 1.6 is present', () => {
    expect(of('coagulopathy', [inr(1.6, 3), platelets(200, 3)]).status).toBe('present');
  });

  it('coagulopathy: platelets 49 x10^9/L is present', () => {
    expect(of('coagulopathy', [inr(1.0, 3), platelets(49, 3)]).status).toBe('present');
  });

  it('coagulopathy: platelets 49000 /uL equal 49 (present); 50000 /uL equal 50 (absent)', () => {
    expect(of('coagulopathy', [inr(1.0, 3), platelets(49000, 3, '/uL')]).status).toBe('present');
    expect(of('coagulopathy', [inr(1.0, 3), platelets(50000, 3, '/uL')]).status).toBe('absent');
  });

  it('coagulopathy: only one of INR or platelets within 30 days (and normal) is unknown', () => {
    expect(of('coagulopathy', [inr(1.0, 3)]).status).toBe('unknown');
    expect(of('coagulopathy', [platelets(250, 3)]).status).toBe('unknown');
  });

  it('coagulopathy: labs 31 days old do not count (unknown), even a high INR', () => {
    expect(of('coagulopathy', [inr(1.0, 31), platelets(250, 31)]).status).toBe('unknown');
    expect(of('coagulopathy', [inr(3.0, 31), platelets(250, 3)]).status).toBe('unknown');
  });

  it('coagulopathy: the latest INR within 30 days decides (old high, new normal -> absent)', () => {
    expect(of('coagulopathy', [inr(2.5, 20), inr(1.1, 2), platelets(250, 2)]).status).toBe('absent');
    expect(of('coagulopathy', [inr(1.1, 20), inr(2.5, 2), platelets(250, 2)]).status).toBe('present');
  });

  it('coagulopathy: an active Coagulopathy condition (D68.9) is present even with normal labs; D68.51 (thrombophilia) is not', () => {
    expect(of('coagulopathy', [condition(icd10('D68.9'), { clinicalStatus: 'active' }), inr(1.0, 2), platelets(250, 2)]).status).toBe('present');
    expect(of('coagulopathy', [condition(icd10('D68.51'), { clinicalStatus: 'active' }), inr(1.0, 2), platelets(250, 2)]).status).toBe('absent');
  });

  it('coagulopathy: platelets from a CBC panel component count', () => {
    const panel = observation('58410-2', undefined, undefined, dtAgo(2), { components: [{ code: loinc('777-3'), value: 40, unit: '10*3/uL' }] });
    expect(of('coagulopathy', [inr(1.0, 2), panel]).status).toBe('present');
  });
});

describe('anticoagulant-use', () => {
  it('anticoagulant-use: is relative; absent with "none documented"', () => {
    const c = of('anticoagulant-use');
    expect(c.kind).toBe('relative');
    expect(c.status).toBe('absent');
    expect(c.evidence.map((e) => e.display).join(' ')).toMatch(/none documented/i);
  });

  it('anticoagulant-use: an active warfarin or on-hold apixaban MedicationRequest is present', () => {
    expect(of('anticoagulant-use', [medication('Warfarin Sodium 5 MG Oral Tablet')]).status).toBe('present');
    expect(of('anticoagulant-use', [medication('apixaban 5 MG', { status: 'on-hold' })]).status).toBe('present');
  });

  it('anticoagulant-use: an active clopidogrel MedicationStatement is present', () => {
    expect(of('anticoagulant-use', [medication('Clopidogrel 75 MG', { resourceType: 'MedicationStatement' })]).status).toBe('present');
  });

  it('anticoagulant-use: a stopped or completed anticoagulant is absent', () => {
    expect(of('anticoagulant-use', [medication('Warfarin 5 MG', { status: 'stopped' }), medication('Enoxaparin 40 MG', { status: 'completed' })]).status).toBe('absent');
  });

  it('anticoagulant-use: an active Long-term anticoagulant condition (Z79.01) is present', () => {
    expect(of('anticoagulant-use', [condition(icd10('Z79.01'), { clinicalStatus: 'active' })]).status).toBe('present');
  });

  it('anticoagulant-use: a non-anticoagulant (simvastatin) is absent', () => {
    expect(of('anticoagulant-use', [medication('Simvastatin 20 MG')]).status).toBe('absent');
  });
});

describe('cement-allergy', () => {
  it('cement-allergy: is relative; absent with nothing documented', () => {
    const c = of('cement-allergy');
    expect(c.kind).toBe('relative');
    expect(c.status).toBe('absent');
  });

  it.each(['Methyl methacrylate', 'Bone cement', 'PMMA', 'Iodinated contrast media'])('cement-allergy: an active allergy to "%s" is present', (text) => {
    expect(of('cement-allergy', [allergy(text, { clinicalStatus: 'active' })]).status).toBe('present');
  });

  it('cement-allergy: an allergy to peanuts is absent; a resolved PMMA allergy is absent', () => {
    expect(of('cement-allergy', [allergy('Peanut', { clinicalStatus: 'active' })]).status).toBe('absent');
    expect(of('cement-allergy', [allergy('PMMA', { clinicalStatus: 'resolved' })]).status).toBe('absent');
  });

  it('cement-allergy: answers win both ways', () => {
    expect(of('cement-allergy', [], { cementAllergy: true }).status).toBe('present');
    expect(of('cement-allergy', [allergy('Bone cement', { clinicalStatus: 'active' })], { cementAllergy: false }).status).toBe('absent');
  });
});

describe('neurologic-compromise', () => {
  it('neurologic-compromise: is relative; absent with nothing documented', () => {
    const c = of('neurologic-compromise');
    expect(c.kind).toBe('relative');
    expect(c.status).toBe('absent');
  });

  it.each([['G95.20 cord compression', icd10('G95.20')], ['G99.2 myelopathy', icd10('G99.2')], ['G83.4 cauda equina', icd10('G83.4')], ['SNOMED 1734006', snomed('1734006')]])(
    'neurologic-compromise: present with an active %s',
    (_label, code) => {
      expect(of('neurologic-compromise', [condition(code, { clinicalStatus: 'active' })]).status).toBe('present');
    },
  );

  it('neurologic-compromise: answers win both ways', () => {
    expect(of('neurologic-compromise', [condition(icd10('G99.2'), { clinicalStatus: 'active' })], { neurologicDeficit: false }).status).toBe('absent');
    const yes = of('neurologic-compromise', [], { neurologicDeficit: true });
    expect(yes.status).toBe('present');
    expect(yes.evidence[0]?.resourceType).toBe('ClinicianInput');
  });
});

describe('too-many-levels', () => {
  it('too-many-levels: unknown without levels', () => {
    expect(of('too-many-levels').status).toBe('unknown');
    expect(of('too-many-levels', [], { levels: [] }).status).toBe('unknown');
  });

  it('too-many-levels: 1 to 3 levels absent, 4 present', () => {
    expect(of('too-many-levels', [], { levels: ['L1'] }).status).toBe('absent');
    expect(of('too-many-levels', [], { levels: ['T11', 'T12', 'L1'] }).status).toBe('absent');
    expect(of('too-many-levels', [], { levels: ['T11', 'T12', 'L1', 'L2'] }).status).toBe('present');
  });

  it('too-many-levels: a level outside T1-L5 adds a caution; T1-T4 adds "may need review"; T12 adds neither', () => {
    expect(of('too-many-levels', [], { levels: ['C7'] }).note ?? '').toMatch(/C7.*outside T1-L5/);
    expect(of('too-many-levels', [], { levels: ['S1'] }).note ?? '').toMatch(/outside T1-L5/);
    expect(of('too-many-levels', [], { levels: ['T3'] }).note ?? '').toMatch(/may need review/);
    expect(of('too-many-levels', [], { levels: ['T12'] }).note).toBeUndefined();
  });
});

describe('alternative-pain-source', () => {
  it('alternative-pain-source: is relative; absent with nothing documented', () => {
    const c = of('alternative-pain-source');
    expect(c.kind).toBe('relative');
    expect(c.status).toBe('absent');
  });

  it('alternative-pain-source: knee osteoarthritis (SNOMED 239873007 "Osteoarthritis of knee") is not one', () => {
    expect(of('alternative-pain-source', [condition(snomed('239873007', 'Osteoarthritis of knee'), { clinicalStatus: 'active' })]).status).toBe('absent');
    expect(of('alternative-pain-source', [condition(snomed('239872002', 'Osteoarthritis of hip'), { clinicalStatus: 'active' })]).status).toBe('absent');
  });

  it('alternative-pain-source: ICD M47.816 is present', () => {
    const c = of('alternative-pain-source', [condition(icd10('M47.816'), { id: 'spond', clinicalStatus: 'active' })]);
    expect(c.status).toBe('present');
    expect(c.evidence.map((e) => e.id)).toContain('spond');
  });

  it('alternative-pain-source: "Lumbar spondylosis" by text alone is present', () => {
    expect(of('alternative-pain-source', [condition(null, { text: 'Lumbar spondylosis', clinicalStatus: 'active' })]).status).toBe('present');
  });

  it('alternative-pain-source: "Degenerative disc disease" and "Facet arthritis" by text are present', () => {
    expect(of('alternative-pain-source', [condition(null, { text: 'Degenerative disc disease', clinicalStatus: 'active' })]).status).toBe('present');
    expect(of('alternative-pain-source', [condition(null, { text: 'Facet joint arthritis', clinicalStatus: 'active' })]).status).toBe('present');
  });

  it('alternative-pain-source: disc degeneration M51.36 present; resolved M47.816 absent', () => {
    expect(of('alternative-pain-source', [condition(icd10('M51.36'), { clinicalStatus: 'active' })]).status).toBe('present');
    expect(of('alternative-pain-source', [condition(icd10('M47.816'), { clinicalStatus: 'resolved' })]).status).toBe('absent');
  });
});

describe('contraindications: dates', () => {
  it('pregnancy: a positive hCG dated after asOf is ignored', () => {
    expect(of('pregnancy', [hcg(POSITIVE, -1)], {}, WOMAN_30).status).toBe('unknown');
  });

  it('anticoagulant-use: an anticoagulant ordered after asOf is ignored', () => {
    expect(of('anticoagulant-use', [medication('Warfarin 5 MG', { date: `${daysAgo(-3)}T09:00:00Z` })]).status).toBe('absent');
  });
});
