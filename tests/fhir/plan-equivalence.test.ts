// Plan v2 reads only what the rules read (issue 12). Proof of "no clinical loss": records are read twice through
// the real loader, a SMART token and the sandbox's FHIR server, once with every matching result (plan v1, `full`)
// and once with each lean plan (`latest`, `window`); the assessments are the same (the ids of the records cited
// aside: of several results on the newest day, the spec lets either be cited). The records: every sample patient
// (vignettes and every Synthea fixture), the rule-test builders' traps for "newest only", 60 generated histories,
// and every record the rule tests build that holds Observations or DiagnosticReports (captured by running them).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { launchToken } from '../sandbox/sandbox-client';
import { CANDIDATE_ANSWERS } from '../clinical/builders';
import { generatedBundles, ruleTestBundles, scenarioBundles } from './plan-equivalence-records';
import { AS_OF, TODAY, comparable, readWithPlan } from './plan-reads';

// More with EQUIVALENCE_RECORDS=500 (a slower, deeper search for a loss).
const GENERATED = Number(process.env.EQUIVALENCE_RECORDS ?? 60);

async function patientsOf(sandbox: RunningSandbox): Promise<string[]> {
  const html = await (await fetch(sandbox.ehrUrl)).text();
  return [...new Set([...html.matchAll(/data-patient-id="([^"]+)"/g)].map((m) => m[1]!))];
}

async function expectSameAssessments(sandbox: RunningSandbox, patientIds: string[], plans: ReadonlyArray<'latest' | 'window'> = ['latest', 'window']) {
  const leaner: Record<string, number> = { latest: 0, window: 0 };
  for (const patientId of patientIds) {
    const token = (await launchToken(sandbox, patientId)).access_token!;
    const full = await readWithPlan(sandbox, patientId, token, 'full');
    for (const plan of plans) {
      const urls: string[] = [];
      const lean = await readWithPlan(sandbox, patientId, token, plan, urls);
      expect(lean.dataGaps, `${patientId} ${plan}`).toEqual([]);
      if (plan === 'latest') expect(urls.some((u) => u.includes('_sort=-date')), patientId).toBe(true);
      for (const answers of [{}, CANDIDATE_ANSWERS]) {
        expect(comparable(assess(lean, answers, AS_OF)), `${patientId} ${plan}`).toEqual(comparable(assess(full, answers, AS_OF)));
      }
      if (lean.observations.length + lean.studies.length < full.observations.length + full.studies.length) leaner[plan]!++;
    }
  }
  return leaner;
}

describe('plan v2 gives the assessment of reading every result (issue 12)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plan-equivalence-'));
    [...scenarioBundles(), ...generatedBundles(GENERATED)].forEach((bundle, i) => writeFileSync(join(dir, `record-${i}.json`), JSON.stringify(bundle)));
  });
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('for every sample patient and Synthea fixture', async () => {
    sandbox = await startSandbox({ port: 0, includeSynthea: true, today: TODAY, log: () => {} });
    const ids = await patientsOf(sandbox);
    expect(ids.length).toBeGreaterThan(15);
    const leaner = await expectSameAssessments(sandbox, ids);
    // The test would prove nothing if plan v2 read everything: on the Synthea records it reads less.
    expect(leaner.latest).toBeGreaterThan(5);
    await sandbox.close();
  }, 300_000);

  it('for the rule-test builders\' traps and the generated histories', async () => {
    sandbox = await startSandbox({ port: 0, includeSynthea: true, syntheaDir: dir, today: TODAY, log: () => {} });
    const ids = (await patientsOf(sandbox)).filter((id) => id.startsWith('eq-'));
    expect(ids.length).toBe(scenarioBundles().length + GENERATED);
    const leaner = await expectSameAssessments(sandbox, ids);
    expect(leaner.latest).toBeGreaterThan(20);
  }, 120_000 + GENERATED * 3_000);

  it('for every record the rule tests build that holds Observations or DiagnosticReports', async () => {
    const bundles = ruleTestBundles();
    expect(bundles.length).toBeGreaterThan(300);
    // Sandboxes of 50 records each: a search reads every stored resource of its type, so one big sandbox is slow.
    let leaner = 0;
    for (let start = 0; start < bundles.length; start += 50) {
      const chunk = mkdtempSync(join(tmpdir(), 'plan-equivalence-rules-'));
      bundles.slice(start, start + 50).forEach((bundle, i) => writeFileSync(join(chunk, `record-${i}.json`), JSON.stringify(bundle)));
      const rules = await startSandbox({ port: 0, includeSynthea: true, syntheaDir: chunk, today: TODAY, log: () => {} });
      try {
        const ids = (await patientsOf(rules)).filter((id) => id.startsWith('eq-rt-'));
        expect(ids.length).toBe(Math.min(50, bundles.length - start));
        leaner += (await expectSameAssessments(rules, ids, ['latest'])).latest!;
      } finally {
        await rules.close();
        rmSync(chunk, { recursive: true, force: true });
      }
    }
    // Rule-test records are small (a few results each): fewer of them can be read leaner.
    expect(leaner).toBeGreaterThan(5);
  }, 420_000);
});
