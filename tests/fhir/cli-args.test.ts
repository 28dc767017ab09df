// --observation-plan (issue 12): an integrator scripting the CLI against a server without _sort picks the plan.
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../../src/cli/args';

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
