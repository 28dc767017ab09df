// The sandbox's search index (issue 22 item 4) only makes searches faster: every search answers what Medplum's own
// MemoryRepository answers (matches, order, total, paging, sort), writes are seen by the next search, and a search
// for one patient never returns another patient's resources.
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Observation, Resource } from 'fhir/r4';
import { ensureFhirDefinitionsIndexed } from '../../sandbox/fhir/definitions';
import { storeResources } from '../../sandbox/fhir/bundle-loader';
import { IndexedRepository } from '../../sandbox/fhir/indexed-repository';
import { VIGNETTES } from '../../sandbox/patients/index';

const TODAY = new Date('2026-11-20T12:00:00Z');

type Repo = MemoryRepository;
type MedplumResource = Parameters<Repo['createResource']>[0];

async function loaded<R extends Repo>(repo: R): Promise<R> {
  for (const vignette of VIGNETTES) await storeResources(repo, vignette.build(TODAY));
  return repo;
}

/** What a search answers, without the meta each repository stamps on its own copy. */
async function answer(repo: Repo, query: string): Promise<{ total: number | undefined; entries: unknown[] }> {
  const bundle = (await repo.search(parseSearchRequest(query))) as unknown as Bundle;
  return { total: bundle.total, entries: (bundle.entry ?? []).map((e) => ({ ...e.resource, meta: undefined })) };
}

const sample = (resources: Resource[]) => resources.filter((r): r is Observation => r.resourceType === 'Observation');

let plain: MemoryRepository;
let indexed: IndexedRepository;
let observations: Observation[];
let patients: string[];

beforeAll(async () => {
  ensureFhirDefinitionsIndexed();
  plain = await loaded(new MemoryRepository());
  indexed = await loaded(new IndexedRepository());
  observations = sample(VIGNETTES.flatMap((v) => v.build(TODAY)));
  patients = VIGNETTES.map((v) => v.build(TODAY).find((r) => r.resourceType === 'Patient')!.id!);
}, 60_000); // indexing Medplum's definitions takes seconds on a loaded machine

/** Searches the app, the CLI and the tests make, with every modifier and form of value the index must leave alone. */
function queries(): string[] {
  const codings = observations.flatMap((o) => o.code.coding ?? []).slice(0, 12);
  const out: string[] = [];
  for (const { system, code, display } of codings) {
    out.push(`Observation?code=${code}`, `Observation?code=${code!.toUpperCase()}`, `Observation?code=${system}|${code}`, `Observation?code=|${code}`);
    out.push(`Observation?code=${system}|`, `Observation?code:not=${code}`, `Observation?code:text=${display}`, `Observation?code=${encodeURIComponent(display ?? '')}`);
  }
  const [a, b] = [codings[0]!.code!, codings[5]!.code!];
  for (const patient of patients) {
    out.push(`Observation?patient=Patient/${patient}`, `Observation?subject=Patient/${patient}`, `Observation?patient=${patient}`);
    out.push(`Observation?patient=Patient/${patient}&code=${a},${b}&status=final,amended,corrected&_sort=-date&_count=2`);
    out.push(`Observation?patient=Patient/${patient}&code=${a},${b}&_sort=-date&_count=1&_offset=1`);
    out.push(`Observation?patient=Patient/${patient}&category=vital-signs&date=ge2025-01-01&_count=200`);
    out.push(`Condition?patient=Patient/${patient}&clinical-status=active,recurrence,relapse`);
    out.push(`Condition?subject=Patient/${patient},Patient/${patients[0]}`, `MedicationRequest?patient=Patient/${patient}&status=active`);
    out.push(`DiagnosticReport?patient=Patient/${patient}&category:not=http://terminology.hl7.org/CodeSystem/v2-0074|LAB`);
  }
  out.push('Observation?subject:missing=true', 'Observation?subject:missing=false', `Observation?code=${a}\\,${b}`, 'Observation?code=', 'Observation?patient=');
  out.push('Observation?_sort=date&_count=3', 'Observation?_sort=-date,code&_count=5&_offset=2', 'Patient?_id=' + patients.join(','), 'Condition?clinical-status=active');
  out.push('Observation?patient:Patient=' + patients[1], 'Encounter?status=in-progress', 'Observation?status=final&_summary=count');
  return out;
}

