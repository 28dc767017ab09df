// worklist.html works as a page: its one inline script sorts by a column header and filters by text and verdict
// (run here in jsdom; the page has no other script and loads nothing).
import { describe, expect, it } from 'vitest';
import { htmlText } from '../../src/worklist/output';
import type { WorklistRow } from '../../src/worklist/rows';

const row = (id: string, age: number, verdict: WorklistRow['verdict'], name: string): WorklistRow => ({
  id, name, age, levels: [], cohortReason: 'fracture-window', verdict, verdictText: verdict, reasons: [], cautions: [], notRuledOut: [],
  redFlags: [], missingWorkup: [], gaps: [], ruleVersion: 'v', appVersion: 'a', asOf: '2026-12-01',
});

function page() {
  const rows = [row('a', 81, 'needs-information', 'Ann Zed'), row('b', 67, 'not-candidate', 'Bob Young'), row('c', 74, 'needs-information', 'Cy Xu')];
  const html = htmlText(rows, { asOf: '2026-12-01', generated: 'now', source: 's', population: 10, cohort: 3, runGaps: [], ruleVersion: 'v', appVersion: 'a' });
  document.documentElement.innerHTML = html.replace(/^<!doctype html>\s*<html[^>]*>/i, '').replace(/<\/html>\s*$/, '');
  // innerHTML does not run scripts: run the page's one script as the browser would.
  new Function(document.querySelector('script')!.textContent!)();
  const doc = document;
  const dom = { window };
  const ids = () => [...doc.querySelectorAll('#worklist tbody tr')].filter((r) => !(r as HTMLElement).hidden).map((r) => r.querySelector('small')!.textContent!.split(',')[0]);
  return { dom, doc, ids };
}

describe('worklist.html', () => {
  it('sorts by age when the Age header is clicked, and back', () => {
    const { doc, ids } = page();
    const age = [...doc.querySelectorAll('th button')].find((b) => b.textContent === 'Age') as HTMLButtonElement;
    age.click();
    expect(ids()).toEqual(['b', 'c', 'a']);
    age.click();
    expect(ids()).toEqual(['a', 'c', 'b']);
  });

  it('filters by verdict and by text', () => {
    const { dom, doc, ids } = page();
    const verdict = doc.getElementById('verdict') as HTMLSelectElement;
    verdict.value = 'not-candidate';
    verdict.dispatchEvent(new dom.window.Event('change'));
    expect(ids()).toEqual(['b']);
    verdict.value = '';
    verdict.dispatchEvent(new dom.window.Event('change'));
    const filter = doc.getElementById('filter') as HTMLInputElement;
    filter.value = 'xu';
    filter.dispatchEvent(new dom.window.Event('input'));
    expect(ids()).toEqual(['c']);
  });

  it('counts each verdict in decision-support words', () => {
    const { doc } = page();
    expect([...doc.querySelectorAll('.counts li')].map((li) => li.textContent)).toEqual([
      'Meets the documented criteria: 0', 'Needs more information: 2', 'Does not meet the documented criteria: 1',
    ]);
  });
});
