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
      // v3 §0 Latest: coagulopathy reads every newest result it cannot order against the newest: its window whole.
      ['Observation (platelets, 30 days)', 'ge2026-10-23'],
      ['Observation (INR, 30 days)', 'ge2026-10-23'],
      ['Observation (hCG, 30 days)', 'ge2026-10-23'],
      ['Observation (pregnancy status, 280 days)', 'ge2026-02-15'],
      // v3 §0 Reading through a server (1), the default (no combo-code known): panels through their categories.
      ['Observation (vital-signs, 84 days)', 'ge2026-08-30'],
      ['Observation (survey, 84 days)', 'ge2026-08-30'],
    ]);
    expect(observation.some((q) => q.params['date:missing'] === 'true')).toBe(true);
    expect(plan('latest').find((q) => q.params['category:not'])?.fallback?.params['category:not']).toBeUndefined();
  });

  it('window: no sort and no status search, each list read whole; full: one search per type (CDS Hooks prefetch)', () => {
    expect(plan('window').some((q) => q.params._sort || q.params.status?.startsWith('final'))).toBe(false);
    // One search of the listed codes, and (the default, category) the two panel categories whole: no date in a template.
    expect(plan('full').filter((q) => q.resourceType === 'Observation').map((q) => q.params.category ?? 'codes')).toEqual(['codes', 'vital-signs', 'survey']);
    expect(plan('full').filter((q) => q.resourceType === 'Observation').some((q) => q.params.date)).toBe(false);
    expect(plan('full').filter((q) => q.resourceType === 'DiagnosticReport')).toHaveLength(1);
    expect(() => searchPlan('p1', {}, { observationPlan: 'latest' })).toThrow(/asOf/);
  });
});

describe('searchPlan and what the server can do (spec v3, §0 Reading through a server)', () => {
  const withSupport = (observationPlan: ObservationPlan, searchSupport: Parameters<typeof searchPlan>[2] extends infer O ? O extends { searchSupport?: infer S } ? S : never : never) =>
    searchPlan('p1', {}, { observationPlan, asOf: AS_OF, searchSupport });
  const PANEL_CODES = OBSERVATION_READS.filter((r) => r.components).flatMap((r) => r.loinc);

  it('combo-code: the pain, heart-rate and blood-pressure searches use combo-code instead of code, in every plan; no category read', () => {
    for (const p of ['latest', 'window', 'full'] as const) {
      const observation = withSupport(p, { componentSearch: 'combo-code' }).filter((q) => q.resourceType === 'Observation');
      const combo = observation.filter((q) => q.params['combo-code']);
      const comboCodes = new Set(combo.flatMap((q) => q.params['combo-code']!.split(',')));
      for (const code of PANEL_CODES) expect(comboCodes.has(code), `${p} ${code}`).toBe(true);
      expect(combo.every((q) => q.needs?.param === 'combo-code' && !q.params.code), p).toBe(true);
      expect(observation.some((q) => q.params.category || q.params['component-code']), p).toBe(false);
      // Codes of lists no panel carries stay on code=.
      expect(observation.some((q) => q.params.code?.includes('6301-6') || q.params['combo-code']?.includes('6301-6')), p).toBe(true);
    }
  });

  it('component-code: searched beside code= for the lists panels carry; none: no extra search', () => {
    const latest = withSupport('latest', { componentSearch: 'component-code' }).filter((q) => q.params['component-code']);
    expect(latest.map((q) => q.label)).toEqual([
      'Observation (panel components, 84 days)',
      'Observation (pain score in panels, newest)',
      'Observation (heart rate in panels, newest)',
      'Observation (blood pressure in panels, newest)',
    ]);
    expect(withSupport('window', { componentSearch: 'component-code' }).filter((q) => q.params['component-code'])).toHaveLength(1);
    const none = withSupport('latest', { componentSearch: 'none' }).filter((q) => q.resourceType === 'Observation');
    expect(none.some((q) => q.params.category || q.params['component-code'] || q.params['combo-code'])).toBe(false);
  });

  it('latest reads reports with an imaging code in every category (radiology filed as LAB); window and full read every report', () => {
    const imaging = plan('latest').find((q) => q.label === 'DiagnosticReport (imaging codes, any category)')!;
    expect(imaging.params.category).toBeUndefined();
    const codes = imaging.params.code!.split(',');
    for (const code of ['72148', '72100', '72128', '78306', '77080', '312681000']) expect(codes).toContain(code);
    expect(imaging.fallback?.params.code).toBeUndefined();
  });

  it('conditionStatusDefault active (Epic): every Condition search has a twin asking for every clinical status; all: none', () => {
    const epic = searchPlan('p1', {}, { observationPlan: 'window', asOf: AS_OF, conditionCategories: ['problem-list-item', 'encounter-diagnosis'], searchSupport: { conditionStatusDefault: 'active' } })
      .filter((q) => q.resourceType === 'Condition');
    expect(epic.map((q) => [q.params.category, q.params['clinical-status'] ?? null])).toEqual([
      ['problem-list-item', null], ['encounter-diagnosis', null],
      ['problem-list-item', 'active,recurrence,relapse,inactive,remission,resolved'], ['encounter-diagnosis', 'active,recurrence,relapse,inactive,remission,resolved'],
    ]);
    expect(epic.filter((q) => q.params['clinical-status']).every((q) => q.needs?.param === 'clinical-status' && q.fallback && !q.fallback.params['clinical-status'])).toBe(true);
    expect(plan('latest').filter((q) => q.resourceType === 'Condition').some((q) => q.params['clinical-status'])).toBe(false);
  });
});
