// Issue 22 (browser budget): the verdict card's first frame carries only the verdict and its summary line; the
// questions, cautions, workup and reasons under it arrive with the details a moment later, and the summary line does
// not change when they do. This file never calls loadDetails() first, so it sees the card as a first launch does.
import { afterEach, describe, expect, it } from 'vitest';
import type { Resource } from 'fhir/r4';
import { VIGNETTES } from '../../sandbox/patients/index';
import { recordFromBundle } from '../../src/fhir/bundle';
import { assess } from '../../src/clinical/assess';
import { recordFractureOnset } from '../../src/clinical/fracture-onset';
import { prefill } from '../../src/clinical/prefill';
import { isAnswerField } from '../../src/clinical/answers';
import { FIELD_DEFS } from '../../src/clinical/answer-fields';
import { answersKey, loadEdits } from '../../src/ui/answers-store';
import { AssessmentScreen } from '../../src/ui/AssessmentScreen';
import { cautionCount } from '../../src/ui/panel/card-headline';
import { cautionsOf } from '../../src/ui/panel/card-model';
import { byTestId, mount, waitFor, type Mounted } from './render';

const TODAY = new Date('2026-11-24T15:00:00Z');
const AS_OF = '2026-11-24';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  sessionStorage.clear();
});

const recordOf = (id: string) =>
  recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: (VIGNETTES.find((v) => v.id === id)!.build(TODAY) as Resource[]).map((resource) => ({ resource })) });

describe('the verdict card\'s first frame (issue 22)', () => {
  it('shows the verdict and the summary line at once, then the questions and workup under them, the summary line unchanged', async () => {
    mounted = mount(<AssessmentScreen record={recordOf('vcf-pregnant')} asOf={AS_OF} showBanner />);
    const card = byTestId(mounted.container, 'verdict');
    expect(card.querySelector('[data-status]')?.getAttribute('data-status')).toBe('not-candidate');
    const first = byTestId(card, 'headline').textContent;
    expect(first).toMatch(/^Not a candidate: pregnancy \(hCG positive 11-22\)/);
    // Until the rest arrives, the card says so instead of looking complete.
    expect(byTestId(card, 'card-loading').textContent).toMatch(/Loading the questions, cautions and workup/);
    expect(card.querySelector('[data-testid="missing-workup"]')).toBeNull();

    const workup = await waitFor(() => byTestId(mounted!.container, 'missing-workup'));
    expect(workup.textContent).toContain('An absolute contraindication is present (pregnancy)');
    expect(byTestId(mounted.container, 'decisions').getAttribute('data-folded')).toBe('yes');
    expect(mounted.container.querySelector('[data-testid="card-loading"]')).toBeNull();
    expect(byTestId(mounted.container, 'headline').textContent).toBe(first);
  });

  // The summary line counts the cautions without building their lines: the count must be the card's list length.
  it.each(VIGNETTES.map((v) => v.id))('%s: the summary line\'s caution count is the number of cautions the card lists', (id) => {
    const assessment = assess(recordOf(id), {}, AS_OF);
    expect(cautionCount(assessment)).toBe(cautionsOf(assessment).length);
  });

  // The summary line's fracture age comes from the record's onset before the form's prefill has loaded: the same day.
  it.each(VIGNETTES.map((v) => v.id))('%s: the summary line\'s onset is the day the form proposes', (id) => {
    const record = recordOf(id);
    expect(recordFractureOnset(record, AS_OF)).toBe(prefill(record, AS_OF).answers.onsetDate);
  });

  it('some sample patients have a recorded onset, so the equality above is not only undefined = undefined', () => {
    expect(VIGNETTES.filter((v) => recordFractureOnset(recordOf(v.id), AS_OF) !== undefined).length).toBeGreaterThan(2);
  });

  it('a record with a relative contraindication and red flags counts each of them', () => {
    const counted = VIGNETTES.map((v) => cautionCount(assess(recordOf(v.id), {}, AS_OF)));
    // At least one sample patient carries cautions, or the equality above proves nothing.
    expect(Math.max(...counted)).toBeGreaterThan(0);
  });

  // Kept answers are checked against the answers' field names (the form's labels load later): the same fields.
  it('an answer kept for a reload is restored for every field the form asks, and a foreign key is dropped', () => {
    const names = Object.keys(FIELD_DEFS);
    expect(names.filter((name) => !isAnswerField(name))).toEqual([]);
    const key = answersKey('p1', undefined);
    sessionStorage.setItem(key, JSON.stringify({ ...Object.fromEntries(names.map((name) => [name, 'x'])), notAField: true, toString: 'x' }));
    expect(Object.keys(loadEdits(key)).sort()).toEqual([...names].sort());
  });
});
