// The command line's --bundle path reads a searchset's OperationOutcome entries as the loader does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { recordFromBundle } from '../../src/fhir/bundle';
import { READ_RESOURCE_TYPES } from '../../src/fhir/queries';

const patient = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1950-01-01' };
const fracture = {
  resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA' }] }, onsetDateTime: '2026-11-01',
};
const omitted = { resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'suppressed', diagnostics: 'Sensitive results withheld' }] }, search: { mode: 'outcome' } };

function searchset(selfUrl: string | undefined, entries: unknown[]) {
  return { resourceType: 'Bundle', type: 'searchset', ...(selfUrl ? { link: [{ relation: 'self', url: selfUrl }] } : {}), entry: entries };
}

describe('recordFromBundle with outcome entries', () => {
  it('a searchset names its type in its self link: that type is incomplete', () => {
    const bundle = searchset('https://ehr.example/r4/Condition?patient=p1', [{ resource: patient, search: { mode: 'include' } }, { resource: fracture, search: { mode: 'match' } }, omitted]);
    const record = recordFromBundle(bundle);
    expect(record.conditions).toHaveLength(1);
    expect(record.incompleteTypes).toEqual(['Condition']);
    expect(record.dataGaps).toEqual(['Condition: the server left results out: Sensitive results withheld']);
  });

  it('a Bundle that does not say which search was cut short: every type it could hold counts as incomplete', () => {
    const record = recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }, { resource: fracture }, omitted] });
    expect(new Set(record.incompleteTypes)).toEqual(new Set(READ_RESOURCE_TYPES.filter((t) => t !== 'Patient')));
    expect(record.dataGaps).toHaveLength(1);
    expect(record.dataGaps[0]).toContain('Sensitive results withheld');
  });

  it('a Patient searchset (with _revinclude) could hold any type: every type counts as incomplete', () => {
    const bundle = searchset('https://ehr.example/r4/Patient?_id=p1&_revinclude=Condition:subject', [{ resource: patient }, { resource: fracture }, omitted]);
    expect(new Set(recordFromBundle(bundle).incompleteTypes)).toEqual(new Set(READ_RESOURCE_TYPES.filter((t) => t !== 'Patient')));
  });

  it('an information-only outcome changes nothing', () => {
    const info = { ...omitted, resource: { ...omitted.resource, issue: [{ severity: 'information', code: 'informational', diagnostics: 'ok' }] } };
    const record = recordFromBundle(searchset('https://ehr.example/r4/Condition?patient=p1', [{ resource: patient }, { resource: fracture }, info]));
    expect(record.incompleteTypes).toEqual([]);
    expect(record.dataGaps).toEqual([]);
  });
});

describe('npm run assess --bundle with an outcome entry', () => {
  it('prints the gap, and spinal infection is unknown, not "absent"', () => {
    const dir = mkdtempSync(join(tmpdir(), 'assess-outcome-'));
    const file = join(dir, 'searchset.json');
    writeFileSync(file, JSON.stringify(searchset('https://ehr.example/r4/Condition?patient=p1', [{ resource: patient }, { resource: fracture }, omitted])));
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const result = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/assess.ts', '--bundle', file, '--as-of', '2026-11-24'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    const assessment = JSON.parse(result.stdout) as { dataGaps: string[]; contraindications: { id: string; status: string }[] };
    expect(assessment.dataGaps).toEqual(['Condition: the server left results out: Sensitive results withheld']);
    expect(assessment.contraindications.find((c) => c.id === 'spinal-infection')?.status).toBe('unknown');
  }, 30_000);
});
