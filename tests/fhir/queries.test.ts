// The query plan as data (issue 12): what each plan asks the server for.
import { describe, expect, it } from 'vitest';
import { OBSERVATION_QUERY_CODES } from '../../src/clinical/codes';
import { OBSERVATION_READS } from '../../src/clinical/observation-reads';
import { READ_RESOURCE_TYPES, searchPlan, searchUrl, type ObservationPlan } from '../../src/fhir/queries';

const AS_OF = '2026-11-24';
const plan = (observationPlan: ObservationPlan) => searchPlan('p1', {}, { observationPlan, asOf: AS_OF });
const codesOf = (url: string) => new URLSearchParams(url.split('?')[1]).get('code')?.split(',').map((c) => c.split('|').pop()!) ?? [];

describe('searchPlan', () => {
  it('reads exactly the types the app asks scopes for, whatever the plan', () => {
    for (const p of ['latest', 'window', 'full'] as const) {
      expect(['Patient', ...new Set(plan(p).map((q) => q.resourceType)), 'Medication'].sort(), p).toEqual([...READ_RESOURCE_TYPES].sort());
    }
  });

  it('asks for every listed Observation code in every plan, and only those', () => {
    expect(OBSERVATION_READS.flatMap((r) => [...r.loinc, ...(r.carriedBy ?? [])]).sort()).toEqual(expect.arrayContaining([...OBSERVATION_QUERY_CODES].sort()));
    for (const p of ['latest', 'window', 'full'] as const) {
      const asked = new Set(plan(p).filter((q) => q.resourceType === 'Observation').flatMap((q) => codesOf(searchUrl(q))));
      expect([...asked].sort(), p).toEqual([...OBSERVATION_QUERY_CODES].sort());
    }
  });

  it('latest: the newest usable result per list, sorted on the server; the windows by date; every DXA result', () => {
    const observation = plan('latest').filter((q) => q.resourceType === 'Observation');
    const newest = observation.filter((q) => q.newest);
    expect(newest).toHaveLength(OBSERVATION_READS.filter((r) => !r.all).length);
    for (const q of newest) {
      expect(q.params).toMatchObject({ _sort: '-date', status: 'final,amended,corrected,preliminary' });
      expect(q.params.code).not.toContain('|');
      expect(q.fallback?.params._sort).toBeUndefined();
    }
    expect(newest.filter((q) => q.newest!.canary).map((q) => q.params._count)).toEqual(['2', '2', '2']);
    const windows = observation.filter((q) => q.params.date?.startsWith('ge')).map((q) => [q.label, q.params.date]);
    expect(windows).toEqual([
      ['Observation (pain score, 84 days)', 'ge2026-08-30'],
      ['Observation (hCG, 30 days)', 'ge2026-10-23'],
      ['Observation (pregnancy status, 280 days)', 'ge2026-02-15'],
    ]);
    expect(observation.some((q) => q.params['date:missing'] === 'true')).toBe(true);
    expect(plan('latest').find((q) => q.params['category:not'])?.fallback?.params['category:not']).toBeUndefined();
  });

  it('window: no sort and no status search, each list read whole; full: one search per type (CDS Hooks prefetch)', () => {
    expect(plan('window').some((q) => q.params._sort || q.params.status?.startsWith('final'))).toBe(false);
    expect(plan('full').filter((q) => q.resourceType === 'Observation')).toHaveLength(1);
    expect(plan('full').filter((q) => q.resourceType === 'DiagnosticReport')).toHaveLength(1);
    expect(() => searchPlan('p1', {}, { observationPlan: 'latest' })).toThrow(/asOf/);
  });
});
