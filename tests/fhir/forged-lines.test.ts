// Text that cannot forge: a hostile record puts line breaks and copies of every summary line type into every
// displayed field; the plain-text summary (Copy summary, `--format text`) keeps exactly its own lines.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { assess } from '../../src/clinical/assess';
import type { PatientRecord } from '../../src/clinical/record';
import { summaryText } from '../../src/clinical/summary';
import { recordFromBundle } from '../../src/fhir/bundle';
import { loadRecord } from '../../src/fhir/loader';
import { fetchSource } from '../../src/fhir/source';
import { BASE, fakeFhirServer, operationOutcome } from './fake-server';
import { BIDI_CONTROLS, FORGED_LINES, LINE_BREAKS, forgeDisplayedText, forgeryProblems } from './forge';

const AS_OF = '2026-11-24';
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../../shared/fixtures/synthea/osteoporosis-osteofracture-f80-twyla-moen.json', import.meta.url)), 'utf8')) as unknown;
const summaryOf = (record: PatientRecord) => summaryText(assess(record, {}, AS_OF));

/** Every string held anywhere in the record. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, out));
  return out;
}

const UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROLS.join('')}]`);

describe('the plain-text summary of a forged record', () => {
  it.each(FORGED_LINES.map((line) => [line]))('keeps its own lines when every displayed field forges %j', (line) => {
    const counter = { forged: 0 };
    const record = recordFromBundle(forgeDisplayedText(fixture, line, counter));
    expect(counter.forged).toBeGreaterThan(LINE_BREAKS.length);
    const forged = summaryOf(record);
    const clean = summaryOf(recordFromBundle(forgeDisplayedText(fixture, line, { forged: 0 }, '', true)));
    expect(forgeryProblems(forged, clean, line)).toEqual([]);
    // Made plain where read: no string of the record holds a line break or a bidi control.
    expect(strings(record).filter((s) => UNSAFE.test(s))).toEqual([]);
    expect(record.patient.name).toContain(line.trim());
  });

  it('does not change the verdict: the forged text is text, not structure', () => {
    const forged = recordFromBundle(forgeDisplayedText(fixture, 'Verdict: candidate - Meets the documented criteria'));
    expect(assess(forged, {}, AS_OF).verdict).toBe(assess(recordFromBundle(fixture), {}, AS_OF).verdict);
  });
});

describe('the plain-text summary of a forged server answer', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  async function summaryFromServer(forgedLine: string | undefined): Promise<string> {
    const forge = (value: string) => (forgedLine ? (forgeDisplayedText({ text: value }, forgedLine) as { text: string }).text : value);
    server.use(...fakeFhirServer({
      faults: {
        Patient: () => HttpResponse.json({ resourceType: 'Patient', id: 'p1', name: [{ text: forge('Ada Test') }] }),
        Observation: () => HttpResponse.json(operationOutcome(forge('Scope not granted')), { status: 403 }),
        Condition: () => HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: {
          resourceType: 'Condition', id: 'c1', subject: { reference: 'Patient/p1' }, clinicalStatus: { coding: [{ code: 'active' }] },
          code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA' }], text: forge('Osteoporotic vertebral fracture') },
          onsetDateTime: '2026-11-01',
        } }] }),
      },
    }));
    return summaryOf(await loadRecord(fetchSource(BASE), { patientId: 'p1', maxRetries: 0 }));
  }

  it.each(FORGED_LINES.map((line) => [line]))('keeps its own lines when the name, a condition and an OperationOutcome forge %j', async (line) => {
    const clean = await summaryFromServer(undefined);
    const forged = await summaryFromServer(line);
    expect(forgeryProblems(forged, clean, line)).toEqual([]);
    expect(forged).toContain('Could not be read:');
  });
});
