// The wrapper's _sort: Periods, mixed offsets and missing values.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Observation } from 'fhir/r4';
import { ensureFhirDefinitionsIndexed, narrowExpression, topLevelUnionTerms } from '../../sandbox/fhir/definitions';
import { parseSort, sortResources } from '../../sandbox/fhir/search-sort';

const obs = (id: string, effective: Partial<Observation>): Observation => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { text: 'x' },
  ...effective,
});

beforeAll(() => ensureFhirDefinitionsIndexed());

describe('sortResources', () => {
  const records = [
    obs('period-2014', { effectivePeriod: { start: '2014-09-02T19:33:18-04:00', end: '2014-09-02T20:33:18-04:00' } }),
    obs('undated', {}),
    obs('dt-2021', { effectiveDateTime: '2021-11-10T16:48:57.246958-08:00' }),
    obs('dt-2021-earlier-instant', { effectiveDateTime: '2021-11-11T00:30:00+09:00' }),
    obs('date-1999', { effectiveDateTime: '1999-06-02' }),
  ];

  it('sorts -date newest first, comparing instants across offsets, undated last', () => {
    expect(sortResources(records, parseSort('-date')).map((r) => r.id)).toEqual([
      'dt-2021', 'dt-2021-earlier-instant', 'period-2014', 'date-1999', 'undated',
    ]);
  });

  it('sorts date oldest first, undated still last', () => {
    expect(sortResources(records, parseSort('date')).map((r) => r.id)).toEqual([
      'date-1999', 'period-2014', 'dt-2021-earlier-instant', 'dt-2021', 'undated',
    ]);
  });
});

describe('search parameter narrowing', () => {
  it('splits only top-level unions', () => {
    expect(topLevelUnionTerms("A.b | (C.d as X) | E.f.where(g = 'a|b')")).toEqual(['A.b', '(C.d as X)', "E.f.where(g = 'a|b')"]);
  });

  it('keeps the terms about the type, or the whole expression when none is', () => {
    expect(narrowExpression('AllergyIntolerance.code | Condition.code | (DeviceRequest.code as CodeableConcept) | Observation.code', 'Observation')).toBe('Observation.code');
    expect(narrowExpression('(DeviceRequest.code as CodeableConcept) | Observation.code', 'DeviceRequest')).toBe('(DeviceRequest.code as CodeableConcept)');
    expect(narrowExpression('Resource.id', 'Observation')).toBe('Resource.id');
  });
});
