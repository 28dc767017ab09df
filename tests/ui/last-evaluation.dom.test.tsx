// Issue 19 item 7: a relaunch shows the latest evaluation this app saved for the patient at the top of the card, with
// the author the note names (never "you"; a non-Practitioner named as such) and whether today's record gives the same
// verdict. The chart is a FHIR server on msw answering the app's own search; the card is drawn before the line.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { DocumentReference, Reference } from 'fhir/r4';
import { VIGNETTES } from '../../sandbox/patients';
import { assess } from '../../src/clinical/assess';
import { summaryText } from '../../src/clinical/summary';
import type { Answers } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import type { AppPhase } from '../../src/app/session';
import { PhaseView } from '../../src/ui/App';
import { localDateTime } from '../../src/ui/local-time';
import type { ChartSession } from '../../src/writeback/chart-access';
import { buildNoteDocument } from '../../src/writeback/document-reference';
import { newWriteIdentifier } from '../../src/writeback/identifier';
import { byTestId, mount, waitForElement, type Mounted } from './render';

const BASE = 'https://ehr.example/fhir';
const asOf = '2026-11-24';
const vignette = VIGNETTES.find((v) => v.id === 'vcf-pregnant')!;
const record = recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: vignette.build(new Date(Date.UTC(2026, 10, 24, 12))).map((resource) => ({ resource })) });
const patientId = record.patient.id;
const SAVED_AT = '2026-11-23T08:51:00.000Z';
const DR = { reference: 'Practitioner/dr-1', display: 'Dr. Robin Sandbox' };

/** A note exactly as this app saves it, for the assessment the given answers gave then. */
function savedNote(id: string, answers: Answers, author?: Reference, date = SAVED_AT): DocumentReference {
  const then = assess(record, answers, asOf);
  return { ...buildNoteDocument({ assessment: then, note: 'The note.', detail: summaryText(then), date, identifier: newWriteIdentifier(), ...(author ? { author } : {}) }), id };
}

const server = setupServer();
const searches: string[] = [];
function chartHolds(...notes: DocumentReference[]) {
  server.use(http.get(`${BASE}/DocumentReference`, ({ request }) => {
    searches.push(request.url);
    return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: notes.map((resource) => ({ resource })) });
  }));
}
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  server.resetHandlers();
  searches.length = 0;
  sessionStorage.clear();
});
afterAll(() => server.close());

function launch(scope = 'patient/DocumentReference.crus') {
  // A new session object per launch, as each launch's ready() gives.
  const chart: ChartSession = { client: { state: { serverUrl: BASE, scope, tokenResponse: { access_token: 't', scope } }, refreshIfNeeded: async () => undefined, refresh: async () => undefined }, patientId };
  const phase: AppPhase = { kind: 'loaded', record, asOf, showBanner: true, chart };
  mounted = mount(<PhaseView phase={phase} />);
  return mounted.container;
}

describe('the latest saved evaluation above the verdict card (issue 19 item 7)', () => {
  it('names the verdict, the note\'s author and the time with its zone, above the card, and says today\'s record gives the same verdict', async () => {
    chartHolds(savedNote('earlier', {}, DR));
    const container = launch();
    // The card is drawn first: the line comes after it, from a search made only then.
    expect(byTestId(container, 'verdict')).toBeTruthy();
    expect(container.querySelector('[data-testid="last-evaluation"]')).toBeNull();
    const line = await waitForElement(container, '[data-testid="last-evaluation"]');
    expect(line.textContent).toBe(`Last saved evaluation: Does not meet the documented criteria by Dr. Robin Sandbox (Practitioner/dr-1), ${localDateTime(new Date(SAVED_AT))}. Today's record gives the same verdict.`);
    expect(line.textContent).not.toMatch(/\byou\b/);
    expect(line.compareDocumentPosition(byTestId(container, 'verdict')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(line.dataset.resourceId).toBe('earlier');
    // One search for the note, shared with Save to chart (which replaces that note on save).
    await waitForElement(container, '[data-testid="save-note"]');
    expect(searches).toHaveLength(1);
    expect(new URL(searches[0]!).searchParams.get('patient')).toBe(patientId);
  });

  it('says what today\'s record gives when the verdict changed since the save, with the deciding reason', async () => {
    // Saved while the physician answered that the patient is not pregnant; today's record has the positive hCG.
    chartHolds(savedNote('before-hcg', { pregnant: false, imagingConfirmsAcute: true }, DR));
    const saved = assess(record, { pregnant: false, imagingConfirmsAcute: true }, asOf).verdict;
    expect(saved).not.toBe('not-candidate');
    const container = launch();
    const line = await waitForElement(container, '[data-testid="last-evaluation"]');
    expect(line.dataset.same).toBe('no');
    expect(line.textContent).toContain('Changed since: today\'s record gives "Does not meet the documented criteria" (Not a candidate: pregnancy');
    expect(line.textContent).toContain('with no answers given in this launch yet');
  });

  it('shows the newest of this app\'s notes only, and an author who is not a Practitioner as such', async () => {
    const patientApp = { reference: 'Patient/p1', display: 'Pat Ient' };
    const otherApp = { ...savedNote('other-app', {}, DR, '2026-11-24T07:00:00.000Z'), type: { text: 'Cardiology consult' } };
    chartHolds(savedNote('older', {}, DR, '2026-11-20T08:00:00.000Z'), savedNote('planted', {}, patientApp), otherApp);
    const container = launch();
    const line = await waitForElement(container, '[data-testid="last-evaluation"]');
    expect(line.dataset.resourceId).toBe('planted');
    expect(line.textContent).toContain('by Pat Ient (Patient/p1, not a clinician), ');
    expect(line.classList.contains('notice-warn')).toBe(true);
  });

  it('shows nothing when the grant does not let the app search notes, and sends no search', async () => {
    chartHolds(savedNote('earlier', {}, DR));
    const container = launch('patient/DocumentReference.cu');
    await waitForElement(container, '[data-testid="save-note"]');
    expect(container.querySelector('[data-testid="last-evaluation"]')).toBeNull();
    expect(searches).toEqual([]);
  });
});
