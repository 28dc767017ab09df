// assessment.md § Answers: parseAnswers rejects bad values naming the field, and passes good ones through.
import { describe, expect, it } from 'vitest';
import { AnswersError, parseAnswers } from '../../src/clinical/answers';
import { AS_OF } from './builders';

function problemsOf(input: unknown, asOf?: string): string[] {
  try {
    parseAnswers(input, asOf);
  } catch (error) {
    expect(error).toBeInstanceOf(AnswersError);
    return (error as AnswersError).problems;
  }
  throw new Error('expected parseAnswers to reject the input');
}

describe('parseAnswers (assessment.md § Answers)', () => {
  it('answers: every field, well formed, passes unchanged', () => {
    const input = {
      vcf: true, etiology: 'osteoporotic', onsetDate: '2026-10-01', hospitalized: false, painScore: 7,
      imagingConfirmsAcute: true, painAttributable: true, conservativeCareTried: true, painWorsening: false,
      heightLossOver25: false, kyphoticDeformity: true, progressiveHeightLoss: false, rdqScore: 18, limitedMobility: true,
      levels: ['T12', 'L1'], mriContraindicated: false, pregnant: false, activeInfection: false, cementAllergy: false,
      neurologicDeficit: false,
    };
    expect(parseAnswers(input, AS_OF)).toEqual(input);
  });

  it('answers: an empty object is no answers', () => {
    expect(parseAnswers({})).toEqual({});
  });

  it('answers: painScore 0 and 10 pass, 11 and -1 are rejected naming painScore', () => {
    expect(parseAnswers({ painScore: 0 }).painScore).toBe(0);
    expect(parseAnswers({ painScore: 10 }).painScore).toBe(10);
    expect(problemsOf({ painScore: 11 }).join(' ')).toMatch(/painScore/);
    expect(problemsOf({ painScore: -1 }).join(' ')).toMatch(/painScore/);
    expect(problemsOf({ painScore: '7' }).join(' ')).toMatch(/painScore/);
  });

  it("answers: onsetDate '2026-02-30' is not a date (rejected naming onsetDate)", () => {
    expect(problemsOf({ onsetDate: '2026-02-30' }).join(' ')).toMatch(/onsetDate/);
    expect(problemsOf({ onsetDate: '2026-2-3' }).join(' ')).toMatch(/onsetDate/);
    expect(problemsOf({ onsetDate: 'yesterday' }).join(' ')).toMatch(/onsetDate/);
    expect(parseAnswers({ onsetDate: '2024-02-29' }).onsetDate).toBe('2024-02-29');
  });

  it('answers: an onsetDate after asOf is rejected naming onsetDate', () => {
    expect(problemsOf({ onsetDate: '2026-11-25' }, AS_OF).join(' ')).toMatch(/onsetDate/);
    expect(parseAnswers({ onsetDate: AS_OF }, AS_OF).onsetDate).toBe(AS_OF);
  });

  it("answers: levels ['X9'] is rejected naming levels; T0, L6 and T13 too", () => {
    expect(problemsOf({ levels: ['X9'] }).join(' ')).toMatch(/levels/);
    expect(problemsOf({ levels: ['T13'] }).join(' ')).toMatch(/levels/);
    expect(problemsOf({ levels: ['L6'] }).join(' ')).toMatch(/levels/);
    expect(problemsOf({ levels: 'T12' }).join(' ')).toMatch(/levels/);
  });

  it('answers: cervical and sacral levels are accepted (a caution, not an error)', () => {
    expect(parseAnswers({ levels: ['C7', 'S1'] }).levels).toEqual(['C7', 'S1']);
  });

  it('answers: an unknown field is rejected naming it', () => {
    expect(problemsOf({ painScroe: 7 }).join(' ')).toMatch(/painScroe/);
  });

  it('answers: booleans must be booleans', () => {
    expect(problemsOf({ vcf: 'yes' }).join(' ')).toMatch(/vcf/);
    expect(problemsOf({ pregnant: 1 }).join(' ')).toMatch(/pregnant/);
  });

  it('answers: etiology must be one of the three', () => {
    expect(problemsOf({ etiology: 'tumor' }).join(' ')).toMatch(/etiology/);
    expect(parseAnswers({ etiology: 'traumatic' }).etiology).toBe('traumatic');
  });

  it('answers: rdqScore is a whole number 0-24', () => {
    expect(parseAnswers({ rdqScore: 24 }).rdqScore).toBe(24);
    expect(problemsOf({ rdqScore: 25 }).join(' ')).toMatch(/rdqScore/);
    expect(problemsOf({ rdqScore: 3.5 }).join(' ')).toMatch(/rdqScore/);
  });

  it('answers: every bad field is named, not only the first', () => {
    const problems = problemsOf({ painScore: 11, onsetDate: '2026-02-30', levels: ['X9'], extra: true });
    const text = problems.join(' ');
    for (const field of ['painScore', 'onsetDate', 'levels', 'extra']) expect(text).toContain(field);
  });

  it('answers: not an object is rejected', () => {
    expect(() => parseAnswers(null)).toThrow(AnswersError);
    expect(() => parseAnswers([1])).toThrow(AnswersError);
    expect(() => parseAnswers('{}')).toThrow(AnswersError);
  });
});
