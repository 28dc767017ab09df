// Issue 19 item 1: the summary line names the reason that decides the verdict, and when no answer on the card can
// change a "not a candidate" the questions fold under "Details". Death is not a contraindication. The sample
// patients are the sandbox's own vignettes, read through the real path.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Condition, Resource } from 'fhir/r4';
import { findVignette } from '../../sandbox/patients/index';
import { recordFromBundle } from '../../src/fhir/bundle';
import { AssessmentScreen, loadDetails } from '../../src/ui/AssessmentScreen';
import { clinicalNote } from '../../src/ui/note';
import { assess } from '../../src/clinical/assess';
import { byTestId, click, mount, radio, type Mounted } from './render';

const TODAY = new Date('2026-11-24T15:00:00Z');
const AS_OF = '2026-11-24';

// The card's questions and workup arrive with the details (issue 22): loaded first, so the card renders whole.
beforeAll(() => loadDetails());

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  sessionStorage.clear();
});

function vignetteRecord(id: string, change: (resources: Resource[]) => Resource[] = (r) => r) {
  const resources = change(findVignette(id)!.build(TODAY) as Resource[]);
  return recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });
}

const headline = (root: ParentNode) => byTestId(byTestId(root, 'verdict'), 'headline').textContent ?? '';
const decisions = (root: ParentNode) => byTestId(byTestId(root, 'verdict'), 'decisions');

describe('the summary line names the blocker (issue 19 item 1)', () => {
  it('pregnancy: "Not a candidate: pregnancy (hCG positive 11-22)", the questions folded under Details', () => {
    mounted = mount(<AssessmentScreen record={vignetteRecord('vcf-pregnant')} asOf={AS_OF} showBanner />);
    expect(headline(mounted.container)).toMatch(/^Not a candidate: pregnancy \(hCG positive 11-22\)\. L1 /);
    const folded = decisions(mounted.container);
    expect(folded.tagName).toBe('DETAILS');
    expect((folded as HTMLDetailsElement).open).toBe(false);
    expect(folded.querySelector('summary')!.textContent).toMatch(/^Details: \d questions that cannot change this verdict$/);
    expect(byTestId(mounted.container, 'missing-workup').textContent).toContain('An absolute contraindication is present (pregnancy)');
  });

  it('spinal-infection: the discitis patient is "Not a candidate: active infection (Discitis ... 11-12)"', () => {
    mounted = mount(<AssessmentScreen record={vignetteRecord('vcf-discitis')} asOf={AS_OF} showBanner />);
    expect(headline(mounted.container)).toMatch(/^Not a candidate: active infection \(Discitis, unspecified, lumbar region 11-12\)/);
    expect(decisions(mounted.container).getAttribute('data-folded')).toBe('yes');
  });

  it('fracture-age: the chronic fracture names its age and onset, and folds the questions', () => {
    mounted = mount(<AssessmentScreen record={vignetteRecord('vcf-chronic')} asOf={AS_OF} showBanner />);
    expect(headline(mounted.container)).toMatch(/^Not a candidate: fracture older than 12 weeks \(onset 05-26\)/);
    expect(decisions(mounted.container).getAttribute('data-folded')).toBe('yes');
  });

  it('deceased: "Recorded as deceased", never called a contraindication, in the card and in the note', () => {
    const record = vignetteRecord('vcf-osteoporotic', ([patient, ...rest]) => [{ ...patient!, deceasedDateTime: '2026-11-23' } as Resource, ...rest]);
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    expect(headline(mounted.container)).toMatch(/^Recorded as deceased/);
    const workup = byTestId(mounted.container, 'missing-workup').textContent!;
    expect(workup).toContain('The patient is recorded as deceased');
    expect(workup).not.toContain('contraindication');
    expect(decisions(mounted.container).getAttribute('data-folded')).toBe('yes');
    const note = clinicalNote({ assessment: assess(record, {}, AS_OF), answers: {}, evaluatedAt: '2026-11-24 10:00 UTC' });
    expect(note).toContain('Workup: not applicable now (the patient is recorded as deceased)');
    expect(note).not.toContain('(absolute contraindication)');
  });

  it('an answer that can still change the verdict keeps the questions open: "To decide"', () => {
    mounted = mount(<AssessmentScreen record={vignetteRecord('vcf-osteoporotic')} asOf={AS_OF} showBanner />);
    expect(decisions(mounted.container).tagName).toBe('SECTION');
    expect(decisions(mounted.container).querySelector('h3')!.textContent).toBe('To decide (2)');
    // A physician's "no" on the imaging ends it: the reason is named, and the questions (still answerable) fold.
    click(radio(mounted.container, 'imagingConfirmsAcute', 'no'));
    expect(headline(mounted.container)).toMatch(/^Not a candidate: imaging does not show an acute fracture/);
  });

  it('a record without a vertebral fracture says so first', () => {
    const record = vignetteRecord('vcf-osteoporotic', (all) => all.filter((r) => r.resourceType !== 'Condition'));
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    expect(headline(mounted.container)).toMatch(/^No vertebral fracture in the record: /);
  });

  it('a candidate with no treated level says so in its summary', () => {
    // The sample's fracture names its level (bodySite L1): without it, the record names none.
    const noLevel = vignetteRecord('vcf-osteoporotic', (all) => all.map((r) => {
      if (r.resourceType !== 'Condition') return r;
      const { bodySite: _level, ...rest } = r as Condition;
      return rest;
    }));
    mounted = mount(<AssessmentScreen record={noLevel} asOf={AS_OF} showBanner />);
    click(radio(mounted.container, 'imagingConfirmsAcute', 'yes'));
    click(radio(mounted.container, 'painAttributable', 'yes'));
    expect(headline(mounted.container)).toMatch(/meets the documented criteria; no treated level entered$/);
  });

  it('a candidate whose fracture Condition names its level leads with it (issue 19 item 8: the launcher\'s L1)', () => {
    mounted = mount(<AssessmentScreen record={vignetteRecord('vcf-osteoporotic')} asOf={AS_OF} showBanner />);
    expect(byTestId(mounted.container, 'levels').textContent).toMatch(/^Levels in the record: L1\./);
    click(radio(mounted.container, 'imagingConfirmsAcute', 'yes'));
    click(radio(mounted.container, 'painAttributable', 'yes'));
    expect(headline(mounted.container)).toMatch(/^L1 osteoporotic fracture, 3 weeks: meets the documented criteria$/);
  });
});

