// Engine figures: building the record from a bundle and evaluating it, on the largest Synthea record
// and on generated records of growing size (to show record building is linear).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assess } from '../src/clinical/assess';
import { recordFromBundle } from '../src/fhir/bundle';

const ASOF = '2026-11-24';
export const LARGEST_SYNTHEA = fileURLToPath(new URL('../../shared/fixtures/synthea/largest-deceased-m116-vito-feeney.json', import.meta.url));

/** Median of `runs` timings of fn, in milliseconds. */
export function median(runs: number, fn: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const LOINC = ['72514-3', '8867-4', '85354-9', '777-3', '6301-6', '2160-0', '38265-5', '2106-3'];

export function generatedBundle(observations: number): unknown {
  const entry: unknown[] = [{ fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', id: 'p', birthDate: '1945-05-05', gender: 'female' } }];
  entry.push({ resource: { resourceType: 'Condition', id: 'c', subject: { reference: 'urn:uuid:p' }, code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA' }] }, onsetDateTime: '2026-11-01' } });
  for (let i = 0; i < observations; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + (i % 2500) * 86_400_000).toISOString().slice(0, 10);
    entry.push({ resource: {
      resourceType: 'Observation', id: `o${i}`, status: 'final', subject: { reference: 'urn:uuid:p' },
      code: { coding: [{ system: 'http://loinc.org', code: LOINC[i % LOINC.length] }] },
      effectiveDateTime: day, valueQuantity: { value: i % 10, unit: '{score}' },
    } });
  }
  return { resourceType: 'Bundle', type: 'collection', entry };
}

export interface EngineFigures {
  syntheaBuildMs: number;
  syntheaEvalMs: number;
  syntheaResources: number;
  scaling: Array<{ observations: number; buildMs: number; evalMs: number; reEvalMs: number }>;
  /** First evaluation of a freshly built 50,000-Observation record (indexed once as it was built, like the loader does). */
  evalMs: number;
  /** Re-evaluation of the same record after a form change, 50,000 Observations. */
  reEvalMs: number;
}

export function engineFigures(): EngineFigures {
  const synthea = JSON.parse(readFileSync(LARGEST_SYNTHEA, 'utf8')) as { entry: unknown[] };
  const syntheaRecord = recordFromBundle(synthea);
  const syntheaBuildMs = median(15, () => recordFromBundle(synthea));
  const syntheaEvalMs = median(15, () => assess(syntheaRecord, {}, ASOF));
  const scaling = [12_500, 25_000, 50_000].map((observations) => {
    const bundle = generatedBundle(observations);
    const record = recordFromBundle(bundle);
    return {
      observations,
      buildMs: median(5, () => recordFromBundle(bundle)),
      // The first evaluation of each of five freshly built records: nothing remembered from an earlier evaluation.
      evalMs: firstEvaluationMs(bundle, 5),
      // The panel re-evaluates the same record on every form change.
      reEvalMs: median(9, () => assess(record, { painScore: 7 }, ASOF)),
    };
  });
  const largest = scaling.at(-1)!;
  return { syntheaBuildMs, syntheaEvalMs, syntheaResources: synthea.entry.length, scaling, evalMs: largest.evalMs, reEvalMs: largest.reEvalMs };
}

/** Median of the first evaluation of `runs` records, each built anew from the bundle (building not timed). */
function firstEvaluationMs(bundle: unknown, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const record = recordFromBundle(bundle);
    const start = performance.now();
    assess(record, {}, ASOF);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}
