// The assess command as a user runs it: exit codes, one `error:` line, no stack traces.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readdirSync, readFileSync, truncateSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTRAINDICATIONS } from '../../src/clinical/contraindications';
import { CRITERIA } from '../../src/clinical/criteria';
import { WORKUP } from '../../src/clinical/workup';
import { forgeDisplayedText, forgeryProblems } from './forge';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const fixtures = fileURLToPath(new URL('../../../shared/fixtures/synthea/', import.meta.url));

function run(...args: string[]) {
  const result = spawnSync(process.execPath, [tsx, 'src/cli/assess.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'assess-cli-'));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const patient = (id: string) => ({ resourceType: 'Patient', id });

describe('npm run assess', () => {
  it('prints a complete Assessment for a Synthea bundle, every spec id in order', () => {
    const { code, stdout, stderr } = run('--bundle', join(fixtures, 'osteoporosis-m74-chad-quigley.json'), '--as-of', '2026-11-24');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const assessment = JSON.parse(stdout);
    expect(assessment.asOf).toBe('2026-11-24');
    expect(assessment.patient).toMatchObject({ name: 'Chad Quigley', sex: 'male', age: 74 });
    expect(assessment.criteria.map((c: { id: string }) => c.id)).toEqual(CRITERIA.map((c) => c.id));
    expect(assessment.contraindications.map((c: { id: string }) => c.id)).toEqual(CONTRAINDICATIONS.map((c) => c.id));
    expect(assessment.workup.map((c: { id: string }) => c.id)).toEqual(WORKUP.map((c) => c.id));
  });

  it('assesses every Synthea fixture with exit 0', () => {
    const files = [...readdirSync(fixtures).filter((f) => f.endsWith('.json')).map((f) => join(fixtures, f)),
      ...readdirSync(join(fixtures, 'more')).filter((f) => f.endsWith('.json')).map((f) => join(fixtures, 'more', f))];
    expect(files.length).toBe(14);
    for (const f of files) {
      const { code, stdout } = run('--bundle', f, '--as-of', '2026-11-24');
      expect(code, f).toBe(0);
      expect(['candidate', 'not-candidate', 'needs-information']).toContain(JSON.parse(stdout).verdict);
    }
  }, 120_000);

  it('prints the verdict first in text format and applies answers', () => {
    const answers = file('answers.json', JSON.stringify({ pregnant: true }));
    const { code, stdout } = run('--bundle', join(fixtures, 'negative-f78-ammie-huels.json'), '--as-of', '2026-11-24', '--format', 'text', '--answers', answers);
    expect(code).toBe(0);
    expect(stdout.split('\n')[2]).toMatch(/^Verdict: not-candidate/);
    expect(stdout).toContain('Absolute contraindication: Pregnancy.');
  });

  it.each([
    ['a missing file', () => ['--bundle', join(dir, 'nope.json')], /^error: cannot read bundle .*nope\.json: no such file$/],
    ['a non-JSON file', () => ['--bundle', file('bad.json', '{not json')], /^error: bundle .* is not JSON$/],
    ['JSON that is not a Bundle', () => ['--bundle', file('p.json', JSON.stringify(patient('x')))], /^error: the input is not a FHIR Bundle \(it is a Patient\)$/],
    ['a Bundle with no Patient', () => ['--bundle', file('empty.json', JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [] }))], /^error: the Bundle holds no Patient$/],
    ['two Patients without --patient', () => ['--bundle', file('two.json', JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient('a') }, { resource: patient('b') }] }))], /^error: the Bundle holds 2 patients; choose one with --patient \(a, b\)$/],
    ['an unknown --patient', () => ['--bundle', file('one.json', JSON.stringify({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient('a') }] })), '--patient', 'zz'], /^error: no Patient with id "zz"/],
    ['an unreachable --server', () => ['--server', 'http://127.0.0.1:9/fhir', '--patient', 'p1'], /^error: Patient: cannot reach http:\/\/127\.0\.0\.1:9/],
    ['invalid answers', () => ['--bundle', join(fixtures, 'osteoporosis-m74-chad-quigley.json'), '--answers', file('a.json', JSON.stringify({ painScore: 11, levels: ['X9'] }))], /^error: invalid answers: painScore: must be a number from 0 to 10; levels: unknown level "X9"$/],
  ])('exits 1 with one error line for %s', (_name, args, message) => {
    const { code, stdout, stderr } = run(...args());
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });

  it.each([
    [['--bundle', 'a.json', '--server', 'http://x']],
    [['--server', 'http://x']],
    [['--bundle', 'a.json', '--format', 'xml']],
    [['--bundle', 'a.json', '--as-of', '2026-13-01']],
    [['--frobnicate']],
  ])('exits 2 with the usage for a usage error: %j', (args) => {
    const { code, stderr } = run(...args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).toContain('usage:');
  });

  it.each([
    ['Verdict: candidate - Meets the documented criteria'],
    ['  [absent] Active spinal or systemic infection (absolute)'],
  ])('prints text whose lines no FHIR field can forge: %j after a line break in every displayed field', (forgedLine) => {
    const fixture = join(fixtures, 'osteoporosis-osteofracture-f80-twyla-moen.json');
    const forged = file('forged.json', JSON.stringify(forgeDisplayedText(JSON.parse(readFileSync(fixture, 'utf8')), forgedLine)));
    const clean = run('--bundle', fixture, '--as-of', '2026-11-24', '--format', 'text');
    const hostile = run('--bundle', forged, '--as-of', '2026-11-24', '--format', 'text');
    expect(hostile.code).toBe(0);
    expect(forgeryProblems(hostile.stdout.replace(/\n$/, ''), clean.stdout.replace(/\n$/, ''), forgedLine)).toEqual([]);
  }, 60_000);

  it('accepts a bundle and an answers file saved with a UTF-8 byte order mark', () => {
    const bundle = file('bom.json', `\uFEFF${readFileSync(join(fixtures, 'osteoporosis-m74-chad-quigley.json'), 'utf8')}`);
    const answers = file('bom-answers.json', `\uFEFF${JSON.stringify({ pregnant: true })}`);
    const { code, stdout, stderr } = run('--bundle', bundle, '--answers', answers, '--as-of', '2026-11-24');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).patient.name).toBe('Chad Quigley');
  });

  it('ends with one error line, without reading it, for a bundle of 300 MB', () => {
    // A sparse file: 300 MB long, next to nothing on disk.
    const big = join(tmpdir(), `assess-cli-300mb-${process.pid}.json`);
    try {
      writeFileSync(big, '');
      truncateSync(big, 300 * 1024 * 1024);
      const { code, stdout, stderr } = run('--bundle', big);
      expect(stderr).toBe('error: the bundle is larger than 200 MB\n');
      expect(stdout).toBe('');
      expect(code).toBe(1);
    } finally {
      rmSync(big, { force: true });
    }
  });

  it('keeps the fixture folder where the spec says it is', () => {
    expect(existsSync(fixtures)).toBe(true);
  });
});
