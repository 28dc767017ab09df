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
    inProgressAnswers: async () => undefined,
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
