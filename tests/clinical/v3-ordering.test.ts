// Spec v3, clinical-rules §0 *Dates* and *Latest*: one ordering rule (instants in UTC; a day without a time is the
// whole day, ordered only against other days; a partial date by the start of its range), and newest results that
// cannot be ordered and disagree make the rule unknown ("results of the same day disagree").
import { describe, expect, it } from 'vitest';
import { compareDates, extremeGroup } from '../../src/clinical/dates';
import { NEGATIVE, POSITIVE, contra, criterion, daysAgo, observation, platelets, run } from './builders';

const WOMAN_30 = { birthDate: '1996-01-01', gender: 'female' } as const;

/** Two results 90 minutes apart across midnight in two offsets: by calendar day B is newer, by instant A is. */
function acrossMidnight() {
  const a = `${daysAgo(2)}T23:30:00-05:00`; // = daysAgo(1) 04:30 UTC, own day daysAgo(2)
  const b = `${daysAgo(1)}T03:00:00+00:00`; // own day daysAgo(1), 90 minutes earlier
  return { a, b };
}

describe('§0 Dates (v3): the one ordering rule', () => {
  it('two dateTimes with times compare as instants in UTC, not by calendar day first', () => {
    const { a, b } = acrossMidnight();
    expect(compareDates(a, b)).toBeGreaterThan(0);
    expect(compareDates(b, a)).toBeLessThan(0);
    expect(compareDates('2026-11-20T13:00:00Z', '2026-11-20T15:00:00+05:00')).toBeGreaterThan(0);
  });

  it('the same instant in two spellings cannot be ordered', () => {
    expect(compareDates('2026-11-20T23:00:00-05:00', '2026-11-21T04:00:00Z')).toBe(0);
  });

  it('a date without a time is ordered only against other days, by the records\' own calendar dates', () => {
    expect(compareDates('2026-11-20', '2026-11-20T08:00:00Z')).toBe(0);
    expect(compareDates('2026-11-20', '2026-11-20T23:59:00-12:00')).toBe(0);
    // The timed record's own day is the 19th (its instant is on the 20th in UTC): the day without a time is newer.
    expect(compareDates('2026-11-20', '2026-11-19T23:30:00-05:00')).toBeGreaterThan(0);
    expect(compareDates('2026-11-20', '2026-11-21T00:30:00+14:00')).toBeLessThan(0);
  });

  it('a partial date sorts by the start of its range; an unreadable date before every date; a time without an offset is its day', () => {
    expect(compareDates('2026-11', '2026-10-31')).toBeGreaterThan(0);
    expect(compareDates('2026-11', '2026-11-01')).toBe(0);
    expect(compareDates(undefined, '1900')).toBeLessThan(0);
    expect(compareDates('2026-11-20T08:00:00', '2026-11-20T09:00:00Z')).toBe(0);
  });

  it('the newest group: the latest instant, with every record that cannot be ordered against it', () => {
    const dates = ['2026-11-18', '2026-11-20T08:00:00Z', '2026-11-20', '2026-11-20T06:00:00Z', '2026-11-19T23:30:00-05:00'];
    expect(extremeGroup(dates, (d) => d).sort()).toEqual(['2026-11-20', '2026-11-20T06:00:00Z', '2026-11-20T08:00:00Z']);
    expect(extremeGroup(['2026-11-20T08:00:00Z', '2026-11-20T06:00:00Z'], (d) => d)).toEqual(['2026-11-20T08:00:00Z']);
    expect(extremeGroup(['2026-11-18', '2026-11-20T08:00:00Z', '2026-11-18T01:00:00Z'], (d) => d, true).sort()).toEqual(['2026-11-18', '2026-11-18T01:00:00Z']);
    expect(extremeGroup([undefined, 'garbage'], (d) => d)).toEqual([]);
  });
});

