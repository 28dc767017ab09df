// Re-dating the Synthea bundles: one constant shift, birth dates included, latest clinical date
// landing just before today, fixture files untouched.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Encounter, Observation, Patient } from 'fhir/r4';
import { latestClinicalDate, redateBundle, shiftDateValue } from '../../sandbox/synthea/redate';
import { DEFAULT_SYNTHEA_DIR } from '../../sandbox/synthea/load-fixtures';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { ehrLaunchCode, exchangeCode, fhirGet } from './sandbox-client';

const TODAY = new Date('2026-11-24T12:00:00Z');
const DAY = 86_400_000;
const HALLIE = 'osteoporosis-osteofracture-f100-hallie-hoeger.json';
const INFERNO = 'more/uscore-inferno-kneeoa-oldcoloncancer-m86-patient355.json';

async function fixture(file: string): Promise<Bundle> {
  return JSON.parse(await readFile(join(DEFAULT_SYNTHEA_DIR, file), 'utf8')) as Bundle;
}

function resourcesOf<T>(bundle: Bundle, type: string): T[] {
  return (bundle.entry ?? []).map((e) => e.resource).filter((r) => r?.resourceType === type) as T[];
}

/** Latest effective/period date among Observations and Encounters: an independent measure. */
function latestVisitOrResult(bundle: Bundle): number {
  const dates = [
    ...resourcesOf<Observation>(bundle, 'Observation').map((o) => o.effectiveDateTime ?? o.effectivePeriod?.start),
    ...resourcesOf<Encounter>(bundle, 'Encounter').map((e) => e.period?.start),
  ].filter((d): d is string => Boolean(d));
  return Math.max(...dates.map((d) => Date.parse(d)));
}

describe('shiftDateValue', () => {
  it.each([
    ['2020-12-16', 30, '2021-01-15'],
    ['2020-02-28T10:20:30-05:00', 1, '2020-02-29T10:20:30-05:00'],
    ['2021-03-01T00:00:00.123Z', -1, '2021-02-28T00:00:00.123Z'],
    ['not a date', 10, 'not a date'],
    ['1734', 400, '1734'],
  ])('%s shifted by %i days is %s', (input, days, expected) => {
    expect(shiftDateValue(input, days)).toBe(expected);
  });

  it('shifts partial dates only where the key says they are dates', () => {
    expect(shiftDateValue('1950-06', 31, true)).toBe('1950-07');
    expect(shiftDateValue('1950-06', 31, false)).toBe('1950-06');
  });
});

describe('redateBundle', () => {
  it.each([HALLIE, INFERNO])('%s: the latest visit or result lands within a few days of today', async (file) => {
    const original = await fixture(file);
    expect(latestVisitOrResult(original)).toBeLessThan(TODAY.getTime() - 365 * DAY);
    const { bundle, shiftDays } = redateBundle(original, TODAY);
    expect(shiftDays).toBeGreaterThan(365);
    const latest = latestVisitOrResult(bundle);
    expect(latest).toBeLessThanOrEqual(TODAY.getTime());
    expect(latest).toBeGreaterThan(TODAY.getTime() - 7 * DAY);
    expect(latestClinicalDate(bundle, TODAY)).toBe('2026-11-23');
  });

  it('moves the birth date by the same days, keeping ages at each event', async () => {
    const original = await fixture(HALLIE);
    const { bundle, shiftDays } = redateBundle(original, TODAY);
    const before = resourcesOf<Patient>(original, 'Patient')[0]?.birthDate ?? '';
    const after = resourcesOf<Patient>(bundle, 'Patient')[0]?.birthDate ?? '';
    expect((Date.parse(after) - Date.parse(before)) / DAY).toBe(shiftDays);
  });

  it('does not modify its input', async () => {
    const original = await fixture(HALLIE);
    const copy = JSON.stringify(original);
    redateBundle(original, TODAY);
    expect(JSON.stringify(original)).toBe(copy);
  });
});

describe('loaded into the sandbox', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, log: () => {} });
  }, 30_000);
  afterAll(async () => {
    await sandbox?.close();
  });

  it('serves a re-dated Synthea patient whose references resolve', async () => {
    const page = await (await fetch(sandbox.ehrUrl)).text();
    expect(page).toContain('data-testid="synthea-patients"');
    expect(page).toContain('data-patient-id="355"');
    // The Inferno patient is PUT as Patient/355 while its entries reference urn:uuid:e91975f5-...
    const { code, verifier } = await ehrLaunchCode(sandbox, '355', { scope: 'launch patient/*.rs' });
    const { body } = await exchangeCode(sandbox, code, verifier);
    const encounters = (await (await fhirGet(sandbox, 'Encounter?patient=355&_summary=count', body.access_token)).json()) as Bundle;
    expect(encounters.total).toBeGreaterThan(10);
    // Inferno's record mixes effectivePeriod and effectiveDateTime and has one Observation dated
    // only by an invalid effectivePeriod.stop: neither may push the real latest off the top.
    const res = await fhirGet(sandbox, 'Observation?patient=355&_sort=-date&_count=1', body.access_token);
    const latest = ((await res.json()) as Bundle<Observation>).entry?.[0]?.resource;
    const when = Date.parse(latest?.effectiveDateTime ?? '');
    expect(Date.now() - when).toBeLessThan(5 * DAY);
    expect(Date.now() - when).toBeGreaterThan(-DAY);
  });
});
