// clinical-rules.md §0 Reading the record and the preamble: asOf, ignored records, observation dates, age, onset.
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { ageOn, dayOf, daysBetween, isWithinDays } from '../../src/clinical/dates';
import {
  AS_OF,
  CANDIDATE_ANSWERS,
  UNSITED_OSTEOPOROTIC_FRACTURE,
  VCF_ICD,
  condition,
  contra,
  criterion,
  daysAgo,
  dtAgo,
  dxaTScore,
  encounter,
  inr,
  MAN_76,
  medication,
  patient,
  observation,
  pain,
  platelets,
  procedure,
  cpt,
  recordOf,
  run,
  snomed,
  workupItem,
} from './builders';

describe('records dated after asOf are ignored (preamble)', () => {
  it('asOf: a vertebral fracture with onset tomorrow is ignored (vcf unknown)', () => {
    const a = run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', onset: `${daysAgo(-1)}T08:00:00Z` })] });
    expect(criterion(a, 'vcf').status).toBe('unknown');
    expect(criterion(a, 'vcf').evidence).toEqual([]);
  });

  it('asOf: the same fracture is met when assessed a day later', () => {
    const resources = [condition(VCF_ICD, { clinicalStatus: 'active', onset: `${daysAgo(-1)}T08:00:00Z` })];
    expect(criterion(run({ resources, asOf: daysAgo(-1) }), 'vcf').status).toBe('met');
  });

  it('asOf: a fracture recorded (no onset) after asOf is ignored', () => {
    expect(criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', recordedDate: daysAgo(-2) })] }), 'vcf').status).toBe('unknown');
  });

  it('asOf: a pain score of 9 dated tomorrow is ignored; the older one decides', () => {
    const a = run({ resources: [pain(3, 2), pain(9, -1)] });
    expect(criterion(a, 'severe-pain').status).toBe('not-met');
  });

  it('asOf: an in-progress IMP Encounter starting after asOf is not a hospital stay', () => {
    expect(run({ resources: [encounter('IMP', 'in-progress', dtAgo(-1))] }).hospitalized).toBe(false);
  });

  it('asOf: an analgesic ordered after asOf is not conservative care; a spine X-ray after asOf is not workup', () => {
    const a = run({ resources: [medication('Ibuprofen 400 MG', { date: dtAgo(-5) }), procedure(cpt('72100'), dtAgo(-5))] });
    expect(criterion(a, 'conservative-care').status).toBe('unknown');
    expect(workupItem(a, 'spine-xray').status).toBe('missing');
  });
});

describe('partial FHIR dates (YYYY, YYYY-MM) against asOf', () => {
  // FHIR date/dateTime may be partial. dayOf() in src/clinical/dates.ts only reads YYYY-MM-DD, so isAfter() and
  // isDeceased() treat a partial date as no date at all. See report.
  it("asOf: a vertebral fracture with onset '2027-03' (after asOf) is ignored", () => {
    const a = run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', onset: '2027-03' })] });
    expect(criterion(a, 'vcf').status).toBe('unknown');
  });

  it("asOf: a DXA T-score dated '2027' (after asOf) does not document osteoporosis", () => {
    expect(criterion(run({ resources: [dxaTScore(-3.0, '2027')] }), 'osteoporosis').status).toBe('unknown');
  });

  it("deceased: deceasedDateTime '2019' (before asOf) is deceased, so not-candidate", () => {
    const a = run({ patient: { birthDate: '1940-01-01', gender: 'male', deceasedDateTime: '2019' }, answers: CANDIDATE_ANSWERS });
    expect(a.patient.deceased).toBe(true);
    expect(a.verdict).toBe('not-candidate');
  });

  it('deceased: a full deceasedDateTime before asOf is deceased (control for the partial-date case)', () => {
    expect(run({ patient: { birthDate: '1940-01-01', gender: 'male', deceasedDateTime: '2019-05-01' } }).patient.deceased).toBe(true);
  });
});

describe('ignored records (§0 active condition, usable observation)', () => {
  it('entered-in-error and refuted vertebral fractures are ignored (vcf unknown)', () => {
    for (const verificationStatus of ['entered-in-error', 'refuted']) {
      const a = run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', verificationStatus, onset: dtAgo(5) })] });
      expect(criterion(a, 'vcf').status, verificationStatus).toBe('unknown');
      expect(criterion(a, 'fracture-age').status, verificationStatus).toBe('unknown');
    }
  });

  it('a confirmed vertebral fracture counts; an inactive one does not', () => {
    expect(criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', verificationStatus: 'confirmed' })] }), 'vcf').status).toBe('met');
    expect(criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'inactive' })] }), 'vcf').status).toBe('unknown');
  });

  it('recurrence and relapse are active', () => {
    expect(criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'recurrence' })] }), 'vcf').status).toBe('met');
    expect(criterion(run({ resources: [condition(VCF_ICD, { clinicalStatus: 'relapse' })] }), 'vcf').status).toBe('met');
  });

  it('a refuted osteoporosis condition does not document osteoporosis', () => {
    expect(criterion(run({ resources: [condition(snomed('64859006'), { clinicalStatus: 'active', verificationStatus: 'refuted' })] }), 'osteoporosis').status).toBe('unknown');
  });

  it('cancelled, entered-in-error and registered pain scores are ignored; preliminary and amended count', () => {
    for (const status of ['cancelled', 'entered-in-error', 'registered']) {
      expect(criterion(run({ resources: [pain(9, 1, { status })] }), 'severe-pain').status, status).toBe('unknown');
    }
    for (const status of ['preliminary', 'amended', 'corrected']) {
      expect(criterion(run({ resources: [pain(9, 1, { status })] }), 'severe-pain').status, status).toBe('met');
    }
  });

  it('a cancelled INR does not make coagulopathy present', () => {
    const a = run({ resources: [observation('6301-6', 3.0, '{INR}', dtAgo(1), { status: 'cancelled' }), inr(1.0, 2), platelets(200, 2)] });
    expect(contra(a, 'coagulopathy').status).toBe('absent');
  });

  // The spec (§0) reads refuted / entered-in-error conditions as not there; the vcf rule shows a 443165006 as evidence
  // only because it *is* an osteoporotic fracture of unknown site. A refuted one is not. See report: evaluateVcf.
  it('vcf: an entered-in-error 443165006 is not shown as evidence (no "site not stated" note)', () => {
    const a = run({ resources: [condition(UNSITED_OSTEOPOROTIC_FRACTURE, { id: 'eie', clinicalStatus: 'active', verificationStatus: 'entered-in-error' })] });
    const vcf = criterion(a, 'vcf');
    expect(vcf.status).toBe('unknown');
    expect(vcf.evidence).toEqual([]);
    expect(vcf.note).toBeUndefined();
  });
});

