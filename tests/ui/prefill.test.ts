import { describe, expect, it } from 'vitest';
import { prefill } from '../../src/clinical/prefill';
import { recordFromBundle } from '../../src/fhir/bundle';
import { AS_OF, bundle, condition, daysAgo, needsInformationRecord, painScore, patient } from './fixtures';

describe('prefill', () => {
  it('lists what the record gives, each with its source', () => {
    const result = prefill(needsInformationRecord(), AS_OF);
    // v3 conservative-care: care documented is tried, not failed, so the record gives "tried and failed" no value.
    expect(result.answers).toEqual({ vcf: true, onsetDate: daysAgo(21), hospitalized: false, painScore: 7 });
    expect(result.sources.conservativeCareTried?.display).toMatch(/^Conservative care since \d{4}-\d{2}-\d{2} documented; failure: confirm$/);
    expect(result.facts.map((f) => f.id)).toEqual(['age', 'sex', 'vertebral-fracture', 'osteoporosis']);
    expect(result.facts[0]).toMatchObject({ label: 'Age', value: '78' });
    expect(result.sources.painScore?.evidence[0]).toMatchObject({ resourceType: 'Observation', id: 'pain-new', date: daysAgo(2) });
    expect(result.sources.conservativeCareTried?.evidence[0]).toMatchObject({ resourceType: 'MedicationRequest', id: 'med1' });
    expect(result.sources.onsetDate?.evidence[0]).toMatchObject({ resourceType: 'Condition', id: 'fx', date: daysAgo(21) });
  });

  it('takes the onset from the newest fracture, and ignores records after asOf', () => {
    const record = recordFromBundle(bundle(
      patient(),
      condition('old', 'M80.08XA', 'Old fracture', daysAgo(200)),
      condition('new', 'S32.010A', 'Wedge compression fracture of L1', daysAgo(30)),
      condition('future', 'S22.000A', 'Future fracture', daysAgo(-5)),
    ));
    const result = prefill(record, AS_OF);
    expect(result.answers.onsetDate).toBe(daysAgo(30));
    expect(result.sources.onsetDate?.display).toContain('Wedge compression fracture of L1');
    expect(result.facts.find((f) => f.id === 'vertebral-fracture')?.value).not.toContain('Future');
  });

  it('shows a stale pain score as a source without prefilling it', () => {
    const record = recordFromBundle(bundle(patient(), painScore('p', 8, daysAgo(30))));
    const result = prefill(record, AS_OF);
    expect(result.answers.painScore).toBeUndefined();
    expect(result.sources.painScore?.display).toContain('older than 14 days');
  });

  it('works on a record with nothing but a Patient (no birth date)', () => {
    const record = recordFromBundle(bundle(patient({ birthDate: undefined, gender: undefined })));
    const result = prefill(record, AS_OF);
    expect(result.facts).toEqual([
      { id: 'age', label: 'Age', value: 'unknown (no birth date)', evidence: [] },
      { id: 'sex', label: 'Sex', value: 'not recorded', evidence: [] },
    ]);
    expect(result.answers).toEqual({ hospitalized: false });
  });
});
