// Bounded input: multi-megabyte strings in any displayed field and 100,000-entry arrays anywhere never crash
// record building, the engine or the summary, and nothing longer than the display bound reaches the record.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { summaryText } from '../../src/clinical/summary';
import { recordFromBundle } from '../../src/fhir/bundle';
import { MAX_TEXT, TRUNCATION_MARKER } from '../../src/fhir/narrow';
import { bundleOf } from './arbitraries';

const ASOF = '2026-11-24';
const MB = 1024 * 1024;
const p1 = { reference: 'Patient/p1' };

/** Every string held anywhere in a value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** A record with `text` in every displayed field of every resource type the loader reads. */
function resourcesCarrying(text: string): unknown[] {
  const concept = { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA', display: text }], text };
  return [
    { resourceType: 'Patient', id: 'p1', birthDate: '1950-01-01', gender: 'female', name: [{ text }, { given: [text, text], family: text, use: 'official' }] },
    { resourceType: 'Condition', id: text, subject: p1, code: concept, clinicalStatus: { coding: [{ code: text }], text }, onsetDateTime: text },
    { resourceType: 'Observation', id: 'o1', subject: p1, status: text, code: { coding: [{ system: 'http://loinc.org', code: '72514-3', display: text }], text }, valueString: text, effectiveDateTime: '2026-11-20' },
    { resourceType: 'Observation', id: 'o2', subject: p1, status: 'final', code: concept, valueQuantity: { value: 8, unit: text, code: text }, effectiveDateTime: '2026-11-20', component: [{ code: concept, valueString: text }] },
    { resourceType: 'DiagnosticReport', id: 'd1', subject: p1, status: 'final', code: concept, description: text, effectiveDateTime: '2026-11-20' },
    { resourceType: 'ImagingStudy', id: 'i1', subject: p1, status: 'available', description: text, procedureCode: [concept], series: [{ description: text, bodySite: { display: text }, modality: { code: text } }], started: '2026-11-20' },
    { resourceType: 'Procedure', id: 'pr1', subject: p1, status: 'completed', code: concept, performedDateTime: '2026-11-01' },
    { resourceType: 'MedicationRequest', id: 'm1', subject: p1, status: 'active', medicationReference: { reference: '#med', display: text }, contained: [{ resourceType: 'Medication', id: 'med', code: concept }], authoredOn: '2026-11-01' },
    { resourceType: 'MedicationStatement', id: 'm2', subject: p1, status: 'active', medicationCodeableConcept: concept, effectiveDateTime: '2026-11-01' },
    { resourceType: 'ServiceRequest', id: 's1', subject: p1, status: 'active', code: concept, authoredOn: '2026-11-01' },
    { resourceType: 'AllergyIntolerance', id: 'a1', patient: p1, code: concept },
    { resourceType: 'Encounter', id: 'e1', subject: p1, status: 'in-progress', type: [concept], class: { code: text }, period: { start: '2026-11-20' } },
    { resourceType: 'CarePlan', id: 'cp1', subject: p1, status: 'active', activity: [{ detail: { code: concept, status: text } }] },
    { resourceType: 'DeviceRequest', id: 'dr1', subject: p1, status: 'active', codeCodeableConcept: concept },
  ];
}

/** Characters that make up a hostile huge string: letters, line breaks, bidi overrides, astral characters. */
const piece = fc.constantFrom('x', 'vertebral fracture ', '\n', '\r\n', '\u202e', '\u2066', '😀', '<script>', '\u0000');

describe('bounded input', () => {
  it('keeps every string of the record within the display bound, whatever the size of the field', () => {
    fc.assert(fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 8 }), (pieces, megabytes) => {
      const unit = pieces.join('');
      const huge = unit.repeat(Math.ceil((megabytes * MB) / unit.length));
      const record = recordFromBundle(bundleOf(resourcesCarrying(huge)));
      const longest = Math.max(...strings(record).map((s) => s.length));
      expect(longest).toBeLessThanOrEqual(MAX_TEXT + TRUNCATION_MARKER.length);
      expect(record.patient.name!.endsWith(TRUNCATION_MARKER)).toBe(true);
      const summary = summaryText(assess(record, {}, ASOF));
      expect(summary.length).toBeLessThan(200_000);
    }), { numRuns: 8 });
  }, 120_000);

  it('builds a record whose name is made of two 300-million-character strings (together over the engine\'s string limit)', () => {
    const huge = 'x'.repeat(300_000_000);
    const record = recordFromBundle(bundleOf([{ resourceType: 'Patient', id: 'p1', name: [{ given: [huge], family: huge }] }]));
    expect(record.patient.name).toBe(`${'x'.repeat(MAX_TEXT)}${TRUNCATION_MARKER}`);
  }, 60_000);

  it('builds, assesses and summarises records with 100,000-entry arrays anywhere', () => {
    const N = 100_000;
    const many = <T>(make: (i: number) => T) => Array.from({ length: N }, (_, i) => make(i));
    const sites: Record<string, () => unknown[]> = {
      'bundle entries': () => many((i) => ({ resourceType: 'Observation', id: `o${i}`, subject: p1, status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, valueQuantity: { value: i % 11 }, effectiveDateTime: '2026-11-20' })),
      'codings of one condition': () => [{ resourceType: 'Condition', id: 'c', subject: p1, code: { coding: many((i) => ({ system: 'http://snomed.info/sct', code: String(i), display: `code ${i}` })) } }],
      'given names': () => [{ resourceType: 'Patient', id: 'p1', name: [{ given: many((i) => `Name${i}`), family: 'Long' }] }],
      'components of one observation': () => [{ resourceType: 'Observation', id: 'bp', subject: p1, code: { text: 'Blood pressure' }, component: many((i) => ({ code: { text: `c${i}` }, valueQuantity: { value: i } })) }],
      'series of one study': () => [{ resourceType: 'ImagingStudy', id: 'is', subject: p1, series: many((i) => ({ description: `series ${i}`, modality: { code: 'MR' }, bodySite: { display: 'Lumbar spine' } })) }],
      'activities of one care plan': () => [{ resourceType: 'CarePlan', id: 'cp', subject: p1, status: 'active', activity: many((i) => ({ detail: { code: { text: `activity ${i}` } } })) }],
      'contained resources': () => [{ resourceType: 'MedicationRequest', id: 'mr', subject: p1, medicationReference: { reference: '#m99999' }, contained: many((i) => ({ resourceType: 'Medication', id: `m${i}`, code: { text: `med ${i}` } })) }],
      'a non-object array in place of entries': () => many((i) => i),
    };
    fc.assert(fc.property(fc.constantFrom(...Object.keys(sites)), (site) => {
      const extra = sites[site]!();
      const hasPatient = extra.some((r) => (r as { resourceType?: string }).resourceType === 'Patient');
      const record = recordFromBundle(bundleOf([...(hasPatient ? [] : [{ resourceType: 'Patient', id: 'p1' }]), ...extra]));
      const assessment = assess(record, {}, ASOF);
      expect(['candidate', 'not-candidate', 'needs-information']).toContain(assessment.verdict);
      expect(summaryText(assessment).split('\n')[2]).toMatch(/^Verdict: /);
      if (site === 'given names') expect(record.patient.name!.length).toBeLessThanOrEqual(MAX_TEXT + TRUNCATION_MARKER.length);
    }), { numRuns: 8 });
  }, 120_000);
});
