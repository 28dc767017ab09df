// The card for verdicts the sample records reach only with the physician's answers: a candidate
// without caution is info; with a caution, warning; an overlong blocker still fits the summary.
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '../../src/clinical/answers';
import { assess } from '../../src/clinical/assess';
import { conceptMatches, DXA, IMAGING_KINDS, OBSERVATIONS, HCG_TESTS, SYSTEM } from '../../src/clinical/codes';
import type { Assessment } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import { VIGNETTES } from '../../sandbox/patients';
import { buildCard, cardSummary } from '../../cds/card';
import type { AugmentationOrder } from '../../cds/draft-orders';
import { orderCodings, workupOrderFor, type SpineRegion } from '../../src/clinical/orders';
import { cardProblems } from './cds-hooks-shapes';

const asOf = '2026-11-24';
const today = new Date(Date.UTC(2026, 10, 24, 12));
const order: AugmentationOrder = { resourceType: 'ServiceRequest', id: 'o', reference: 'ServiceRequest/o', display: 'Kyphoplasty', levels: ['L1'], resource: {} };

function confirmed(id: string): Assessment {
  const vignette = VIGNETTES.find((v) => v.id === id)!;
  const record = recordFromBundle({ resourceType: 'Bundle', entry: vignette.build(today).map((resource) => ({ resource })) });
  return assess(record, parseAnswers(vignette.expected.confirmAnswers, asOf), asOf);
}

describe('card for a confirmed candidate', () => {
  it('is info with no caution and no missing required workup', () => {
    const assessment = confirmed('vcf-osteoporotic');
    expect(assessment.verdict).toBe('candidate');
    const card = buildCard({ assessment, order, patientId: 'vcf-osteoporotic', appLaunchUrl: 'https://app.example/launch.html' });
    expect(cardProblems(card)).toEqual([]);
    expect(card.indicator).toBe('info');
    expect(card.summary).toBe('Vertebral augmentation: meets the documented criteria');
    expect(card.suggestions).toBeUndefined();
  });

  it('is a warning when a relative contraindication is present', () => {
    const assessment = confirmed('vcf-warfarin');
    expect(assessment.verdict).toBe('candidate');
    const card = buildCard({ assessment, order, patientId: 'vcf-warfarin', appLaunchUrl: 'https://app.example/launch.html' });
    expect(card.indicator).toBe('warning');
    expect(card.summary).toMatch(/^Vertebral augmentation: meets the documented criteria; 2 cautions/);
    expect(card.detail).toContain('**Cautions**');
  });
});

it('fits a long absolute contraindication into a summary under 140 characters, said as the reason (§4)', () => {
  const base = confirmed('vcf-osteoporotic');
  const longLabel = 'An absolute contraindication whose label goes on and on well past anything a summary line could hold in one hundred and forty';
  const assessment: Assessment = {
    ...base,
    verdict: 'not-candidate',
    contraindications: [...base.contraindications, { id: 'x', label: longLabel, kind: 'absolute', status: 'present', evidence: [] }],
    workup: base.workup.map((w) => (w.id === 'cbc' ? { ...w, status: 'missing' } : w)),
  };
  const summary = cardSummary(assessment);
  expect(summary.length).toBeLessThan(140);
  expect(summary).toMatch(/^Not a candidate: an absolute contraindication .*…$/);
  // Not a candidate: the missing workup is not the next step, so it is not counted in the summary.
  expect(summary).not.toContain('required test');
});

describe('suggested workup orders (clinical/orders.ts, one table for the app and the card)', () => {
  const concept = (id: string, region?: SpineRegion) => ({ codings: orderCodings(workupOrderFor(id, region)!) });
  it('are coded so the engine counts the result once filed', () => {
    expect(conceptMatches(concept('cbc'), OBSERVATIONS.cbc)).toBe(true);
    expect(conceptMatches(concept('coagulation'), OBSERVATIONS.inr)).toBe(true);
    expect(conceptMatches(concept('metabolic-panel'), OBSERVATIONS.metabolicPanel)).toBe(true);
    expect(conceptMatches(concept('pregnancy-test'), HCG_TESTS)).toBe(true);
    expect(conceptMatches(concept('bone-density'), DXA)).toBe(true);
    for (const kind of ['spine-xray', 'spine-mri', 'spine-ct', 'bone-scan'] as const) {
      const cpt = IMAGING_KINDS.find((k) => k.kind === kind)!.cpt;
      for (const region of ['thoracic', 'lumbar', undefined] as const) {
        const c = concept(kind, region).codings[0]!;
        expect(c.system).toBe(SYSTEM.cpt);
        expect(cpt, `${kind} ${region}`).toContain(c.code);
      }
    }
  });

  it('carry CPT and LOINC for every lab, so the app and the card code a lab the same way', () => {
    for (const id of ['cbc', 'coagulation', 'metabolic-panel', 'pregnancy-test']) {
      expect(concept(id).codings.map((c) => c.system), id).toEqual([SYSTEM.cpt, SYSTEM.loinc]);
    }
  });

  it('image the region asked for, lumbar when none is', () => {
    expect(workupOrderFor('spine-mri', 'thoracic')!.name).toMatch(/thoracic/);
    expect(workupOrderFor('spine-xray', 'thoracic')!.name).toMatch(/thoracic/);
    expect(workupOrderFor('spine-mri', 'lumbar')!.name).toMatch(/lumbar/);
    expect(workupOrderFor('spine-mri')!.name).toMatch(/lumbar/);
    expect(workupOrderFor('physical-exam')).toBeUndefined();
  });

  it('code the fracture-liaison referral (SNOMED CT) and keep the words the engine reads', () => {
    const referral = workupOrderFor('osteoporosis-treatment')!;
    expect(orderCodings(referral)).toEqual([{ system: SYSTEM.snomed, code: '3457005', display: referral.name }]);
    expect(referral.name).toMatch(/fracture liaison/i);
  });
});