describe('§0 Latest (v3) in the rules', () => {
  it('coagulopathy: two INR results 90 minutes apart across midnight in two offsets: the later instant (1.1) decides, not the later calendar day (2.4)', () => {
    const { a, b } = acrossMidnight();
    const resources = [observation('6301-6', 1.1, '{INR}', a), observation('6301-6', 2.4, '{INR}', b), platelets(200, 3)];
    for (const order of [resources, [...resources].reverse()]) {
      const c = contra(run({ resources: order }), 'coagulopathy');
      expect(c.status).toBe('absent');
      expect(c.evidence.map((e) => e.display).join(' ')).toContain('1.1');
    }
  });

  it('coagulopathy: a date-only INR and a timed INR of the same day that disagree: unknown, "results of the same day disagree"', () => {
    const resources = [observation('6301-6', 1.1, '{INR}', daysAgo(1)), observation('6301-6', 2.4, '{INR}', `${daysAgo(1)}T09:00:00Z`), platelets(200, 3)];
    for (const order of [resources, [...resources].reverse()]) {
      const c = contra(run({ resources: order }), 'coagulopathy');
      expect(c.status).toBe('unknown');
      expect(c.note).toContain('results of the same day disagree');
    }
    // Agreeing (both at or under 1.5): absent, either cited.
    const agreeing = [observation('6301-6', 1.1, '{INR}', daysAgo(1)), observation('6301-6', 1.3, '{INR}', `${daysAgo(1)}T09:00:00Z`), platelets(200, 3)];
    expect(contra(run({ resources: agreeing }), 'coagulopathy').status).toBe('absent');
  });

  it('coagulopathy: same-day platelet counts that disagree leave it unknown, a coagulopathy by INR still present', () => {
    const split = [platelets(30, 1), observation('777-3', 200, '10*3/uL', daysAgo(1))];
    expect(contra(run({ resources: [...split, observation('6301-6', 1.0, '{INR}', daysAgo(2))] }), 'coagulopathy').status).toBe('unknown');
    expect(contra(run({ resources: [...split, observation('6301-6', 2.0, '{INR}', daysAgo(2))] }), 'coagulopathy').status).toBe('present');
  });

  it('severe-pain: pain scores across midnight in two offsets: the later instant decides', () => {
    const { a, b } = acrossMidnight();
    const resources = [observation('72514-3', 3, '{score}', a), observation('72514-3', 8, '{score}', b)];
    expect(criterion(run({ resources }), 'severe-pain').status).toBe('not-met');
    expect(criterion(run({ resources: [...resources].reverse() }), 'severe-pain').status).toBe('not-met');
  });

  it('pain-course: a same-day pair at the end that would give different trends is unknown; ordered by instants across midnight it is read', () => {
    const first = observation('72514-3', 5, '{score}', daysAgo(30));
    const tied = [observation('72514-3', 3, '{score}', daysAgo(1)), observation('72514-3', 8, '{score}', `${daysAgo(1)}T10:00:00Z`)];
    const c = criterion(run({ resources: [first, ...tied] }), 'pain-course');
    expect(c.status).toBe('unknown');
    expect(c.note).toContain('results of the same day disagree');
    const { a, b } = acrossMidnight();
    // By instant the 4 (own day before) is the latest: not worse than 5, so not worsening.
    const ordered = [first, observation('72514-3', 4, '{score}', a), observation('72514-3', 9, '{score}', b)];
    const course = criterion(run({ resources: ordered, answers: { heightLossOver25: false, kyphoticDeformity: false, progressiveHeightLoss: false } }), 'pain-course');
    expect(course.status).toBe('not-met');
  });

  it('pregnancy: hCG results across midnight in two offsets are ordered by instant; same own day positive and negative stay unknown', () => {
    const { a, b } = acrossMidnight();
    // The negative is the later instant though on the earlier calendar day: it decides.
    const resources = [observation('2106-3', NEGATIVE, undefined, a), observation('2106-3', POSITIVE, undefined, b)];
    expect(contra(run({ patient: WOMAN_30, resources }), 'pregnancy').status).toBe('absent');
    const sameDay = [observation('2106-3', NEGATIVE, undefined, `${daysAgo(1)}T20:00:00Z`), observation('2106-3', POSITIVE, undefined, `${daysAgo(1)}T08:00:00Z`)];
    expect(contra(run({ patient: WOMAN_30, resources: sameDay }), 'pregnancy').status).toBe('unknown');
  });
});
