// Spec v3 outputs in the panel (assessment.md): an imaging report's conclusion on its evidence, the levels imaging
// reports name beside the record levels, and workup the record could not settle shown as unknown with its note and
// no order.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PatientRecord } from '../../src/clinical/record';
import { recordFromBundle } from '../../src/fhir/bundle';
import { AssessmentScreen, loadDetails } from '../../src/ui/AssessmentScreen';
import { AS_OF, analgesic, bundle, condition, daysAgo, patient } from './fixtures';
import { byTestId, mount, type Mounted } from './render';

let mounted: Mounted | undefined;
// The detail sections load as a separate chunk: have it loaded before the first mount.
beforeAll(() => loadDetails());
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  sessionStorage.clear();
});

const subject = { reference: 'urn:uuid:p1' };
const mriReport = {
  resourceType: 'DiagnosticReport', id: 'mri-report', status: 'final', subject,
  code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '72148', display: 'MRI lumbar spine without contrast' }] },
  effectiveDateTime: daysAgo(9),
  conclusion: 'Acute L1 compression fracture with marrow edema on STIR. No retropulsion.',
};

function record(extra: Partial<PatientRecord> = {}): PatientRecord {
  const made = recordFromBundle(bundle(patient(), condition('fx', 'M80.08XA', 'Age-related osteoporotic fracture of vertebra', daysAgo(21)), analgesic('med1', daysAgo(18)), mriReport));
  return { ...made, ...extra };
}
const item = (root: ParentNode, id: string) => root.querySelector(`.panel [data-id="${id}"]`)!;

describe('panel: spec v3 outputs', () => {
  it('shows the MRI conclusion as text on its evidence, and the report level beside the record levels', () => {
    mounted = mount(<AssessmentScreen record={record()} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    const conclusion = item(container, 'imaging-confirmation').querySelector('[data-testid="evidence-conclusion"]');
    expect(conclusion?.textContent).toContain('Acute L1 compression fracture with marrow edema on STIR. No retropulsion.');
    expect(byTestId(container, 'levels').textContent).toContain('Levels in the record: none coded.');
    expect(byTestId(container, 'report-levels').textContent).toContain(`L1 (report mri-report, ${daysAgo(9)})`);
  });

  it('conservative care tried but not failed: the card asks since when, not "no conservative care"', () => {
    mounted = mount(<AssessmentScreen record={record()} asOf={AS_OF} showBanner />);
    const text = mounted.container.textContent ?? '';
    expect(text).toContain(`Conservative care since ${daysAgo(18)} is in the record (tried); its failure is not. Conservative care since ${daysAgo(18)} failed?`);
    expect(text).not.toContain('No conservative care started 7 to 84 days ago');
  });

  it('workup the record could not read completely is unknown with its note, never an order', () => {
    mounted = mount(<AssessmentScreen record={record({ incompleteTypes: ['Observation'], dataGaps: ['Observation: access denied (403)'] })} asOf={AS_OF} showBanner />);
    const { container } = mounted;
    const coagulation = item(container, 'coagulation');
    expect(coagulation.querySelector('[data-status]')?.getAttribute('data-status')).toBe('unknown');
    expect(coagulation.textContent).toContain('could not be read completely: may be on file');
    expect(coagulation.textContent).not.toContain('Order:');
    expect(byTestId(container, 'missing-workup').textContent).not.toContain('coagulation');
    // Still missing (read completely): ordered.
    expect(item(container, 'spine-xray').textContent).toContain('Order:');
  });
});
