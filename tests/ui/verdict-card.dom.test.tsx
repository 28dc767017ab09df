// The verdict card as a physician meets it: first on the page, the questions only they can answer inline and naming
// the record, cautions on the card, honest words when an answer stands in for a record, answers kept across a reload.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssessmentScreen, loadDetails } from '../../src/ui/AssessmentScreen';
import { recordFromBundle } from '../../src/fhir/bundle';
import { AS_OF, bundle, condition, daysAgo, lab, medication, needsInformationRecord, patient } from './fixtures';
import { byTestId, click, mount, radio, type Mounted } from './render';

// The details (criteria, form) and the note load in their own chunk: wait for it once.
beforeAll(() => loadDetails());

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  sessionStorage.clear();
});

const card = (root: ParentNode) => byTestId(root, 'verdict');
const statusOf = (root: ParentNode) => card(root).querySelector('[data-status]')?.getAttribute('data-status');

function confirmBoth(root: ParentNode) {
  click(radio(root, 'imagingConfirmsAcute', 'yes'));
  click(radio(root, 'painAttributable', 'yes'));
}

describe('verdict card', () => {
  it('comes first, holds the two physician-only questions naming the MRI on file, and the form does not ask them again', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    const verdict = card(container);
    const details = container.querySelector('[data-detail="criteria"]')!;
    expect(verdict.compareDocumentPosition(details) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(verdict.querySelectorAll('[data-status]')).toHaveLength(1);
    expect(byTestId(verdict, 'headline').textContent).toBe('Osteoporotic fracture, 3 weeks: needs more information');

    const decisions = byTestId(verdict, 'decisions');
    expect(decisions.querySelector('h3')!.textContent).toBe('To decide (2)');
    const imaging = decisions.querySelector('[data-field="imagingConfirmsAcute"]')!;
    expect(imaging.textContent).toContain(`MRI L-spine w/o (${daysAgo(15)}): acute fracture at the treated level`);
    expect(container.querySelectorAll('#answer-imagingConfirmsAcute-yes')).toHaveLength(1);
    expect(container.querySelector('[data-detail="answers"] [data-field="imagingConfirmsAcute"]')).toBeNull();

    click(radio(container, 'imagingConfirmsAcute', 'yes'));
    expect(decisions.querySelector('h3')!.textContent).toBe('To decide (1)');
    click(radio(container, 'painAttributable', 'yes'));
    expect(decisions.querySelector('h3')!.textContent).toBe('To decide (0)');
    expect(statusOf(container)).toBe('candidate');
    expect(byTestId(verdict, 'headline').textContent).toBe('Osteoporotic fracture, 3 weeks: meets the documented criteria; no treated level entered');
    expect(byTestId(verdict, 'verdict-announcement').textContent).toBe('Now meets the documented criteria; 0 cautions');
  });

  it('names each missing required item with the order to place and its CPT code; a not-required item is not marked red', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const missing = byTestId(card(mounted.container), 'missing-workup');
    expect(missing.querySelector('[data-id="coagulation"]')!.textContent).toContain('PT/INR, CPT 85610');
    expect(missing.querySelector('[data-id="cbc"]')!.textContent).toContain('CPT 85025');
    expect(missing.querySelector('[data-id="bone-density"]')!.textContent).toContain('CPT 77080');
    expect(missing.querySelector('[data-id="bone-scan"]')).toBeNull();
    const boneScan = mounted.container.querySelector('[data-detail="workup"] li[data-id="bone-scan"]')!;
    expect(boneScan.querySelector('.badge')!.className).toContain('tone-muted');
    expect(boneScan.textContent).not.toContain('Missing');
  });

  it('shows the warfarin and INR caution inside the card after the confirmations, with the threshold compared', () => {
    const record = needsInformationRecord([
      medication('warf', 'Warfarin 5 mg tablet', daysAgo(200)),
      lab('inr', '34714-6', 'INR in Platelet poor plasma by Coagulation assay', 2.8, '{INR}', daysAgo(3)),
      lab('plt', '777-3', 'Platelets [#/volume] in Blood', 45000, '/uL', daysAgo(3)),
    ]);
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    confirmBoth(mounted.container);
    expect(statusOf(mounted.container)).toBe('candidate');
    expect(card(mounted.container).getAttribute('data-indicator')).toBe('warning');
    const cautions = byTestId(card(mounted.container), 'cautions');
    expect(cautions.querySelector('h3')!.textContent).toContain('Cautions (2)');
    expect(cautions.textContent).toContain('Warfarin 5 mg tablet');
    expect(cautions.textContent).toContain(`INR: 2.8 (> 1.5) (${daysAgo(3)})`);
    expect(cautions.textContent).toContain('Plt: 45,000/µL = 45 ×10⁹/L, below 50');
    expect(cautions.textContent).toContain('Bleeding risk: INR above 1.5 and platelets below 50 ×10⁹/L (local default thresholds)');
    expect(cautions.textContent).not.toContain('INR in Platelet poor plasma');
    expect(byTestId(card(mounted.container), 'headline').textContent).toMatch(/meets the documented criteria, 2 cautions; no treated level entered$/);
  });

  it('says when a criterion is met only by the answer and the record holds no imaging study', () => {
    const record = recordFromBundle(bundle(patient(), condition('fx', 'M80.08XA', 'Age-related osteoporotic fracture of vertebra', daysAgo(10))));
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    expect(card(container).querySelector('[data-testid="answer-only"]')).toBeNull();
    expect(container.querySelector('[data-field="imagingConfirmsAcute"]')!.textContent).toContain('No spine MRI or bone scan in the record');
    click(radio(container, 'imagingConfirmsAcute', 'yes'));
    const warning = byTestId(card(container), 'answer-only');
    expect(warning.textContent).toContain('met by your answer; no imaging report in the record (spine MRI or bone scan): attach it for coverage');
    expect(card(container).getAttribute('data-indicator')).toBe('warning');
  });

  it('asks every unknown required item on the card: no pain score on file puts the pain question there', () => {
    const record = recordFromBundle(bundle(patient(), condition('fx', 'M80.08XA', 'Age-related osteoporotic fracture of vertebra', daysAgo(10))));
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    const decisions = byTestId(card(mounted.container), 'decisions');
    const fields = [...decisions.querySelectorAll('[data-field]')].map((e) => e.getAttribute('data-field'));
    expect(fields.slice(0, 2)).toEqual(['imagingConfirmsAcute', 'painAttributable']);
    expect(fields).toContain('painScore');
    expect(fields).toContain('conservativeCareTried');
    expect(decisions.querySelector('[data-field="painScore"]')!.textContent).toContain('No pain score within 14 days in the record');
  });

  it('keeps the answers across a reload of the same launch, and "Undo all my answers" forgets them', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    confirmBoth(mounted.container);
    mounted.unmount();
    expect(JSON.stringify(Object.entries(sessionStorage))).toContain('imagingConfirmsAcute');
    expect(localStorage.length).toBe(0);

    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    expect(radio(mounted.container, 'imagingConfirmsAcute', 'yes').checked).toBe(true);
    expect(statusOf(mounted.container)).toBe('candidate');
    const undo = [...mounted.container.querySelectorAll('button')].find((b) => b.textContent === 'Undo all my answers')!;
    click(undo);
    expect(statusOf(mounted.container)).toBe('needs-information');
    expect(sessionStorage.length).toBe(0);
  });

  it('keeps answers apart per patient', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    confirmBoth(mounted.container);
    mounted.unmount();
    const other = recordFromBundle(bundle(patient({ id: 'p2' }), condition('fx', 'M80.08XA', 'Age-related osteoporotic fracture of vertebra', daysAgo(10))));
    mounted = mount(<AssessmentScreen record={other} asOf={AS_OF} showBanner />);
    expect(radio(mounted.container, 'imagingConfirmsAcute', 'yes').checked).toBe(false);
  });
});

