// The sandbox's sample patients, worked out by hand from the spec, checked against the engine.
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { parseAnswers } from '../../src/clinical/answers';
import { recordFromBundle } from '../../src/fhir/bundle';
import { VIGNETTES } from '../../sandbox/patients';

const today = new Date(Date.UTC(2026, 10, 24, 12));
const asOf = '2026-11-24';

describe.each(VIGNETTES.map((v) => [v.id, v] as const))('sample patient %s', (_id, vignette) => {
  const bundle = { resourceType: 'Bundle', type: 'collection', entry: vignette.build(today).map((resource) => ({ resource })) };
  const record = recordFromBundle(bundle);
  const assessment = assess(record, {}, asOf);
  const { expected } = vignette;

  it('gives the verdict, pathway and setting worked out from the spec', () => {
    expect({ verdict: assessment.verdict, pathway: assessment.pathway, hospitalized: assessment.hospitalized }).toEqual({
      verdict: expected.verdictFromRecord, pathway: expected.pathway, hospitalized: expected.hospitalized,
    });
  });

  it('lists the expected missing and outdated workup', () => {
    expect(assessment.workup.filter((w) => w.status === 'missing').map((w) => w.id)).toEqual(expected.missingWorkup);
    expect(assessment.workup.filter((w) => w.status === 'outdated').map((w) => w.id)).toEqual(expected.outdatedWorkup);
  });

  it('finds the expected contraindications', () => {
    expect(assessment.contraindications.filter((c) => c.status === 'present').map((c) => c.id)).toEqual(expected.contraindicationsPresent);
  });

  it.runIf(!!expected.confirmAnswers)('reaches the expected verdict once the physician confirms', () => {
    const answers = parseAnswers(expected.confirmAnswers, asOf);
    expect(assess(record, answers, asOf).verdict).toBe(expected.verdictAfterConfirm);
  });
});
