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
import { workupOrderCode } from '../../cds/workup-orders';
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

it('keeps the counts in a summary whose blocker is long', () => {
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
  expect(summary).toMatch(/^Vertebral augmentation: not a candidate \(An absolute contraindication .*…\); 1 required test missing$/);
});

describe('suggested workup orders', () => {
  const concept = (id: string, levels: string[]) => {
    const code = workupOrderCode(id, levels)!;
    return { codings: [{ system: code.system!, code: code.code! }] };
  };
  it('are coded so the engine counts them once filed', () => {
    expect(conceptMatches(concept('cbc', []), OBSERVATIONS.cbc)).toBe(true);
    expect(conceptMatches(concept('coagulation', []), OBSERVATIONS.inr)).toBe(true);
    expect(conceptMatches(concept('metabolic-panel', []), OBSERVATIONS.metabolicPanel)).toBe(true);
    expect(conceptMatches(concept('pregnancy-test', []), HCG_TESTS)).toBe(true);
    expect(conceptMatches(concept('bone-density', []), DXA)).toBe(true);
    for (const kind of ['spine-xray', 'spine-mri', 'spine-ct', 'bone-scan'] as const) {
      const cpt = IMAGING_KINDS.find((k) => k.kind === kind)!.cpt;
      for (const levels of [['T8'], ['L2'], []]) {
        const c = concept(kind, levels).codings[0]!;
        expect(c.system).toBe(SYSTEM.cpt);
        expect(cpt, `${kind} ${levels.join()}`).toContain(c.code);
      }
    }
  });

  it('image the thoracic spine only when every level is thoracic', () => {
    expect(workupOrderCode('spine-mri', ['T11', 'T12'])!.display).toMatch(/thoracic/);
    expect(workupOrderCode('spine-mri', ['T12', 'L1'])!.display).toMatch(/lumbar/);
    expect(workupOrderCode('physical-exam', [])).toBeUndefined();
  });
});
