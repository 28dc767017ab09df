// The Save to chart panel with a recorded chart: only granted writes are offered, nothing is written without a
// click, and a Retry after a failure resends the same resource with the same identifier.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Identifier, Resource } from 'fhir/r4';
import { VIGNETTES } from '../../sandbox/patients';
import { assess } from '../../src/clinical/assess';
import { prefill } from '../../src/clinical/prefill';
import { recordFromBundle } from '../../src/fhir/bundle';
import { SaveToChartPanel } from '../../src/ui/SaveToChartPanel';
import type { ChartAccess, WriteKind } from '../../src/writeback/chart-access';
import type { WriteOutcome } from '../../src/writeback/post-resource';
import { byTestId, click, mount, type Mounted } from './render';

const asOf = '2026-11-24';
const vignette = VIGNETTES.find((v) => v.id === 'vcf-little-data')!;
const record = recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: vignette.build(new Date(Date.UTC(2026, 10, 24, 12))).map((resource) => ({ resource })) });
const assessment = assess(record, {}, asOf);

function recordingChart(granted: WriteKind[], answers: WriteOutcome[]) {
  const calls: Array<{ resource: Resource; identifier: Identifier }> = [];
  const chart: ChartAccess = {
    patientId: record.patient.id,
    granted: new Set(granted),
    author: async () => ({ ok: true, user: { reference: 'Practitioner/dr-1' } }),
    latestAnswers: async () => undefined,
    latestNote: async () => undefined,
    async create(resource, identifier) {
      calls.push({ resource, identifier });
      return answers.shift() ?? { ok: true, id: `new-${calls.length}`, status: 201 };
    },
  };
  return { chart, calls };
}

let mounted: Mounted | undefined;
afterEach(() => mounted?.unmount());
const flush = () => act(async () => { for (let i = 0; i < 5; i += 1) await Promise.resolve(); });
const renderPanel = (chart: ChartAccess) => (mounted = mount(<SaveToChartPanel assessment={assessment} answers={{}} prefill={prefill(record, asOf)} note="The note." chart={chart} />));

describe('Save to chart', () => {
  it('offers only what the token grants; without the order grant, the orders are text to copy with their codes', () => {
    const { chart, calls } = recordingChart(['QuestionnaireResponse'], []);
    const { container } = renderPanel(chart);
    expect(container.querySelector('[data-action="save-note"]')).toBeNull();
    expect(byTestId(container, 'note-not-granted').textContent).toContain('not granted');
    expect(container.querySelector('[data-action="save-answers"]')).not.toBeNull();
    expect(container.querySelector('[data-action="propose-orders"]')).toBeNull();
    expect(byTestId(container, 'orders-text-list').textContent).toMatch(/CPT \d{5}/);
    expect(calls).toEqual([]);
  });

  it('writes the note only on the click, and a Retry after a 422 resends the same resource and identifier', async () => {
    const { chart, calls } = recordingChart(['DocumentReference', 'ServiceRequest'], [{ ok: false, status: 422, message: 'HTTP 422: the EHR rejected the content. The EHR says: bad note' }]);
    const { container } = renderPanel(chart);
    await flush();
    expect(byTestId(container, 'save-note').textContent).toContain('author Practitioner/dr-1');
    expect(byTestId(container, 'note-preview').textContent).toBe('The note.');
    expect(calls).toEqual([]);
    click(container.querySelector<HTMLElement>('[data-action="save-note"]')!);
    await flush();
    expect(byTestId(container, 'note-write').textContent).toContain('bad note');
    expect(byTestId(container, 'note-preview').textContent).toBe('The note.');
    click(container.querySelector<HTMLElement>('[data-action="retry-note-write"]')!);
    await flush();
    expect(byTestId(container, 'note-write').dataset.state).toBe('saved');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.identifier).toEqual(calls[0]!.identifier);
    expect(calls[1]!.resource).toBe(calls[0]!.resource);
    expect((calls[0]!.resource as { author?: unknown }).author).toEqual([{ reference: 'Practitioner/dr-1' }]);
  });

  it('sends the chosen draft orders in one batch, leaving out an unticked one', async () => {
    const { chart, calls } = recordingChart(['ServiceRequest'], []);
    const { container } = renderPanel(chart);
    await flush();
    const boxes = [...container.querySelectorAll<HTMLInputElement>('[data-testid="save-orders"] input[type="checkbox"]')];
    expect(boxes.length).toBeGreaterThanOrEqual(3);
    click(boxes[0]!);
    click(container.querySelector<HTMLElement>('[data-action="propose-orders"]')!);
    await flush();
    expect(calls).toHaveLength(boxes.length - 1);
    expect(calls.every((c) => c.resource.resourceType === 'ServiceRequest' && (c.resource as { status?: string }).status === 'draft')).toBe(true);
    expect(calls.every((c) => (c.resource as { requester?: { reference?: string } }).requester?.reference === 'Practitioner/dr-1')).toBe(true);
  });
});

