// Spec v3 outputs through `npm run -s assess` (assessment.md): reportLevels and Evidence.conclusion in the JSON,
// and the same, with the workup the record could not settle, in --format text.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'assess-v3-'));
const subject = { reference: 'Patient/p1' };

const bundleFile = join(dir, 'b.json');
writeFileSync(bundleFile, JSON.stringify({
  resourceType: 'Bundle', type: 'collection', entry: [
    { resource: { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1946-04-02' } },
    {
      resource: {
        resourceType: 'DiagnosticReport', id: 'mri-1', status: 'final', subject, category: [{ coding: [{ code: 'LAB' }] }],
        code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72148', display: 'MRI lumbar spine without contrast' }] },
        effectiveDateTime: '2026-11-10T09:30:00-05:00',
        conclusion: 'Acute L1 compression fracture with marrow edema on STIR. No retropulsion.',
      },
    },
  ],
}));

function run(format: 'json' | 'text'): string {
  const result = spawnSync(process.execPath, [tsx, 'src/cli/assess.ts', '--bundle', bundleFile, '--as-of', '2026-11-24', '--format', format], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('assess CLI: spec v3 outputs', () => {
  it('JSON: reportLevels and the MRI conclusion on its evidence (a LAB-filed imaging report counts)', () => {
    const a = JSON.parse(run('json'));
    expect(a.reportLevels).toEqual([{ level: 'L1', reportId: 'mri-1', date: '2026-11-10T09:30:00-05:00' }]);
    const mri = a.criteria.find((c: { id: string }) => c.id === 'imaging-confirmation').evidence[0];
    expect(mri).toMatchObject({ id: 'mri-1', conclusion: 'Acute L1 compression fracture with marrow edema on STIR. No retropulsion.' });
    expect(a.workup.find((w: { id: string }) => w.id === 'spine-mri').status).toBe('done');
  });

  it('text: the conclusion under its evidence and the report levels beside the record levels', () => {
    const text = run('text');
    expect(text).toContain('Conclusion: Acute L1 compression fracture with marrow edema on STIR. No retropulsion.');
    expect(text).toMatch(/Fracture levels in the record: none named\nLevels named in spine imaging reports \(last 12 weeks; proposals, not counted\): L1 \(report mri-1, 2026-11-10\)/);
  });
});
