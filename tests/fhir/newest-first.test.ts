// The check behind plan v2's "newest result" searches (issue 12): the first page is trusted only when it proves
// the newest usable result of the list is on it, read the engine's way.
import { describe, expect, it } from 'vitest';
import { judgeNewestPage as judge, SortCheck } from '../../src/fhir/newest-first';
import type { NewestRead } from '../../src/fhir/queries';

const AS_OF = '2026-11-24';
const INR: NewestRead = { resourceType: 'Observation', loinc: ['6301-6'], count: 2, canary: true };
const INR_ONE: NewestRead = { resourceType: 'Observation', loinc: ['6301-6'], count: 1 };
const judgeNewestPage = (...args: Parameters<typeof judge>) => judge(...args).verdict;
const PLATELETS: NewestRead = { resourceType: 'Observation', loinc: ['777-3'], count: 2 };
const inr = (date: string | undefined, status = 'final', code = '6301-6') => ({
  resourceType: 'Observation', status, code: { coding: [{ system: 'http://loinc.org', code }] }, ...(date ? { effectiveDateTime: date } : {}), valueQuantity: { value: 1.1 },
});

describe('judgeNewestPage', () => {
  it('trusts a newest-first page that holds a usable result', () => {
    expect(judgeNewestPage([inr('2026-11-20T08:00:00Z'), inr('2026-10-01')], INR, AS_OF, true)).toBe('enough');
  });
  it('trusts any page with no next page: it holds every match', () => {
    expect(judgeNewestPage([inr('2020-01-01'), inr('2026-11-20')], INR, AS_OF, false)).toBe('enough');
  });
  it('reads the whole list when the page is oldest first (the server ignored _sort)', () => {
    expect(judgeNewestPage([inr('2020-01-01'), inr('2021-03-01')], INR, AS_OF, true)).toBe('read-all');
  });
  it('reads the whole list when a partial date sorts above a day of its own month (sorted by the range end)', () => {
    expect(judgeNewestPage([inr('2026-11'), inr('2026-11-15')], INR, AS_OF, true)).toBe('read-all');
  });
  it('reads the whole list when the page holds no usable result: entered in error, or after today', () => {
    expect(judgeNewestPage([inr('2026-11-20', 'entered-in-error'), inr('2026-11-19', 'registered')], INR, AS_OF, true)).toBe('read-all');
    expect(judgeNewestPage([inr('2026-11-26'), inr('2026-11-25')], INR, AS_OF, true)).toBe('read-all');
  });
  it('follows the pages when the server ignored _count (more entries than asked for)', () => {
    expect(judgeNewestPage([inr('2026-11-20'), inr('2026-11-19'), inr('2026-11-18')], INR, AS_OF, true)).toBe('read-on');
  });
  it('counts a panel only when it carries the list as a component', () => {
    const panel = (date: string, platelets?: number) => ({
      resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '58410-2' }] }, effectiveDateTime: date,
      ...(platelets ? { component: [{ code: { coding: [{ system: 'http://loinc.org', code: '777-3' }] }, valueQuantity: { value: platelets } }] } : {}),
    });
    expect(judgeNewestPage([panel('2026-11-20'), panel('2026-11-10')], PLATELETS, AS_OF, true)).toBe('read-all');
    expect(judgeNewestPage([panel('2026-11-20'), panel('2026-11-10', 40)], PLATELETS, AS_OF, true)).toBe('enough');
  });
  it('reads the whole list when a one-result page holds only an unusable result', () => {
    expect(judgeNewestPage([inr('2026-11-20', 'entered-in-error')], INR_ONE, AS_OF, true)).toBe('read-all');
    expect(judgeNewestPage([inr('2026-11-20')], INR_ONE, AS_OF, true)).toBe('enough');
  });
  it('says what a page shows of the sort: nothing from one dated entry', () => {
    expect(judge([inr('2026-11-20'), inr('2026-10-01')], INR, AS_OF, true).sorted).toBe(true);
    expect(judge([inr('2020-01-01'), inr('2026-10-01')], INR, AS_OF, true).sorted).toBe(false);
    expect(judge([inr('2026-11-20')], INR_ONE, AS_OF, true).sorted).toBeUndefined();
  });
});

describe('SortCheck', () => {
  it('answers once every canary has reported; one page out of order is enough to distrust the server', async () => {
    const check = new SortCheck(['bp', 'pain']);
    let answer: boolean | undefined;
    void check.honoured().then((a) => (answer = a));
    check.report('bp', true);
    await Promise.resolve();
    expect(answer).toBeUndefined();
    check.report('pain', false);
    expect(await check.honoured()).toBe(false);
  });
  it('trusts the server when no canary could show anything (too few results, or a failed search)', async () => {
    const check = new SortCheck(['bp', 'pain']);
    check.report('bp', undefined);
    check.report('pain', undefined);
    check.report('pain', false); // a second report of the same canary is ignored
    expect(await check.honoured()).toBe(true);
    expect(await new SortCheck([]).honoured()).toBe(true);
  });
});