describe('Save to chart, answers', () => {
  it('saves once per change: the same answers cannot be saved twice, changed ones can', async () => {
    const { chart, calls } = recordingChart(['QuestionnaireResponse'], []);
    const fromRecord = prefill(record, asOf);
    mounted = mount(<SaveToChartPanel assessment={assessment} answers={{ painWorsening: true }} prefill={fromRecord} note="n" chart={chart} />);
    await flush();
    const save = () => mounted!.container.querySelector<HTMLButtonElement>('[data-action="save-answers-in-progress"]')!;
    click(save());
    await flush();
    expect(calls).toHaveLength(1);
    expect((calls[0]!.resource as { status?: string }).status).toBe('in-progress');
    expect(save().disabled).toBe(true);
    act(() => render(<SaveToChartPanel assessment={assessment} answers={{ painWorsening: false }} prefill={fromRecord} note="n" chart={chart} />, mounted!.container));
    expect(save().disabled).toBe(false);
  });
});

describe('Save to chart after a relaunch, and write errors that say what is true (issue 19 item 7)', () => {
  const savedAnswers = (author: string | undefined) => ({
    resourceType: 'QuestionnaireResponse' as const, id: 'qr-9', status: 'completed' as const, authored: '2026-11-23T00:51:00Z',
    questionnaire: 'https://kyphoplasty-candidacy.example.org/fhir/Questionnaire/kyphoplasty-candidacy|1.0.0',
    subject: { reference: `Patient/${record.patient.id}` },
    ...(author ? { author: { reference: author, display: author.startsWith('Patient') ? 'Pat Ient' : 'Dr Robin Sandbox' } } : {}),
    item: [{ linkId: 'activeInfection', text: 'Active spinal or systemic infection', answer: [{ valueBoolean: false }],
      extension: [{ url: 'https://kyphoplasty-candidacy.example.org/fhir/StructureDefinition/answer-source', extension: [{ url: 'kind', valueCode: 'physician' }] }] }],
  });

  it('a QuestionnaireResponse by a non-Practitioner is shown for reading, never applied as the physician’s answers', async () => {
    const { chart } = recordingChart(['QuestionnaireResponse'], []);
    chart.latestAnswers = async () => savedAnswers(`Patient/${record.patient.id}`);
    const resumed: unknown[] = [];
    mounted = mount(<SaveToChartPanel assessment={assessment} answers={{}} prefill={prefill(record, asOf)} note="n" chart={chart} onResume={(e) => resumed.push(e)} />);
    await flush();
    const offer = byTestId(mounted.container, 'resume-answers');
    expect(offer.dataset.applicable).toBe('no');
    expect(offer.textContent).toContain('Answers saved by Pat Ient, 11-23 00:51 UTC');
    expect(offer.textContent).toContain('not by a clinician, shown for reading only, never applied as yours');
    expect(offer.textContent).toContain('Active spinal or systemic infection: false');
    expect(offer.querySelector('button')).toBeNull();
    expect(resumed).toEqual([]);
  });

  it('a clinician’s saved answers are offered with author and date, and once applied keep their origin (not "you")', async () => {
    const { chart } = recordingChart(['QuestionnaireResponse'], []);
    chart.latestAnswers = async () => savedAnswers('Practitioner/sandbox-clinician');
    const resumed: unknown[] = [];
    const fromRecord = prefill(record, asOf);
    mounted = mount(<SaveToChartPanel assessment={assessment} answers={{}} prefill={fromRecord} note="n" chart={chart} onResume={(e) => resumed.push(e)} />);
    await flush();
    const offer = byTestId(mounted.container, 'resume-answers');
    expect(offer.textContent).toContain('Saved by Dr Robin Sandbox, 11-23 00:51 UTC (completed; QuestionnaireResponse/qr-9)');
    click(offer.querySelector<HTMLElement>('[data-action="resume-answers"]')!);
    expect(resumed).toEqual([{ activeInfection: false }]);
    act(() => render(<SaveToChartPanel assessment={assessment} answers={{ activeInfection: false }} prefill={fromRecord} note="n" chart={chart} onResume={(e) => resumed.push(e)} />, mounted!.container));
    const preview = byTestId(mounted.container, 'answers-preview').textContent!;
    expect(preview).toContain('Active spinal or systemic infection: false (saved by Dr Robin Sandbox, 11-23 00:51 UTC)');
    expect(preview).not.toContain('false (you)');
  });

  it('a save in a new launch replaces the latest note this app wrote (relatesTo replaces)', async () => {
    const { chart, calls } = recordingChart(['DocumentReference'], []);
    chart.latestNote = async () => ({ resourceType: 'DocumentReference', id: 'first-launch-note', status: 'current', date: '2026-11-23T08:00:00Z', content: [] });
    const { container } = renderPanel(chart);
    await flush();
    expect(byTestId(container, 'save-note').textContent).toContain('Replaces DocumentReference/first-launch-note (saved 2026-11-23 08:00 UTC).');
    click(container.querySelector<HTMLElement>('[data-action="save-note"]')!);
    await flush();
    expect((calls[0]!.resource as { relatesTo?: unknown }).relatesTo).toEqual([{ code: 'replaces', target: { reference: 'DocumentReference/first-launch-note' } }]);
  });

  it('a 500 says the note may have been saved and offers a Retry that will not duplicate it', async () => {
    const { chart, calls } = recordingChart(['DocumentReference'], [{ ok: false, status: 500, mayHaveSaved: true, retry: true, message: 'HTTP 500: the EHR failed while saving; it may have been saved. Retry will not duplicate it.' }]);
    const { container } = renderPanel(chart);
    await flush();
    click(container.querySelector<HTMLElement>('[data-action="save-note"]')!);
    await flush();
    const status = byTestId(container, 'note-write');
    expect(status.textContent).toContain('Not confirmed: HTTP 500: the EHR failed while saving; it may have been saved. Retry will not duplicate it.');
    expect(status.textContent).not.toContain('Not saved');
    click(container.querySelector<HTMLElement>('[data-action="retry-note-write"]')!);
    await flush();
    expect(calls[1]!.identifier).toEqual(calls[0]!.identifier);
  });

  it('a 403 offers no Retry: Copy note instead', async () => {
    const { chart } = recordingChart(['DocumentReference'], [{ ok: false, status: 403, retry: false, message: 'HTTP 403: the EHR does not allow this write. Nothing was saved; a Retry would be refused too: use Copy note and paste it in the EHR.' }]);
    const { container } = renderPanel(chart);
    await flush();
    click(container.querySelector<HTMLElement>('[data-action="save-note"]')!);
    await flush();
    const status = byTestId(container, 'note-write');
    expect(status.textContent).toContain('Not saved: HTTP 403');
    expect(status.textContent).toContain('use Copy note');
    expect(container.querySelector('[data-action="retry-note-write"]')).toBeNull();
  });
});
