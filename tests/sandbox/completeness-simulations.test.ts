// The sandbox's data-completeness simulations, with plain fetch: an OperationOutcome entry hiding a
// resource, Conditions split by category, and a Condition grant narrowed to the problem list that the
// FHIR API really enforces on searches and reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, Condition, OperationOutcome } from 'fhir/r4';
import { PROBLEM_LIST_CATEGORY } from '../../sandbox/auth/narrowed-grant';
import { OMITTED_TEXT } from '../../sandbox/fhir/faults';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { fhirGet, launchToken } from './sandbox-client';

const PATIENT = 'vcf-discitis';
const DISCITIS = 'vcf-discitis-condition-3';
const V2_SCOPE = 'launch online_access patient/Patient.rs patient/Condition.rs patient/Observation.rs';

async function searchset(sandbox: RunningSandbox, token: string, query: string): Promise<Bundle> {
  const res = await fhirGet(sandbox, query, token);
  expect(res.status).toBe(200);
  return (await res.json()) as Bundle;
}
const matches = (bundle: Bundle) => (bundle.entry ?? []).filter((e) => e.search?.mode === 'match').map((e) => e.resource as Condition);
const codes = (bundle: Bundle) => matches(bundle).map((c) => c.code?.coding?.[0]?.code).sort();

describe('sandbox simulations for data completeness', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {}, faults: { Condition: { kind: 'omitted', ids: [DISCITIS] } } });
  });
  afterAll(async () => sandbox?.close());

  it('the discitis record is the one the omission fault hides (its id is stable)', async () => {
    const token = (await launchToken(sandbox, PATIENT, { scope: V2_SCOPE })).access_token;
    const res = await fhirGet(sandbox, `Condition/${DISCITIS}`, token);
    expect(((await res.json()) as Condition).code?.coding?.[0]?.code).toBe('M46.46');
  });

  it('omitted: the discitis is left out of the search, with a warning outcome entry saying so', async () => {
    const token = (await launchToken(sandbox, PATIENT, { scope: V2_SCOPE })).access_token;
    const bundle = await searchset(sandbox, token, `Condition?patient=${PATIENT}`);
    expect(codes(bundle)).toEqual(['M80.08XA', 'M81.0']);
    const outcomes = (bundle.entry ?? []).filter((e) => e.search?.mode === 'outcome');
    expect(outcomes).toHaveLength(1);
    const outcome = outcomes[0]!.resource as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({ severity: 'warning', code: 'suppressed', diagnostics: OMITTED_TEXT });
  });

  it('condition_categories: recent diagnoses are encounter diagnoses, older ones problem-list items, and category searches follow', async () => {
    const token = (await launchToken(sandbox, PATIENT, { scope: V2_SCOPE, sim: 'condition_categories' })).access_token;
    // The omission fault is on every Condition search of this sandbox: the discitis is out of all of them.
    const problems = await searchset(sandbox, token, `Condition?patient=${PATIENT}&category=problem-list-item`);
    expect(codes(problems)).toEqual(['M81.0']);
    const encounter = await searchset(sandbox, token, `Condition?patient=${PATIENT}&category=encounter-diagnosis`);
    expect(codes(encounter)).toEqual(['M80.08XA']);
    expect(matches(encounter)[0]!.category?.[0]?.coding?.[0]?.code).toBe('encounter-diagnosis');
    const both = await searchset(sandbox, token, `Condition?patient=${PATIENT}&category=problem-list-item,encounter-diagnosis`);
    expect(codes(both)).toEqual(['M80.08XA', 'M81.0']);
  });
});

describe('narrowed_condition_grant', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {} });
  });
  afterAll(async () => sandbox?.close());

  it('the token says what was granted: Condition for the problem list only, the rest as asked', async () => {
    const body = await launchToken(sandbox, PATIENT, { scope: V2_SCOPE, sim: 'narrowed_condition_grant' });
    expect(body.scope.split(' ')).toEqual(['launch', 'online_access', 'patient/Patient.rs', `patient/Condition.rs?category=${PROBLEM_LIST_CATEGORY}`, 'patient/Observation.rs']);
  });

  it('a search without category returns only problem-list items: the recent fracture and discitis are filtered out', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: V2_SCOPE, sim: 'narrowed_condition_grant' });
    const bundle = await searchset(sandbox, token, `Condition?patient=${PATIENT}`);
    expect(codes(bundle)).toEqual(['M81.0']);
    expect(bundle.total).toBe(1);
    // Asking for encounter diagnoses outright finds nothing either.
    expect(codes(await searchset(sandbox, token, `Condition?patient=${PATIENT}&category=encounter-diagnosis`))).toEqual([]);
  });

  it('a read outside the grant is refused', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: V2_SCOPE, sim: 'narrowed_condition_grant' });
    const res = await fhirGet(sandbox, `Condition/${DISCITIS}`, token);
    expect(res.status).toBe(403);
    expect(((await res.json()) as OperationOutcome).issue[0]?.diagnostics).toContain('outside the granted scope');
  });

  it('without the simulation nothing is filtered (the vignette files every Condition on the problem list)', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: V2_SCOPE });
    expect(codes(await searchset(sandbox, token, `Condition?patient=${PATIENT}`))).toEqual(['M46.46', 'M80.08XA', 'M81.0']);
  });

  it('a restricted scope asked for by the app is enforced too (not only the simulation\'s)', async () => {
    const scope = 'launch patient/Patient.rs patient/Condition.rs?category=encounter-diagnosis';
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope });
    // Every stored Condition is a problem-list item: none is an encounter diagnosis.
    expect(codes(await searchset(sandbox, token, `Condition?patient=${PATIENT}`))).toEqual([]);
  });
});

describe('the encounter in context', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {} });
  });
  afterAll(async () => sandbox?.close());
  const encounterOf = (body: object) => (body as { encounter?: string }).encounter;

  it('an EHR launch asking for launch/encounter gets the open inpatient stay, and can read it', async () => {
    const body = await launchToken(sandbox, 'vcf-hospitalized', { scope: `${V2_SCOPE} patient/Encounter.rs launch/encounter` });
    const id = encounterOf(body);
    expect(id).toMatch(/^vcf-hospitalized-encounter-/);
    const res = await fhirGet(sandbox, `Encounter/${id}`, body.access_token);
    expect(await res.json()).toMatchObject({ resourceType: 'Encounter', status: 'in-progress', class: { code: 'IMP' } });
  });

  it('not without launch/encounter, and not for a patient with no open encounter', async () => {
    expect(encounterOf(await launchToken(sandbox, 'vcf-hospitalized', { scope: V2_SCOPE }))).toBeUndefined();
    expect(encounterOf(await launchToken(sandbox, PATIENT, { scope: `${V2_SCOPE} launch/encounter` }))).toBeUndefined();
  });
});