describe('observation dates (§0)', () => {
  it('date: effectivePeriod.end, effectivePeriod.start, effectiveInstant and issued are dates', () => {
    for (const dateAs of ['periodEnd', 'periodStart', 'effectiveInstant', 'issued'] as const) {
      const a = run({ resources: [observation('72514-3', 8, '{score}', dtAgo(3), { dateAs })] });
      expect(criterion(a, 'severe-pain').status, dateAs).toBe('met');
    }
  });

  it('date: an observation without a date is evidence but satisfies no window (pain-score outdated, not done)', () => {
    const undated = observation('72514-3', 8, '{score}', undefined, { id: 'nodate' });
    const a = run({ resources: [undated] });
    expect(criterion(a, 'severe-pain').status).toBe('unknown');
    const w = workupItem(a, 'pain-score');
    expect(w.status).toBe('outdated');
    expect(w.evidence.map((e) => e.id)).toEqual(['nodate']);
  });

  it('date: an undated DXA T-score of -3.0 documents osteoporosis (any date) but is no recent bone-density result', () => {
    const a = run({ resources: [dxaTScore(-3.0, undefined)] });
    expect(criterion(a, 'osteoporosis').status).toBe('met');
    expect(workupItem(a, 'bone-density').status).toBe('outdated');
  });

  it('date: an undated INR does not count within 30 days', () => {
    const a = run({ resources: [observation('6301-6', 3.0, '{INR}', undefined), platelets(200, 1)] });
    expect(contra(a, 'coagulopathy').status).toBe('unknown');
  });

  it('date: a dateTime with a time zone is read on its own calendar day (window edge)', () => {
    // 14 days ago late in the evening at -05:00 is still day 14
    const a = run({ resources: [observation('72514-3', 8, '{score}', `${daysAgo(14)}T23:30:00-05:00`)] });
    expect(criterion(a, 'severe-pain').status).toBe('met');
  });
});

describe('condition onset (§0)', () => {
  it('onset: onsetAge is converted with the birth date (onset age 76 for a man born 1950-03-10 is 2026: acute/chronic by it)', () => {
    // Born 1950-03-10: onsetAge 76 places the onset in 2026-03-10 .. 2027-03-09; the earliest (2026-03-10) is 259 days before asOf.
    const a = run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', onsetAge: 76 })] });
    expect(criterion(a, 'fracture-age').status).not.toBe('met');
  });

  it('onset: onsetAge 60 is long ago: chronic (not-met)', () => {
    const a = run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', onsetAge: 60 })] });
    expect(criterion(a, 'fracture-age').status).toBe('not-met');
  });

  it('onset: onsetDateTime wins over recordedDate', () => {
    const a = run({ resources: [condition(VCF_ICD, { clinicalStatus: 'active', onset: dtAgo(10), recordedDate: daysAgo(300) })] });
    expect(criterion(a, 'fracture-age').status).toBe('met');
  });
});

