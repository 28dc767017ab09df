// Invariants of OperationOutcome entries inside Bundles: random outcome shapes never throw, and an entry
// saying results were left out can only make the assessment more cautious, never less.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import type { Answers } from '../../src/clinical/types';
import { CONTRAINDICATIONS } from '../../src/clinical/contraindications';
import { recordFromBundle } from '../../src/fhir/bundle';
import { omissionTexts } from '../../src/fhir/search-outcomes';
import { answers, patient, resource } from './arbitraries';

const ASOF = '2026-11-24';
const RUNS = { numRuns: 100 };

const issue = fc.record(
  {
    severity: fc.oneof(fc.constantFrom('information', 'warning', 'error', 'fatal', 'WARNING', ''), fc.anything()),
    code: fc.oneof(fc.constantFrom('suppressed', 'incomplete', 'informational'), fc.anything()),
    diagnostics: fc.oneof(fc.string({ maxLength: 40 }), fc.anything()),
    details: fc.oneof(fc.record({ text: fc.string({ maxLength: 40 }) }), fc.anything()),
  },
  { requiredKeys: [] },
);
/** Outcome entries as servers (and broken servers) send them. */
const outcomeEntry = fc.record(
  {
    resource: fc.oneof(fc.record({ resourceType: fc.constant('OperationOutcome'), issue: fc.oneof(fc.array(issue, { maxLength: 3 }), fc.anything()) }), fc.anything()),
    search: fc.oneof(fc.constant({ mode: 'outcome' }), fc.record({ mode: fc.anything() }), fc.anything()),
  },
  { requiredKeys: [] },
);
const seriousOutcome = fc.record({
  resource: fc.record({ resourceType: fc.constant('OperationOutcome'), issue: fc.tuple(issue, fc.constantFrom('warning', 'error', 'fatal')).map(([i, severity]) => [{ ...i, severity }]) }),
  search: fc.constant({ mode: 'outcome' }),
});

const searchset = (resources: unknown[], extra: unknown[], self?: string) => ({
  resourceType: 'Bundle', type: 'searchset',
  ...(self ? { link: [{ relation: 'self', url: self }] } : {}),
  entry: [...resources.map((r) => ({ resource: r, search: { mode: 'match' } })), ...extra],
});

const RANK = { absent: 0, present: 1, unknown: 1 } as Record<string, number>;

describe('properties of outcome entries', () => {
  it('random outcome entries never throw, in the Bundle reader or the outcome reader', () => {
    fc.assert(fc.property(patient, fc.array(resource('Patient/p1'), { maxLength: 10 }), fc.array(outcomeEntry, { maxLength: 4 }), (p, resources, outcomes) => {
      const bundle = searchset([p, ...resources], outcomes, 'https://ehr.example/r4/Condition?patient=p1');
      expect(() => omissionTexts(bundle)).not.toThrow();
      const record = recordFromBundle(bundle);
      expect(assess(record, {}, ASOF).contraindications).toHaveLength(CONTRAINDICATIONS.length);
    }), RUNS);
  });

  it('a warning, error or fatal outcome entry never turns not-candidate into candidate, nor any contraindication into "absent"', () => {
    fc.assert(fc.property(
      patient, fc.array(resource('Patient/p1'), { maxLength: 12 }), seriousOutcome, fc.constantFrom('Condition', 'MedicationRequest', 'AllergyIntolerance', undefined), answers,
      (p, resources, outcome, type, a) => {
        const self = type ? `https://ehr.example/r4/${type}?patient=p1` : undefined;
        const before = assess(recordFromBundle(searchset([p, ...resources], [], self)), a as Answers, ASOF);
        const after = assess(recordFromBundle(searchset([p, ...resources], [outcome], self)), a as Answers, ASOF);
        if (before.verdict !== 'candidate') expect(after.verdict).not.toBe('candidate');
        for (const c of after.contraindications) {
          const earlier = before.contraindications.find((b) => b.id === c.id)!;
          expect(RANK[c.status] ?? 1).toBeGreaterThanOrEqual(RANK[earlier.status] ?? 1);
        }
        // Reported: a gap line names the outcome (one line per type, so an outcome already in the resources may share it).
        expect(after.dataGaps.length).toBeGreaterThanOrEqual(Math.max(1, before.dataGaps.length));
      },
    ), RUNS);
  });
});
