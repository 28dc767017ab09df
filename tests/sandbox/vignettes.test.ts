// The hand-built vignettes are data the engine's tests trust: check that each record is
// well-formed, stays relative to "today", and carries the facts its expectation relies on.
import { describe, expect, it } from 'vitest';
import type { Condition, Encounter, Observation, Patient, Resource } from 'fhir/r4';
import { VIGNETTES, WORKUP_IDS, findVignette } from '../../sandbox/patients/index';
import { ageInYears } from '../../sandbox/patient-directory';

const TODAY = new Date('2026-11-24T15:00:00Z');
const DAY = 86_400_000;

function references(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => references(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === 'reference' && typeof child === 'string') found.push(child);
      else references(child, found);
    }
  }
  return found;
}

function dates(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) found.push(value);
  else if (Array.isArray(value)) value.forEach((v) => dates(v, found));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => dates(v, found));
  return found;
}

/** Whole calendar days between the date's day and today's. */
const daysAgo = (date: string | undefined) => (Date.parse(TODAY.toISOString().slice(0, 10)) - Date.parse((date ?? '').slice(0, 10))) / DAY;
const ofType = <T extends Resource>(resources: Resource[], type: T['resourceType']) => resources.filter((r): r is T => r.resourceType === type);
const hasCode = (r: { code?: { coding?: Array<{ system?: string; code?: string }> } }, system: string, code: string) =>
  r.code?.coding?.some((c) => c.system === system && c.code === code) ?? false;

