// The clinical value formatter on values as Synthea exports them: pain whole, labs to their precision, UCUM
// annotations dropped or mapped, platelets converted where the 50 ×10⁹/L threshold is compared.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clinicalText, displayUnit, formatNumber, formatQuantity, plateletsPer10e9L } from '../../src/clinical/display';

interface Quantity { value: number; unit?: string; code?: string }
const SYNTHEA = '../shared/fixtures/synthea/osteoporosis-f78-margery-gibson.json';

/** The first value of each LOINC code in a Synthea bundle, as recorded. */
function syntheaValues(file: string): Map<string, Quantity> {
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { entry: Array<{ resource: { resourceType: string; code?: { coding?: Array<{ code?: string }> }; valueQuantity?: Quantity } }> };
  const values = new Map<string, Quantity>();
  for (const { resource } of bundle.entry) {
    const code = resource.code?.coding?.[0]?.code;
    if (resource.resourceType === 'Observation' && code && resource.valueQuantity && !values.has(code)) values.set(code, resource.valueQuantity);
  }
  return values;
}

describe('clinical value formatting on Synthea values', () => {
  const values = syntheaValues(SYNTHEA);
  const of = (loinc: string) => {
    const q = values.get(loinc);
    if (!q) throw new Error(`no ${loinc} in ${SYNTHEA}`);
    return q;
  };

  it('pain: a whole number with no {score}', () => {
    const pain = of('72514-3');
    expect(Number.isInteger(pain.value)).toBe(false);
    expect(formatQuantity(pain.value, pain.unit)).toBe(String(Math.round(pain.value)));
    expect(clinicalText(`Pain severity - 0-10 verbal numeric rating [Score] - Reported: ${pain.value} ${pain.unit}`))
      .toBe(`Pain severity - 0-10 verbal numeric rating [Score] - Reported: ${Math.round(pain.value)}`);
    expect(clinicalText(`Latest pain score ${pain.value}/10 on 2026-11-28`)).toBe(`Latest pain score ${Math.round(pain.value)}/10 on 2026-11-28`);
  });

  it('platelets: ×10³/µL, whole, and never below 50 unless they are', () => {
    const platelets = of('777-3');
    expect(platelets.unit).toBe('10*3/uL');
    const shown = clinicalText(`Platelets [#/volume] in Blood by Automated count: ${platelets.value} ${platelets.unit}`);
    expect(shown).toBe(`Platelets [#/volume] in Blood by Automated count: ${Math.round(platelets.value)} ×10³/µL`);
    expect(clinicalText('Platelets: 45000 /uL')).toBe('Platelets: 45,000/µL = 45 ×10⁹/L, below 50');
    expect(clinicalText('Platelets: 38 10*3/uL')).toBe('Platelets: 38 ×10³/µL, below 50');
  });

  it('creatinine, hemoglobin, T-score: two, one and one decimals', () => {
    const creatinine = of('38483-4');
    expect(formatQuantity(creatinine.value, creatinine.unit)).toBe(`${Number(creatinine.value.toFixed(2))} mg/dL`);
    const hemoglobin = of('718-7');
    expect(formatQuantity(hemoglobin.value, hemoglobin.unit)).toBe(`${Number(hemoglobin.value.toFixed(1))} g/dL`);
    expect(clinicalText('DXA Lumbar spine [T-score] Bone density: -2.693374058836862 {T-score}')).toBe('DXA Lumbar spine [T-score] Bone density: -2.7');
  });

  it('INR: one decimal, compared with 1.5', () => {
    expect(clinicalText('INR in Platelet poor plasma by Coagulation assay: 2.8 {INR}')).toBe('INR in Platelet poor plasma by Coagulation assay: 2.8 (> 1.5)');
    expect(clinicalText('INR in Blood by Coagulation assay: 1.1 ratio')).toBe('INR in Blood by Coagulation assay: 1.1');
  });

  it('leaves dates, codes, levels and plain words alone', () => {
    for (const text of ['Wedge compression fracture of L1 (2026-11-02)', 'M80.08XA', 'Pain severity 0-10', 'Referral to physical therapy', 'T12-L1']) {
      expect(clinicalText(text)).toBe(text);
    }
  });

  it('maps units and converts platelet count units to ×10⁹/L', () => {
    expect(displayUnit('{score}')).toBe('');
    expect(displayUnit('10*3/uL')).toBe('×10³/µL');
    expect(displayUnit('10*9/L')).toBe('×10⁹/L');
    expect(displayUnit('mm[Hg]')).toBe('mmHg');
    expect(plateletsPer10e9L(45000, '/uL')).toBe(45);
    expect(plateletsPer10e9L(210, '10*3/uL')).toBe(210);
    expect(plateletsPer10e9L(3, 'mg/dL')).toBeUndefined();
    expect(formatNumber(443.37330554609434, '10*3/uL')).toBe('443');
  });
});
