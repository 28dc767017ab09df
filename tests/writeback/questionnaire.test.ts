import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Answers } from '../../src/clinical/types';
import { QUESTIONNAIRE_URL, QUESTIONNAIRE_VERSION } from '../../src/writeback/canonical';
import { buildQuestionnaire } from '../../src/writeback/questionnaire';
import { CONDITIONS } from '../../src/clinical/codes';
import { r4Problems } from './fhir-validate';

// A field added to Answers without a line here fails to compile: the list is exhaustive by type.
const ANSWER_FIELDS: Record<keyof Answers, true> = {
  vcf: true, etiology: true, onsetDate: true, hospitalized: true, painScore: true, imagingConfirmsAcute: true, painAttributable: true,
  conservativeCareTried: true, painWorsening: true, heightLossOver25: true, kyphoticDeformity: true, progressiveHeightLoss: true,
  rdqScore: true, limitedMobility: true, levels: true, mriContraindicated: true, pregnant: true, activeInfection: true,
  cementAllergy: true, neurologicDeficit: true, unstableFracture: true, nonunionOrCleft: true,
};

describe('the Questionnaire of the form', () => {
  const questionnaire = buildQuestionnaire();

  it('has exactly one item per Answers field, the linkId being the field name', () => {
    const linkIds = (questionnaire.item ?? []).map((i) => i.linkId);
    expect([...linkIds].sort()).toEqual(Object.keys(ANSWER_FIELDS).sort());
    expect(new Set(linkIds).size).toBe(linkIds.length);
  });

  it('offers the spec’s etiology values and types each answer as the form reads it', () => {
    const byId = new Map((questionnaire.item ?? []).map((i) => [i.linkId, i]));
    expect(byId.get('etiology')?.answerOption?.map((o) => o.valueCoding?.code)).toEqual(['osteoporotic', 'traumatic', 'malignant']);
    expect(byId.get('rdqScore')?.type).toBe('integer');
    expect(byId.get('onsetDate')?.type).toBe('date');
    expect(byId.get('levels')).toMatchObject({ type: 'string', repeats: true });
    expect(byId.get('imagingConfirmsAcute')?.type).toBe('boolean');
  });

  it('declares the SDC population and DTR profiles it follows, with patient, user and encounter launch contexts (issue 23)', () => {
    expect(questionnaire.meta?.profile).toEqual(expect.arrayContaining([
      'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-pop-exp',
      'http://hl7.org/fhir/us/davinci-dtr/StructureDefinition/dtr-std-questionnaire',
    ]));
    const contexts = (questionnaire.extension ?? []).filter((e) => e.url === 'http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-launchContext')
      .map((e) => e.extension?.find((x) => x.url === 'name')?.valueCoding?.code);
    expect(contexts).toEqual(['patient', 'user', 'encounter']);
    // Every code list is written from clinical/codes.ts: the fracture list's codes appear in the vcf expression.
    const vcfSource = (questionnaire.extension ?? []).find((e) => e.valueExpression?.name === 'fractures')?.valueExpression?.expression ?? '';
    for (const code of CONDITIONS.vertebralFracture.snomed) expect(vcfSource).toContain(`'${code}'`);
    expect(vcfSource).toContain('M8008');
  });

  it('validates as R4 against the definitions the sandbox indexes', () => {
    expect(r4Problems(questionnaire)).toEqual([]);
    // The validator is not a rubber stamp: an item without its linkId, or an element R4 does not have, is reported.
    expect(r4Problems({ ...questionnaire, item: [{ text: 'x', type: 'boolean' }] } as never).length).toBeGreaterThan(0);
    expect(r4Problems({ ...questionnaire, answers: [] } as never).length).toBeGreaterThan(0);
  });

  it('is shipped as public/questionnaire.json with its canonical URL and version (regenerate: npx tsx scripts/write-questionnaire.ts)', () => {
    const shipped = JSON.parse(readFileSync(new URL('../../public/questionnaire.json', import.meta.url), 'utf8'));
    expect(shipped).toEqual(questionnaire);
    expect(shipped).toMatchObject({ url: QUESTIONNAIRE_URL, version: QUESTIONNAIRE_VERSION });
  });
});
