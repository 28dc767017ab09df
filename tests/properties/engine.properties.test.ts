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
const pregnancy = { resourceType: 'Condition', id: 'preg', subject: { reference: 'Patient/p1' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'Z34.00' }] } };

describe('properties of the loader and the engine', () => {
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
    const leaning: Answers = { vcf: true, onsetDate: '2026-11-01', imagingConfirmsAcute: true, painScore: 8, conservativeCareTried: true, painWorsening: true, painAttributable: true, pregnant: false, activeInfection: false };
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

  it('never turns an absolute contraindication into candidate by adding resources', () => {
    fc.assert(fc.property(fc.array(resource('Patient/p1'), { maxLength: 25 }), (resources) => {
      const young = { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1990-01-01' };
      const assessment = assess(recordFromBundle(bundleOf([young, pregnancy, ...resources])), {}, ASOF);
      expect(assessment.contraindications.find((c) => c.id === 'pregnancy')!.status).toBe('present');
      expect(assessment.verdict).toBe('not-candidate');
    }), RUNS);
  });
});
