// A server that ignores `_sort` (issue 12): the sandbox's `ignores_sort` simulation answers every search oldest
// first. Plan v2 asks each list for its newest result on one small page; the loader must see that the page is not
// newest first, read the whole list instead, and reach the assessment of reading everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import type { ObservationPlan } from '../../src/fhir/queries';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { launchToken } from '../sandbox/sandbox-client';
import { AS_OF, TODAY, comparable, readWithPlan } from './plan-reads';

let sandbox: RunningSandbox;
let syntheaIds: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: true, today: TODAY, log: () => {} });
  const html = await (await fetch(sandbox.ehrUrl)).text();
  // Synthea records have years of vitals and labs: the newest result is never the first of an unsorted answer.
  syntheaIds = [...new Set([...html.matchAll(/data-patient-id="([0-9a-f-]{36})"/g)].map((m) => m[1]!))];
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

async function read(patientId: string, plan: ObservationPlan, sim: string, urls: string[] = []) {
  const token = (await launchToken(sandbox, patientId, { sim })).access_token!;
  return readWithPlan(sandbox, patientId, token, plan, urls);
}

/** The LOINC code with the most results in a record read in full (Synthea: a vital sign taken at every visit). */
function busiestCode(record: Awaited<ReturnType<typeof read>>): { code: string; dates: string[] } {
  const byCode = new Map<string, string[]>();
  for (const o of record.observations) for (const c of o.code.codings) if (c.code && o.date) byCode.set(c.code, [...(byCode.get(c.code) ?? []), o.date]);
  const [code, dates] = [...byCode.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
  return { code, dates };
}

const codeOf = (url: string) => new URLSearchParams(url.split('?')[1]).get('code');

describe('a FHIR server that ignores _sort', () => {
  it('is noticed: each list is read in full, and the assessment is that of reading everything', async () => {
    expect(syntheaIds.length).toBeGreaterThan(5);
    for (const patientId of syntheaIds.slice(0, 6)) {
      const urls: string[] = [];
      const unsorted = await read(patientId, 'latest', 'ignores_sort', urls);
      const everything = await read(patientId, 'full', 'none');
      expect(unsorted.dataGaps, patientId).toEqual([]);
      expect(comparable(assess(unsorted, {}, AS_OF)), patientId).toEqual(comparable(assess(everything, {}, AS_OF)));
      // The busiest list was asked newest first, then read whole without the sort.
      const { code, dates } = busiestCode(everything);
      const asked = urls.filter((u) => u.startsWith('Observation?') && codeOf(u)?.split(',').some((c) => c === code || c === `http://loinc.org|${code}`));
      expect(asked.some((u) => u.includes('_sort=-date')), `${patientId} ${code}`).toBe(true);
      if (dates.length > 2) expect(asked.some((u) => !u.includes('_sort') && !u.includes('date')), `${patientId} ${code}`).toBe(true);
    }
  }, 240_000);

  it('would have misled a loader that trusted the first page: the newest result is not on it', async () => {
    const patientId = syntheaIds[0]!;
    const { code, dates } = busiestCode(await read(patientId, 'full', 'none'));
    expect(dates.length).toBeGreaterThan(2);
    const token = (await launchToken(sandbox, patientId, { sim: 'ignores_sort' })).access_token!;
    const url = `${sandbox.fhirBaseUrl}/Observation?patient=${patientId}&code=http://loinc.org|${code}&_sort=-date&_count=2`;
    const firstPage = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json()) as { entry: Array<{ resource: { effectiveDateTime: string } }> };
    expect(firstPage.entry).toHaveLength(2);
    expect(firstPage.entry.map((e) => e.resource.effectiveDateTime)).not.toContain(dates.sort().at(-1));
  }, 60_000);
});
