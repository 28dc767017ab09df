// Invariants over structurally random and hostile FHIR: the loader and the engine never throw,
// are deterministic, and never give a false "candidate".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { emptyRecord } from '../../src/clinical/record';
import type { Answers } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import { answers, bundleOf, patient, resource } from './arbitraries';

const ASOF = '2026-11-24';
const RUNS = { numRuns: 300 };
// v2: pregnancy is decided by the newest evidence, so a newer negative test can rightly undo it. Spinal
// infection (an active condition) and under-18 (the birth date) are absolute contraindications no added record can undo.
const infection = {
  resourceType: 'Condition', id: 'osteomyelitis', subject: { reference: 'Patient/p1' },
  clinicalStatus: { coding: [{ system: 'urn:oid:1.2.3', code: 'A' }, { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M46.26' }] },
};

// CPU-bound: on a loaded 2-core machine 300 runs can exceed vitest's default 5 s; the limit only stops a hang.
describe('properties of the loader and the engine', { timeout: 60_000 }, () => {
  it('never throws on random and malformed resources, and returns every spec id', () => {
    fc.assert(fc.property(patient, fc.array(fc.oneof(resource('Patient/p1'), fc.anything()), { maxLength: 25 }), answers, (p, resources, a) => {
      const record = recordFromBundle(bundleOf([p, ...resources]));
      const assessment = assess(record, a as Answers, ASOF);
      expect(assessment.criteria).toHaveLength(10);
      expect(assessment.contraindications).toHaveLength(11);
      expect(assessment.workup).toHaveLength(12);
    }), RUNS);
  });

  it('is deterministic: the same record gives the same assessment', () => {
    fc.assert(fc.property(patient, fc.array(resource('Patient/p1'), { maxLength: 20 }), answers, (p, resources, a) => {
      const bundle = bundleOf([p, ...resources]);
      expect(assess(recordFromBundle(bundle), a as Answers, ASOF)).toEqual(assess(recordFromBundle(structuredClone(bundle)), a as Answers, ASOF));
    }), RUNS);
  });

  it('never calls an empty record with no answers a candidate', () => {
    fc.assert(fc.property(patient, (p) => {
      expect(assess(recordFromBundle(bundleOf([p])), {}, ASOF).verdict).not.toBe('candidate');
    }), RUNS);
    expect(assess(emptyRecord({ id: 'x' }), {}, ASOF).verdict).toBe('needs-information');
  });

  it('gives candidate only when every required criterion is met with evidence and every absolute contraindication is absent', () => {
    // Answers that lean towards candidate, so the property is exercised on candidates, not only vacuously.
    const leaning: Answers = { vcf: true, onsetDate: '2026-11-01', imagingConfirmsAcute: true, painScore: 8, conservativeCareTried: true, painWorsening: true, painAttributable: true, pregnant: false, activeInfection: false, unstableFracture: false };
    let candidates = 0;
    fc.assert(fc.property(patient, fc.array(resource('Patient/p1'), { maxLength: 20 }), answers, fc.boolean(), (p, resources, a, lean) => {
      const assessment = assess(recordFromBundle(bundleOf([p, ...resources])), lean ? { ...(a as Answers), ...leaning } : (a as Answers), ASOF);
      if (assessment.verdict !== 'candidate') return;
      candidates++;
      for (const c of assessment.criteria.filter((x) => x.required)) {
        expect(c.status).toBe('met');
        expect(c.evidence.length).toBeGreaterThan(0);
      }
      for (const c of assessment.contraindications.filter((x) => x.kind === 'absolute')) expect(c.status).toBe('absent');
    }), RUNS);
    expect(candidates).toBeGreaterThan(10);
  });

  it('never turns an absolute contraindication into candidate by adding resources (spinal-infection, under-18)', () => {
    const leaning: Answers = { vcf: true, onsetDate: '2026-11-01', imagingConfirmsAcute: true, painScore: 8, conservativeCareTried: true, painWorsening: true, painAttributable: true };
    fc.assert(fc.property(fc.array(resource('Patient/p1'), { maxLength: 25 }), fc.boolean(), (resources, lean) => {
      const adult = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1950-01-01' };
      const withInfection = assess(recordFromBundle(bundleOf([adult, infection, ...resources])), lean ? leaning : {}, ASOF);
      expect(withInfection.contraindications.find((c) => c.id === 'spinal-infection')!.status).toBe('present');
      expect(withInfection.verdict).toBe('not-candidate');
      const child = { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '2014' };
      const minor = assess(recordFromBundle(bundleOf([child, ...resources])), lean ? leaning : {}, ASOF);
      expect(minor.contraindications.find((c) => c.id === 'under-18')!.status).toBe('present');
      expect(minor.verdict).toBe('not-candidate');
    }), RUNS);
  });
});