describe('imaging and level from the reports (issue 19 item 2, v3 Evidence.conclusion and reportLevels)', () => {
  it('quotes the report conclusion in the imaging question and proposes the reported level with its source', async () => {
    const { decisionQuestion } = await import('../../src/ui/panel/card-model');
    const { treatedLevelsWithSource } = await import('../../src/clinical/report-facts');
    const base = assess(vignetteRecord('vcf-osteoporotic'), {}, AS_OF);
    const criteria = base.criteria.map((c) => (c.id !== 'imaging-confirmation' ? c : {
      ...c, evidence: [{ resourceType: 'DiagnosticReport', id: 'mri', display: 'MRI lumbar spine without contrast', date: '2026-11-10', conclusion: 'Acute L1 compression fracture with marrow edema on STIR. No retropulsion.' }],
    }));
    const assessment = { ...base, criteria, recordLevels: [], reportLevels: [{ level: 'L1', reportId: 'mri', date: '2026-11-10' }] };
    expect(decisionQuestion('imagingConfirmsAcute', assessment, {})).toBe('MRI L-spine w/o (2026-11-10): "Acute L1 compression fracture with marrow edema on STIR. No retropulsion." Acute fracture at the treated level?');
    expect(treatedLevelsWithSource(assessment, {})).toEqual({ levels: ['L1'], source: 'from the MRI report (to confirm)' });
    expect(treatedLevelsWithSource(assessment, { levels: ['L1'] }, ['L1'])).toEqual({ levels: ['L1'], source: 'from the order' });
  });
});