describe('the form says what the record settles', () => {
  it('asks no pregnancy question of a 78-year-old woman, and prefills a positive hCG as "from the record" for a woman of 34', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    expect(mounted.container.querySelector('[data-field="pregnant"]')).toBeNull();
    mounted.unmount();

    const young = recordFromBundle(bundle(
      patient({ birthDate: '1992-03-01' }),
      condition('fx', 'S32.010A', 'Wedge compression fracture of first lumbar vertebra', daysAgo(7)),
      { resourceType: 'Observation', id: 'hcg', status: 'final', subject: { reference: 'Patient/p1' }, effectiveDateTime: daysAgo(2),
        code: { coding: [{ system: 'http://loinc.org', code: '2106-3', display: 'Choriogonadotropin (pregnancy test) [Presence] in Urine' }] },
        valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '10828004', display: 'Positive' }] } },
    ));
    mounted = mount(<AssessmentScreen record={young} asOf={AS_OF} showBanner />);
    const row = mounted.container.querySelector('[data-field="pregnant"]')!;
    expect(radio(row, 'pregnant', 'yes').checked).toBe(true);
    expect(row.textContent).toContain('From the record');
    expect(row.textContent).toContain('Choriogonadotropin (pregnancy test) [Presence] in Urine: Positive');
    const cause = mounted.container.querySelector<HTMLSelectElement>('#answer-etiology')!;
    expect(cause.value).toBe('traumatic');
    expect(byTestId(card(mounted.container), 'missing-workup').textContent).toContain('Workup: not applicable now');
  });

  it('shows a Synthea-style unrounded pain score as a whole number', () => {
    const record = needsInformationRecord([
      { resourceType: 'Observation', id: 'pain-raw', status: 'final', subject: { reference: 'Patient/p1' }, effectiveDateTime: daysAgo(1),
        code: { coding: [{ system: 'http://loinc.org', code: '72514-3', display: 'Pain severity 0-10' }] }, valueQuantity: { value: 6.381084517442166, unit: '{score}' } },
    ]);
    mounted = mount(<AssessmentScreen record={record} asOf={AS_OF} showBanner />);
    expect(mounted.container.querySelector<HTMLInputElement>('#answer-painScore')!.value).toBe('6');
    expect(mounted.container.textContent).not.toMatch(/\d\.\d{3,}/);
    expect(mounted.container.textContent).not.toContain('{score}');
  });
});

describe('reasons link to their controls', () => {
  it('"Still needed" links to the card question that settles it', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const links = [...byTestId(card(mounted.container), 'reasons').querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['#answer-imagingConfirmsAcute-yes', '#answer-painAttributable-yes']);
    for (const link of links) expect(mounted.container.querySelector(link.getAttribute('href')!)).not.toBeNull();
  });
});

describe('pain worsening from the record', () => {
  it('the form shows "worsening" from the record\'s scores, marked as from the record', () => {
    mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
    const row = mounted.container.querySelector('[data-field="painWorsening"]')!;
    expect(radio(row, 'painWorsening', 'yes').checked).toBe(true);
    expect(row.textContent).toContain('From the record');
    expect(row.textContent).toContain('Pain scores 5, then 7: worsening');
  });
});