describe.each(VIGNETTES.map((v) => [v.id, v] as const))('%s', (id, vignette) => {
  const resources = vignette.build(TODAY);

  it('starts with its Patient, named as listed, and gives every resource a unique id', () => {
    const patient = resources[0] as Patient;
    expect(patient.resourceType).toBe('Patient');
    expect(patient.id).toBe(id);
    const official = patient.name?.[0];
    expect([...(official?.given ?? []), official?.family].join(' ')).toBe(vignette.name);
    const ids = resources.map((r) => `${r.resourceType}/${r.id}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('only references resources of its own record (or contained ones)', () => {
    const ids = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
    for (const ref of references(resources)) {
      if (ref.startsWith('#')) continue;
      expect(ids.has(ref), ref).toBe(true);
    }
  });

  it('is dated relative to today: nothing in the future except the deliberate messy record', () => {
    const future = resources.filter((r) => dates(r).some((d) => Date.parse(d) > TODAY.getTime()));
    expect(future.length).toBe(id === 'vcf-messy' ? 1 : 0);
    const later = vignette.build(new Date(TODAY.getTime() + 10 * DAY));
    const firstDate = (rs: Resource[]) => Date.parse(dates(rs.slice(1))[0] ?? '');
    expect((firstDate(later) - firstDate(resources)) / DAY).toBe(10);
  });

  it('has a consistent expectation', () => {
    const e = vignette.expected;
    const order = (ids: string[]) => ids.map((w) => WORKUP_IDS.indexOf(w as (typeof WORKUP_IDS)[number]));
    for (const list of [e.missingWorkup, e.outdatedWorkup]) {
      expect(order(list).every((i) => i >= 0)).toBe(true);
      expect(order(list)).toEqual([...order(list)].sort((a, b) => a - b));
    }
    expect(e.missingWorkup.filter((w) => e.outdatedWorkup.includes(w))).toEqual([]);
    expect(Boolean(e.confirmAnswers)).toBe(Boolean(e.verdictAfterConfirm));
    if (e.verdictFromRecord === 'not-candidate') expect(e.verdictAfterConfirm).toBeUndefined();
  });
});

describe('the facts each expectation rests on', () => {
  const build = (id: string) => findVignette(id)?.build(TODAY) ?? [];
  const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
  const conditionOnset = (id: string, code: string) =>
    daysAgo(ofType<Condition>(build(id), 'Condition').find((c) => hasCode(c, ICD, code))?.onsetDateTime);

  it('(a) osteoporotic: acute fracture, latest pain 7 within 14 days after an earlier 5', () => {
    expect(conditionOnset('vcf-osteoporotic', 'M80.08XA')).toBe(21);
    const pain = ofType<Observation>(build('vcf-osteoporotic'), 'Observation')
      .filter((o) => hasCode(o, 'http://loinc.org', '72514-3'))
      .map((o) => [daysAgo(o.effectiveDateTime), o.valueQuantity?.value]);
    expect(pain.sort((x, y) => Number(y[0]) - Number(x[0]))).toEqual([[16, 5], [2, 7]]);
  });

  it('(c) hospitalized: an in-progress inpatient encounter', () => {
    const encounters = ofType<Encounter>(build('vcf-hospitalized'), 'Encounter');
    expect(encounters.some((e) => e.status === 'in-progress' && e.class.code === 'IMP')).toBe(true);
  });

  it('(d) malignant: myeloma C90.00 and fracture M84.58XA, both active', () => {
    expect(conditionOnset('vcf-myeloma', 'C90.00')).toBeGreaterThan(84);
    expect(conditionOnset('vcf-myeloma', 'M84.58XA')).toBe(15);
  });

  it('(e) chronic: the only fracture began more than 84 days ago', () => {
    expect(conditionOnset('vcf-chronic', 'M80.08XA')).toBeGreaterThan(84);
  });

  it('(f) pregnancy: a woman of 34 with a positive hCG 2 days ago and a traumatic fracture', () => {
    const resources = build('vcf-pregnant');
    const patient = resources[0] as Patient;
    expect(patient.gender).toBe('female');
    expect(ageInYears(patient.birthDate, TODAY)).toBe(34);
    const hcg = ofType<Observation>(resources, 'Observation').find((o) => hasCode(o, 'http://loinc.org', '2106-3'));
    expect(hcg?.valueCodeableConcept?.coding?.[0]?.code).toBe('10828004');
    expect(daysAgo(hcg?.effectiveDateTime)).toBe(2);
    expect(conditionOnset('vcf-pregnant', 'S32.010A')).toBe(7);
  });

  it('(g) infection: active discitis M46.46', () => {
    const discitis = ofType<Condition>(build('vcf-discitis'), 'Condition').find((c) => hasCode(c, ICD, 'M46.46'));
    expect(discitis?.clinicalStatus?.coding?.[0]?.code).toBe('active');
  });

  it('(h) warfarin: INR 2.8 within 30 days and an active warfarin order', () => {
    const resources = build('vcf-warfarin');
    const inr = ofType<Observation>(resources, 'Observation').find((o) => hasCode(o, 'http://loinc.org', '6301-6'));
    expect(inr?.valueQuantity?.value).toBe(2.8);
    expect(daysAgo(inr?.effectiveDateTime)).toBeLessThan(30);
    expect(JSON.stringify(resources)).toMatch(/Warfarin/);
  });

  it('(i) messy: partial birth date, platelets in /uL, a contained Medication, refuted and entered-in-error entries', () => {
    const resources = build('vcf-messy');
    expect((resources[0] as Patient).birthDate).toMatch(/^\d{4}-\d{2}$/);
    const platelets = ofType<Observation>(resources, 'Observation').find((o) => hasCode(o, 'http://loinc.org', '777-3'));
    expect(platelets?.valueQuantity).toMatchObject({ value: 45000, code: '/uL' });
    const statuses = ofType<Condition>(resources, 'Condition').map((c) => c.verificationStatus?.coding?.[0]?.code);
    expect(statuses).toEqual(expect.arrayContaining(['refuted', 'entered-in-error']));
    expect(JSON.stringify(resources)).toContain('"contained":[{"resourceType":"Medication"');
    expect(ofType<Observation>(resources, 'Observation').some((o) => !o.effectiveDateTime && !o.issued)).toBe(true);
  });
});