describe('IndexedRepository answers what MemoryRepository answers (sandbox search index, issue 22)', () => {
  it('for every search parameter, modifier, value form, sort and page the plans and tests use', async () => {
    let nonEmpty = 0;
    const list = queries();
    for (const query of list) {
      const expected = await answer(plain, query);
      expect({ query, ...(await answer(indexed, query)) }).toEqual({ query, ...expected });
      if (expected.entries.length > 0) nonEmpty++;
    }
    // The comparison means something only if most searches find resources.
    expect(nonEmpty).toBeGreaterThan(list.length / 2);
  });

  it('a search for one patient returns the resources of that patient only', async () => {
    for (const patient of patients) {
      const mine = observations.filter((o) => o.subject?.reference === `Patient/${patient}`).map((o) => o.id);
      const found = await answer(indexed, `Observation?patient=Patient/${patient}&_count=1000`);
      expect(found.entries.map((r) => (r as Observation).id).sort()).toEqual([...mine].sort());
      expect(found.entries.every((r) => (r as Observation).subject?.reference === `Patient/${patient}`)).toBe(true);
    }
  });
});

describe('writes are seen by the next search', () => {
  const [first, second] = [0, 1];
  const observation = (code: string, patient: string): MedplumResource =>
    ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code }] }, subject: { reference: `Patient/${patient}` } }) as MedplumResource;

  it('a create, an update that changes the code and the patient, and a delete', async () => {
    const [p1, p2] = [patients[first]!, patients[second]!];
    const search = async (query: string) => {
      const [mine, medplum] = [await answer(indexed, query), await answer(plain, query)];
      expect(mine).toEqual(medplum);
      return mine.entries.map((r) => (r as Observation).id);
    };
    // The indexes for code and patient exist before the writes.
    expect(await search('Observation?code=index-test-1')).toEqual([]);
    expect(await search(`Observation?patient=Patient/${p2}&code=index-test-2`)).toEqual([]);

    const created = await indexed.createResource(observation('index-test-1', p1));
    await plain.createResource({ ...created, meta: undefined } as MedplumResource);
    expect(await search('Observation?code=index-test-1')).toEqual([created.id]);
    expect(await search(`Observation?patient=Patient/${p1}&code=index-test-1`)).toEqual([created.id]);

    const moved = { ...observation('index-test-2', p2), id: created.id } as MedplumResource;
    await indexed.updateResource(moved);
    await plain.updateResource(moved);
    expect(await search('Observation?code=index-test-1')).toEqual([]);
    expect(await search(`Observation?patient=Patient/${p1}&code=index-test-2`)).toEqual([]);
    expect(await search(`Observation?patient=Patient/${p2}&code=index-test-2`)).toEqual([created.id]);

    await indexed.deleteResource('Observation', created.id!);
    await plain.deleteResource('Observation', created.id!);
    expect(await search('Observation?code=index-test-2')).toEqual([]);
  });

  it('an update keeps a resource in its place in an unsorted answer; a delete and a create again put it last', async () => {
    const p1 = patients[first]!;
    const query = `Observation?patient=Patient/${p1}`;
    const before = await answer(indexed, query);
    expect(before.entries.length).toBeGreaterThan(2);
    const [oldest, next] = before.entries as [Observation, Observation];
    const recoded = { ...oldest, code: { coding: [{ system: 'http://loinc.org', code: 'index-test-3' }] }, meta: undefined } as MedplumResource;
    for (const repo of [indexed, plain]) await repo.updateResource(recoded);
    const afterUpdate = await answer(indexed, query);
    expect(afterUpdate).toEqual(await answer(plain, query));
    expect((afterUpdate.entries as Observation[]).map((o) => o.id)).toEqual((before.entries as Observation[]).map((o) => o.id));

    for (const repo of [indexed, plain]) await repo.deleteResource('Observation', next.id!);
    for (const repo of [indexed, plain]) await repo.createResource({ ...next, meta: undefined } as MedplumResource);
    const afterRecreate = await answer(indexed, query);
    expect(afterRecreate).toEqual(await answer(plain, query));
    expect((afterRecreate.entries as Observation[]).at(-1)?.id).toBe(next.id);
    expect(await answer(indexed, `${query}&code=index-test-3`)).toEqual(await answer(plain, `${query}&code=index-test-3`));
  });
});
