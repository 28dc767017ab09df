import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentScreen, loadDetails } from '../../src/ui/AssessmentScreen';
import { recordFromBundle } from '../../src/fhir/bundle';
import { AS_OF, bundle, condition, daysAgo, needsInformationRecord, patient, painScore } from './fixtures';
import { byTestId, click, mount, radio, type, type Mounted } from './render';

// The details (criteria, form) and the note load in their own chunk: wait for it once.
beforeAll(() => loadDetails());

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  sessionStorage.clear();
});

const verdictOf = (root: ParentNode) => byTestId(root, 'verdict').textContent ?? '';
const statusOf = (root: ParentNode) => byTestId(root, 'verdict').querySelector('[data-status]')?.getAttribute('data-status');
const reasonsOf = (root: ParentNode) => [...(root.querySelector('[data-testid="reasons"]')?.querySelectorAll('li') ?? [])].map((li) => li.textContent);
const criterion = (root: ParentNode, id: string) => root.querySelector(`.panel [data-id="${id}"]`)!;

describe('AssessmentScreen', () => {
  it('re-evaluates at once: answering imaging and attributable pain turns needs-information into candidate', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    expect(verdictOf(container)).toContain('Needs more information');
    expect(statusOf(container)).toBe('needs-information');
    expect(reasonsOf(container).join('\n')).toContain('Still needed: Advanced imaging shows an acute fracture');

    click(radio(container, 'imagingConfirmsAcute', 'yes'));
    expect(statusOf(container)).toBe('needs-information');
    expect(reasonsOf(container).join('\n')).not.toContain('Advanced imaging');
    expect(criterion(container, 'imaging-confirmation').textContent).toContain('Met');
    expect(criterion(container, 'imaging-confirmation').textContent).toContain('Your answer: Imaging shows an acute fracture: yes');

    click(radio(container, 'painAttributable', 'yes'));
    expect(verdictOf(container)).toContain('Meets the documented criteria');
    expect(byTestId(container, 'missing-workup').textContent).toMatch(/Missing required workup \(\d+\)/);
    expect(verdictOf(container)).not.toMatch(/recommend/i);
    // The verdict says it once; "the physician decides" is said once, not in a reason too.
    expect(reasonsOf(container)).toEqual([]);
    expect(verdictOf(container).match(/physician decides/g)).toHaveLength(1);

    // And back: "No" on a required criterion makes it not-candidate, with the reason.
    click(radio(container, 'painAttributable', 'no'));
    expect(verdictOf(container)).toContain('Does not meet the documented criteria');
    expect(reasonsOf(container).join('\n')).toContain('Not met: Pain is primarily from the identified fracture');
  });

  it('never shows candidate while an answer is invalid: the record must not speak for a rejected answer', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    click(radio(container, 'imagingConfirmsAcute', 'yes'));
    click(radio(container, 'painAttributable', 'yes'));
    expect(verdictOf(container)).toContain('Meets the documented criteria');
    type(container.querySelector<HTMLInputElement>('#answer-painScore')!, '4/10');
    expect(statusOf(container)).toBe('needs-information');
    expect(reasonsOf(container).join('\n')).toContain('a valid answer for painScore');
    type(container.querySelector<HTMLInputElement>('#answer-painScore')!, '8');
    expect(verdictOf(container)).toContain('Meets the documented criteria');
  });

  it('prefills the form from the record, with sources, and sends only edited fields to the rules', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    const pain = container.querySelector<HTMLInputElement>('#answer-painScore')!;
    expect(pain.value).toBe('7');
    const painRow = container.querySelector('[data-field="painScore"]')!;
    expect(painRow.textContent).toContain('From the record');
    expect(painRow.textContent).toContain(`Latest pain score 7/10 on ${daysAgo(2)}`);
    expect(radio(container, 'vcf', 'yes').checked).toBe(true);
    expect(container.querySelector<HTMLInputElement>('#answer-onsetDate')!.value).toBe(daysAgo(21));
    expect(container.querySelector('[data-fact="vertebral-fracture"]')!.textContent).toContain('Age-related osteoporotic fracture of vertebra');
    // Untouched: the rule cites the record, not the clinician.
    expect(criterion(container, 'severe-pain').textContent).toContain('Observation');
    // v3 conservative-care: the analgesic (18 days ago) then pain 7/10 (2 days ago) documents failure.
    expect(criterion(container, 'conservative-care').textContent).toContain(`Failure documented: pain 7/10 on ${daysAgo(2)}`);
    expect(criterion(container, 'severe-pain').textContent).not.toContain('Your answer');

    type(pain, '3');
    expect(criterion(container, 'severe-pain').textContent).toContain('Not met');
    expect(criterion(container, 'severe-pain').textContent).toContain('Your answer: Pain score now (0-10): 3');
    expect(painRow.textContent).toContain('Your answer');
    click(painRow.querySelector<HTMLButtonElement>('.link-button')!);
    expect(pain.value).toBe('7');
    expect(criterion(container, 'severe-pain').textContent).toContain('Met');
  });

  it('shows the field\'s message for an invalid pain score and does not count it', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    const pain = container.querySelector<HTMLInputElement>('#answer-painScore')!;
    type(pain, '11');
    const message = container.querySelector('.field-error[data-field="painScore"]');
    expect(message?.textContent).toContain('must be a number from 0 to 10');
    expect(pain.getAttribute('aria-invalid')).toBe('true');
    expect(pain.getAttribute('aria-describedby')).toContain(message!.id);
    expect(container.textContent).toContain('1 answer is invalid and is not counted');
    expect(criterion(container, 'severe-pain').textContent).not.toContain('Your answer');

    type(pain, 'seven');
    expect(container.querySelector('.field-error[data-field="painScore"]')?.textContent).toContain('must be a number from 0 to 10');

    type(pain, '8');
    expect(container.querySelector('.field-error')).toBeNull();
    expect(pain.hasAttribute('aria-invalid')).toBe(false);
  });

  it('validates the RDQ score, the levels and the onset date through parseAnswers', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    type(container.querySelector<HTMLInputElement>('#answer-rdqScore')!, '30');
    expect(container.querySelector('[data-field="rdqScore"] .field-error')?.textContent).toContain('must be a whole number from 0 to 24');
    type(container.querySelector<HTMLInputElement>('#answer-levels')!, 'T12, X9');
    expect(container.querySelector('[data-field="levels"] .field-error')?.textContent).toContain('unknown level "X9"');
    type(container.querySelector<HTMLInputElement>('#answer-levels')!, 't12 l1 l2 l3');
    expect(container.querySelector('[data-field="levels"] .field-error')).toBeNull();
    expect(container.querySelector('.panel [data-id="too-many-levels"]')!.textContent).toContain('Present');
    type(container.querySelector<HTMLInputElement>('#answer-onsetDate')!, '2027-01-01');
    expect(container.querySelector('[data-field="onsetDate"] .field-error')?.textContent).toContain('after the evaluation date');
  });

  it('renders FHIR text as text: a display holding markup creates no element', () => {
    const record = recordFromBundle(bundle(
      patient({ name: [{ text: '<b>Bold</b> <script>alert(1)</script>' }] }),
      condition('fx', 'M80.08XA', '<img src=x onerror=alert(1)>', daysAgo(10)),
      painScore('p', 6, daysAgo(1)),
    ));
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(byTestId(container, 'patient-banner').textContent).toContain('<b>Bold</b>');
  });

  it('shows the patient banner unless the EHR says it shows its own (need_patient_banner false)', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const banner = byTestId(mounted.container, 'patient-banner');
    expect(banner.textContent).toContain('Ada Quigley');
    expect(banner.textContent).toContain('78 y');
    expect(banner.textContent).toContain('female');
    expect(banner.textContent).toContain('1948-05-02');
    mounted.unmount();
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner={false} />);
    expect(mounted.container.querySelector('[data-testid="patient-banner"]')).toBeNull();
    expect(byTestId(mounted.container, 'verdict')).toBeTruthy();
  });

  it('lists data gaps and still assesses the rest', () => {
    const record = needsInformationRecord();
    record.dataGaps.push('Observation: access denied (403): scope does not cover Observation');
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    const gaps = byTestId(mounted.container, 'data-gaps');
    expect(gaps.textContent).toContain('Could not read: Observation: access denied (403): scope does not cover Observation');
    const onCard = byTestId(byTestId(mounted.container, 'verdict'), 'card-gaps');
    expect(onCard.textContent).toContain('Partial data: 1 part of the record could not be read');
    expect(mounted.container.querySelector(onCard.querySelector('a')!.getAttribute('href')!)).toBe(gaps.querySelector('h2'));
    expect(statusOf(mounted.container)).toBe('needs-information');
  });

  it('labels every input and states every status in words', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    for (const input of container.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select, textarea')) {
      const label = container.querySelector(`label[for="${input.id}"]`);
      expect(label?.textContent?.trim(), `label for ${input.id || input.name}`).toBeTruthy();
    }
    for (const group of container.querySelectorAll('fieldset')) expect(group.querySelector('legend')?.textContent).toBeTruthy();
    for (const badge of container.querySelectorAll('.badge')) expect(badge.textContent!.replace(/[✓✗?⚠↻]/g, '').trim()).not.toBe('');
    expect(container.querySelectorAll('section h2, section h3').length).toBeGreaterThan(5);
  });
});
