// Issue 19: every note and print named "the signed-in clinician (not identified by the EHR)" although the saved note's
// author was the verified Practitioner. The app page now passes the verified fhirUser (a Practitioner) to the
// screen: the note preview and the print name the evaluator; a fhirUser that is not a Practitioner names nobody.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients';
import { recordFromBundle } from '../../src/fhir/bundle';
import type { AppPhase } from '../../src/app/session';
import type { ChartSession } from '../../src/writeback/chart-access';
import type { VerifiedUser } from '../../src/writeback/fhir-user';
import { byTestId, mount, waitFor, waitForElement, type Mounted } from './render';

const signedIn: { user: VerifiedUser } = { user: { ok: false, reason: 'not yet' } };
vi.mock('../../src/writeback/chart-access', async (original) => {
  const real = await original<typeof import('../../src/writeback/chart-access')>();
  return {
    ...real,
    chartAccess: (session: ChartSession) => ({
      patientId: session.patientId,
      granted: new Set(['DocumentReference']),
      author: async () => signedIn.user,
      latestAnswers: async () => undefined,
      latestNote: async () => undefined,
      create: async () => ({ ok: false, message: 'not in this test' }),
    }),
  };
});

const { PhaseView } = await import('../../src/ui/App');
const vignette = VIGNETTES.find((v) => v.id === 'vcf-osteoporotic')!;
const record = recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: vignette.build(new Date(Date.UTC(2026, 10, 24, 12))).map((resource) => ({ resource })) });
const chart = { client: { state: { serverUrl: 'https://ehr.example/fhir' }, refreshIfNeeded: async () => undefined }, patientId: record.patient.id } as ChartSession;
const phase: AppPhase = { kind: 'loaded', record, asOf: '2026-11-24', showBanner: true, chart };

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  sessionStorage.clear();
});

describe('the evaluator from the verified id_token', () => {
  it('a verified Practitioner is named in the note to save and in the print', async () => {
    signedIn.user = { ok: true, user: { reference: 'Practitioner/sandbox-clinician' }, display: 'Dr. Robin Sandbox' };
    mounted = mount(<PhaseView phase={phase} />);
    const preview = await waitForElement(mounted.container, '[data-testid="note-preview"]');
    await waitFor(() => expect(preview.textContent).toContain('Evaluated by Dr. Robin Sandbox (Practitioner/sandbox-clinician) on '));
    const print = await waitForElement(mounted.container, '[data-testid="print-report"]');
    await waitFor(() => expect(print.textContent).toContain('Evaluator: Dr. Robin Sandbox (Practitioner/sandbox-clinician)'));
    expect(byTestId(mounted.container, 'note-preview').textContent).not.toContain('not identified by the EHR');
  });

  it('Close comes after the verdict card in Tab order (issue 19 item 8)', async () => {
    mounted = mount(<PhaseView phase={{ ...phase, close: () => undefined }} />);
    const close = await waitForElement(mounted.container, '[data-action="close-session"]');
    const card = byTestId(mounted.container, 'verdict');
    expect(card.compareDocumentPosition(close) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('a fhirUser naming a Patient (a patient-facing sign-in) is not an evaluator', async () => {
    signedIn.user = { ok: true, user: { reference: 'Patient/p1' }, display: 'Pat Ient' };
    mounted = mount(<PhaseView phase={phase} />);
    const preview = await waitForElement(mounted.container, '[data-testid="note-preview"]');
    await waitFor(() => expect(preview.textContent).toContain('Evaluated by the signed-in clinician (not identified by the EHR)'));
    expect(preview.textContent).not.toContain('Pat Ient');
  });
});
