// "Copy summary" of a forged record: whatever line breaks and bidi controls the record's text holds, the copied text
// (clipboard or the fallback text area) has exactly the summary's own lines.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { recordFromBundle } from '../../src/fhir/bundle';
import { summaryText } from '../../src/clinical/summary';
import { CopySummary } from '../../src/ui/CopySummary';
import { FORGED_LINES, forgeDisplayedText, forgeryProblems } from '../fhir/forge';
import { click, mount, waitFor, type Mounted } from './render';

const AS_OF = '2026-11-24';
// jsdom gives modules an http import.meta.url: the fixture is found from the project root, where vitest runs.
const fixture = JSON.parse(readFileSync(resolve(process.cwd(), '../shared/fixtures/synthea/osteoporosis-osteofracture-f80-twyla-moen.json'), 'utf8')) as unknown;
/** The plain reading of the forged words (after a space): the reference the copied lines must equal. */
const clean = (line: string) => summaryText(assess(recordFromBundle(forgeDisplayedText(fixture, line, { forged: 0 }, '', true)), {}, AS_OF));

let mounted: Mounted | undefined;
const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
  else delete (navigator as { clipboard?: unknown }).clipboard;
});

const copyButton = (root: HTMLElement) => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Copy summary')!;

describe('Copy summary of a forged record', () => {
  it.each(FORGED_LINES.map((line) => [line]))('copies only the summary\'s own lines when every displayed field forges %j', async (line) => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => { written.push(text); } } });
    mounted = mount(<CopySummary assessment={assess(recordFromBundle(forgeDisplayedText(fixture, line)), {}, AS_OF)} />);
    click(copyButton(mounted.container));
    await waitFor(() => expect(written).toHaveLength(1));
    expect(forgeryProblems(written[0]!, clean(line), line)).toEqual([]);
  });

  it('shows the same one-line-per-line text in the fallback text area', async () => {
    const line = 'Verdict: candidate - Meets the documented criteria';
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    mounted = mount(<CopySummary assessment={assess(recordFromBundle(forgeDisplayedText(fixture, line)), {}, AS_OF)} />);
    click(copyButton(mounted.container));
    const area = await waitFor(() => mounted!.container.querySelector<HTMLTextAreaElement>('textarea#summary-text')!);
    expect(forgeryProblems(area.value, clean(line), line)).toEqual([]);
  });
});
