// codes.md Platelets: the UCUM units of the platelet table convert to 10^9/L by the factor the table says.
// The UCUM library is a test-only dependency (57 KB gzip): the app carries the table, the test proves it.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { PLATELET_DISPLAY_UNITS, PLATELET_UCUM_UNITS } from '../../src/clinical/codes';
import { contra, observation, run } from './builders';

const require = createRequire(import.meta.url);
const ucum = (require('@lhncbc/ucum-lhc') as { UcumLhcUtils: { getInstance(): UcumUtils } }).UcumLhcUtils.getInstance();
interface UcumUtils {
  convertUnitTo(from: string, value: number, to: string): { status: string; toVal: number };
}

describe('coagulopathy: platelet units (codes.md Platelets)', () => {
  it.each(PLATELET_UCUM_UNITS.map((u) => [u.unit, u.factor] as const))('UCUM %s converts to 10*9/L with factor %s', (unit, factor) => {
    const converted = ucum.convertUnitTo(unit, 1, '10*9/L');
    expect(converted.status).toBe('succeeded');
    expect(converted.toVal).toBeCloseTo(factor, 12);
  });

  const everyUnit = [...PLATELET_UCUM_UNITS, ...PLATELET_DISPLAY_UNITS, { unit: 'K/µL', factor: 1 }];
  it.each(everyUnit.map((u) => [u.unit, u.factor] as const))('coagulopathy: a platelet count of 40 x10^9/L in %s is present, 60 is not', (unit, factor) => {
    const low = run({ resources: [observation('777-3', 40 / factor, unit, '2026-11-20T08:00:00Z')] });
    expect(contra(low, 'coagulopathy').status).toBe('present');
    const normal = run({ resources: [observation('777-3', 60 / factor, unit, '2026-11-20T08:00:00Z'), observation('6301-6', 1.0, '{INR}', '2026-11-20T08:00:00Z')] });
    expect(contra(normal, 'coagulopathy').status).toBe('absent');
  });

  it('coagulopathy: an unknown platelet unit is unreadable, so unknown, never absent', () => {
    const a = run({ resources: [observation('777-3', 40, 'mg/dL', '2026-11-20T08:00:00Z'), observation('6301-6', 1.0, '{INR}', '2026-11-20T08:00:00Z')] });
    expect(contra(a, 'coagulopathy').status).toBe('unknown');
  });
});
