// "Copy note" on every sample patient and on Synthea records: clinical prose of about ten lines, no machine tokens,
// no unrounded number, and the facts a note needs (identity, level, imaging, pain course, cautions, versions).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients';
import { assess } from '../../src/clinical/assess';
import type { Answers } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import { clinicalNote } from '../../src/ui/note';

const TODAY = '2026-11-30';
const MACHINE_TOKENS = /\[met\]|\[not-met\]|\[unknown\]|ClinicianInput|needs-information|not-candidate|\{score\}|\{INR\}|10\*3|undefined|null|\[object/;
const UNROUNDED = /\d\.\d{3,}/;

function vignetteRecord(build: (today: Date) => unknown[]) {
  const resources = build(new Date(`${TODAY}T12:00:00Z`)) as Array<{ id: string }>;
  return recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })) });
}

describe('clinical note', () => {
  it.each(VIGNETTES.map((v) => [v.id, v] as const))('%s: prose without machine tokens or unrounded numbers', (_id, vignette) => {
    const answers = (vignette.expected.confirmAnswers ?? {}) as Answers;
    const assessment = assess(vignetteRecord(vignette.build.bind(vignette)), answers, TODAY);
    const note = clinicalNote({ assessment, answers, evaluatedAt: `${TODAY} 09:15`, evaluator: 'Dr. Jane Smith' });
    expect(note).not.toMatch(MACHINE_TOKENS);
    expect(note).not.toMatch(UNROUNDED);
    const lines = note.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(lines.length).toBeLessThanOrEqual(14);
    // Bidi override and isolate characters are removed where FHIR text is read (src/fhir/narrow.ts).
    expect(lines[1 + (assessment.dataGaps.length ? 1 : 0)]).toContain(vignette.name.replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, ''));
    expect(note).toContain(`rules ${assessment.specVersion}, app ${assessment.engineVersion}`);
    expect(note).toContain('Evaluated by Dr. Jane Smith');
  });

  it('the warfarin patient: INR compared with its threshold, pain course with dates, conservative care failed per the record (v3)', () => {
    const vignette = VIGNETTES.find((v) => v.id === 'vcf-warfarin')!;
    const answers: Answers = { imagingConfirmsAcute: true, painAttributable: true };
    const assessment = assess(vignetteRecord(vignette.build.bind(vignette)), answers, TODAY);
    const note = clinicalNote({ assessment, answers, onset: '2026-11-02', evaluatedAt: `${TODAY} 09:15` });
    expect(note).toMatch(/meets the documented criteria, 2 cautions/);
    expect(note).toContain('2.8 (> 1.5)');
    expect(note).toMatch(/Pain: NRS 4 \(\d{4}-\d\d-\d\d\), then 6 \(\d{4}-\d\d-\d\d\)/);
    // v3 conservative-care: acetaminophen tried (record), then pain 6/10 more than 7 days later: failure documented.
    expect(note).toMatch(/Conservative care tried \(record\) since \d{4}-\d\d-\d\d \(\d+ days\): Acetaminophen 500 mg tablet/);
    expect(note).toContain('failure documented: pain at or above the threshold 7 days or more into care');
    expect(note).not.toContain('failure not yet confirmed');
    expect(note).toContain('Cautions: Bleeding risk: INR above 1.5 (local default thresholds) (INR: 2.8 (> 1.5)');
    expect(note).toContain('acute fracture confirmed by the physician: yes');
    expect(note).toContain('onset 2026-11-02 (4 weeks)');
    expect(note).toContain('Evaluated by the signed-in clinician (not identified by the EHR)');
  });

  it('the osteoporotic patient: ICD-10-CM code, level with its source, "Cautions: none", DXA and treatment, evaluator and zone last', () => {
    const vignette = VIGNETTES.find((v) => v.id === 'vcf-osteoporotic')!;
    const answers: Answers = { imagingConfirmsAcute: true, painAttributable: true, levels: ['L1'], conservativeCareTried: true };
    const assessment = assess(vignetteRecord(vignette.build.bind(vignette)), answers, TODAY);
    const note = clinicalNote({ assessment, answers, onset: '2026-11-23', evaluatedAt: `${TODAY} 09:15 Europe/Berlin (UTC+01:00)`, fractureCodes: ['M80.08XA'], evaluator: 'Dr. Robin Sandbox (Practitioner/sandbox-clinician)' });
    const lines = note.split('\n');
    expect(lines[0]).toMatch(/^Vertebral augmentation \(kyphoplasty\) candidacy: L1 osteoporotic fracture, 1 week: meets the documented criteria\.$/);
    expect(note).toContain('(ICD-10-CM M80.08XA); level L1 (entered by the physician); onset 2026-11-23 (1 week).');
    expect(note).toContain('Cautions: none.');
    expect(note).toMatch(/Osteoporosis: .*DXA: -3\.1/);
    expect(note).toMatch(/Treatment: Alendronate 70 mg weekly/);
    expect(note).toContain('; failed per the physician.');
    expect(lines[lines.length - 1]).toMatch(/^Evaluated by Dr\. Robin Sandbox \(Practitioner\/sandbox-clinician\) on 2026-11-30 09:15 Europe\/Berlin \(UTC\+01:00\); rules /);
    expect(note).not.toMatch(/\b1 weeks\b/);
  });

  it('a record read incompletely: the note starts with the gap line', () => {
    const vignette = VIGNETTES.find((v) => v.id === 'vcf-osteoporotic')!;
    const assessment = { ...assess(vignetteRecord(vignette.build.bind(vignette)), {}, TODAY), dataGaps: ['Observation: access denied (403)', 'Procedure: server error (500)'] };
    const note = clinicalNote({ assessment, answers: {}, evaluatedAt: `${TODAY} 09:15` });
    expect(note.split('\n')[0]).toBe('RECORD READ INCOMPLETELY: 2 parts of the record could not be read (Observation: access denied (403); Procedure: server error (500)); items that depend on them are unknown, and workup listed as missing may be on file.');
  });

  const synthea = '../shared/fixtures/synthea';
  const files = readdirSync(synthea).filter((f) => f.endsWith('.json'));
  it.each(files)('Synthea %s: no machine tokens, no unrounded numbers', (file) => {
    const record = recordFromBundle(JSON.parse(readFileSync(`${synthea}/${file}`, 'utf8')));
    const answers: Answers = { imagingConfirmsAcute: true, painAttributable: true };
    const note = clinicalNote({ assessment: assess(record, answers, TODAY), answers, evaluatedAt: `${TODAY} 09:15` });
    expect(note).not.toMatch(MACHINE_TOKENS);
    expect(note).not.toMatch(UNROUNDED);
  });
});
