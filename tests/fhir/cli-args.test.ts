// --observation-plan (issue 12): an integrator scripting the CLI against a server without _sort picks the plan.
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../src/cli/args';
import { parseWorklistArgs } from '../../src/worklist/args';

const TODAY = '2026-11-24';

describe('--observation-plan', () => {
  it('is read with --server, and absent means the default plan', () => {
    expect(parseCliArgs(['--server', 'https://fhir.example/r4', '--patient', 'p1', '--observation-plan', 'window'], TODAY).observationPlan).toBe('window');
    expect(parseCliArgs(['--server', 'https://fhir.example/r4', '--patient', 'p1'], TODAY).observationPlan).toBeUndefined();
  });
  it('is refused with a bundle, or with an unknown plan, naming the choices', () => {
    expect(() => parseCliArgs(['--bundle', 'x.json', '--observation-plan', 'full'], TODAY)).toThrow(UsageError);
    expect(() => parseCliArgs(['--server', 'https://fhir.example/r4', '--patient', 'p1', '--observation-plan', 'newest'], TODAY)).toThrow(/latest, window or full/);
  });
});

describe('options every command line tool reads the same way (assess and worklist)', () => {
  const worklist = (...extra: string[]) => ['--fhir', 'http://127.0.0.1:1/fhir', '--group', 'g', '--client-id', 'c', '--key', 'k.json', ...extra];
  const tools = [
    ['assess', (args: string[]) => parseCliArgs(['--bundle', 'x.json', ...args], TODAY)],
    ['worklist', (args: string[]) => parseWorklistArgs(worklist(...args), TODAY)],
  ] as const;

  it.each(tools)('%s: an unknown option, a stray word and --help are usage errors (exit 2), naming what was wrong', (_name, parse) => {
    expect(() => parse(['--bogus'])).toThrow(/bogus/);
    expect(() => parse(['stray'])).toThrow(UsageError);
    expect(() => parse(['-h'])).toThrow(new UsageError('help'));
  });

  it.each(tools)('%s: --as-of must be a real calendar day, and defaults to today', (_name, parse) => {
    expect(parse([]).asOf).toBe(TODAY);
    expect(parse(['--as-of', '2028-02-29']).asOf).toBe('2028-02-29');
    expect(() => parse(['--as-of', '2026-02-29'])).toThrow(/--as-of must be a date, YYYY-MM-DD \(got "2026-02-29"\)/);
  });
});