describe('age and sex (§0)', () => {
  it('age: whole years to asOf, sex reported', () => {
    const a = run({ patient: { birthDate: '1956-11-24', gender: 'female' } });
    expect(a.patient.age).toBe(70);
    expect(a.patient.sex).toBe('female');
    expect(a.asOf).toBe(AS_OF);
  });

  it("age: partial birth date '1950' is approximate and the youngest possible age", () => {
    const a = run({ patient: { birthDate: '1950', gender: 'male' } });
    expect(a.patient).toMatchObject({ age: 75, ageApproximate: true, birthDate: '1950' });
  });

  it("age: partial birth date '1971' (youngest possible 54) could still be pregnant; '1970' (55) cannot", () => {
    const a = run({ patient: { birthDate: '1971', gender: 'female' } });
    expect(a.patient.age).toBe(54);
    expect(contra(run({ patient: { birthDate: '1970', gender: 'female' } }), 'pregnancy').status).toBe('absent');
    expect(contra(a, 'pregnancy').status).toBe('unknown');
  });
});

describe('dates.ts (calendar arithmetic behind every window)', () => {
  it('dayOf: valid calendar days only (leap years by the Gregorian rule)', () => {
    expect(dayOf('2024-02-29')).toBe('2024-02-29');
    expect(dayOf('2000-02-29T10:00:00Z')).toBe('2000-02-29');
    expect(dayOf('1900-02-29')).toBeUndefined();
    expect(dayOf('2026-02-30')).toBeUndefined();
    expect(dayOf('2026-13-01')).toBeUndefined();
    expect(dayOf('2026-11-24T23:30:00-05:00')).toBe('2026-11-24');
  });

  it('daysBetween: agrees with UTC Date arithmetic across leap years and centuries', () => {
    const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
    const days = ['1899-12-31', '1900-02-28', '1900-03-01', '1970-01-01', '1999-12-31', '2000-02-29', '2000-03-01', '2024-02-29', '2026-11-24', '2100-03-01'];
    for (const a of days) for (const b of days) expect(daysBetween(a, b), `${a} -> ${b}`).toBe(utc(b) - utc(a));
  });

  it('isWithinDays: asOf - N <= date <= asOf, inclusive at both ends; future and undated are outside', () => {
    expect(isWithinDays(daysAgo(30), AS_OF, 30)).toBe(true);
    expect(isWithinDays(daysAgo(31), AS_OF, 30)).toBe(false);
    expect(isWithinDays(AS_OF, AS_OF, 0)).toBe(true);
    expect(isWithinDays(daysAgo(-1), AS_OF, 30)).toBe(false);
    expect(isWithinDays(undefined, AS_OF, 30)).toBe(false);
  });

  it('ageOn: full birth date exact; partial gives the youngest possible age, approximate', () => {
    expect(ageOn('1956-11-24', AS_OF)).toEqual({ age: 70, approximate: false });
    expect(ageOn('1956-11-25', AS_OF)).toEqual({ age: 69, approximate: false });
    expect(ageOn('1956', AS_OF)).toEqual({ age: 69, approximate: true });
    expect(ageOn('1955', AS_OF)).toEqual({ age: 70, approximate: true });
    expect(ageOn('1956-10', AS_OF)).toEqual({ age: 70, approximate: true });
    expect(ageOn(undefined, AS_OF)).toBeUndefined();
  });
});

describe('assess is pure (assessment.md: record + answers + asOf in, assessment out)', () => {
  // facts.ts caches a LOINC index per observations array (WeakMap keyed by the array). A record whose observations
  // array grows in place after a first evaluation is evaluated against the stale index. See report.
  it('a pain score pushed into the same record after a first evaluation is seen by the next one', () => {
    const record = recordOf(patient(MAN_76), pain(2, 3));
    expect(criterion(assess(record, {}, AS_OF), 'severe-pain').status).toBe('not-met');
    record.observations.push(...recordOf(patient(MAN_76), pain(9, 1)).observations);
    expect(criterion(assess(record, {}, AS_OF), 'severe-pain').status).toBe('met');
  });

  it('the same record evaluated twice, and on two asOf dates, gives consistent results', () => {
    const record = recordOf(patient(MAN_76), pain(9, 3), pain(2, 30));
    expect(criterion(assess(record, {}, AS_OF), 'severe-pain').status).toBe('met');
    expect(criterion(assess(record, {}, daysAgo(20)), 'severe-pain').status).toBe('not-met');
    expect(criterion(assess(record, {}, AS_OF), 'severe-pain').status).toBe('met');
  });
});
