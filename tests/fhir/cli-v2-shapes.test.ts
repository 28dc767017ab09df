// Issue 8: `npm run -s assess` on bundles shaped like real EHR data gives the spec v2 answer (the CLI,
// the loader and the app share one interpretation: src/fhir/normalize.ts and src/clinical).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const dir = mkdtempSync(join(tmpdir(), 'assess-v2-'));
const AS_OF = '2026-11-24';
const ICD = 'http://hl7.org/fhir/sid/icd-10-cm';
const LOCAL = 'urn:oid:1.2.840.114350.1.13.0.1.7.4.698084';
const subject = { reference: 'Patient/p1' };

function assessBundle(resources: object[], answers: object, format: 'json' | 'text' = 'json') {
  const bundle = join(dir, `b-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(bundle, JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) }));
  const answersFile = join(dir, `a-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(answersFile, JSON.stringify(answers));
  const result = spawnSync(process.execPath, [tsx, 'src/cli/assess.ts', '--bundle', bundle, '--answers', answersFile, '--as-of', AS_OF, '--format', format], {
    cwd: root, encoding: 'utf8', timeout: 30_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return format === 'json' ? JSON.parse(result.stdout) : result.stdout;
}

const man = { resourceType: 'Patient', id: 'p1', gender: 'male', birthDate: '1948-02-03', name: [{ given: ['Walter'], family: 'Brandt' }] };
const fracture = {
  resourceType: 'Condition', id: 'fx', subject,
  clinicalStatus: { coding: [{ system: LOCAL, code: '1', display: 'Active' }, { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  code: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.90', code: 'M80.08XA' }] },
  onsetDateTime: '2026-11-01',
};
const confirmed = { imagingConfirmsAcute: true, painAttributable: true, painScore: 8, conservativeCareTried: true, painWorsening: true };

describe('assess CLI on v2 shapes (issue 8)', () => {
  it('spinal-infection: an active osteomyelitis whose clinicalStatus lists a local coding first is present, so not-candidate', () => {
    const osteomyelitis = {
      resourceType: 'Condition', id: 'osteo', subject,
      clinicalStatus: { coding: [{ system: LOCAL, code: '3', display: 'Problem list' }, { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: ICD, code: 'M46.26', display: 'Osteomyelitis of vertebra, lumbar region' }] },
    };
    const a = assessBundle([man, fracture, osteomyelitis], confirmed);
    expect(a.contraindications.find((c: { id: string }) => c.id === 'spinal-infection').status).toBe('present');
    expect(a.verdict).toBe('not-candidate');
  });

  it('vcf: a fracture whose verificationStatus says "Entered in Error" in a local coding does not count', () => {
    const wrong = { ...fracture, verificationStatus: { coding: [{ system: LOCAL, code: 'EIE', display: 'Entered in Error' }] } };
    const a = assessBundle([man, wrong], {});
    expect(a.criteria.find((c: { id: string }) => c.id === 'vcf').status).toBe('unknown');
  });

  it('severe-pain: the newest pain score sent as text "9" decides, not an older 3', () => {
    const pain = (id: string, when: string, value: object) => ({
      resourceType: 'Observation', id, subject, status: 'final', effectiveDateTime: when,
      code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, ...value,
    });
    const a = assessBundle([man, fracture, pain('old', '2026-11-18T09:00:00Z', { valueQuantity: { value: 3 } }), pain('new', '2026-11-22T09:00:00Z', { valueString: '9' })], {});
    expect(a.criteria.find((c: { id: string }) => c.id === 'severe-pain').status).toBe('met');
  });

  it('fracture-age: an onset recorded to the month is a range, not "no onset"', () => {
    const a = assessBundle([man, { ...fracture, onsetDateTime: '2026-11' }], {});
    expect(a.criteria.find((c: { id: string }) => c.id === 'fracture-age').status).toBe('met');
    const old = assessBundle([man, { ...fracture, onsetDateTime: '2026-07' }], {});
    expect(old.criteria.find((c: { id: string }) => c.id === 'fracture-age').status).toBe('not-met');
  });

  it('text format: red flags, record levels and the rule set version are printed', () => {
    const t12 = { ...fracture, code: { coding: [{ system: ICD, code: 'S22.080A' }] } };
    const lung = { resourceType: 'Condition', id: 'lung', subject, code: { coding: [{ system: ICD, code: 'C34.90' }] }, clinicalStatus: { coding: [{ code: 'remission' }] } };
    const text = assessBundle([man, t12, lung], {}, 'text') as string;
    expect(text).toMatch(/Fracture levels in the record: T11-T12/);
    expect(text).toMatch(/Cancer history: /);
    expect(text).toMatch(/Rule set v\d+-[0-9a-f]{12}, app \d+\.\d+\.\d+\./);
  });
});
