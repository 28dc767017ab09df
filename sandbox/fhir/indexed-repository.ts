// Medplum's in-memory repository with search indexes (issue 22 item 4). Its own search evaluates every filter's
// FHIRPath, parsed again each time, on every resource of the type: all patients' Observations for one patient's
// `code=` search. Here each search first narrows the type to the resources whose token and reference values can
// match its equality filters (`patient=Patient/x`, `code=...`, `status=...`), from indexes built on the first search
// that needs them and kept up to date on every write; Medplum's own matcher then decides each remaining candidate,
// so what a search answers (matches, order, total, paging, sort) is what MemoryRepository.search answers.
import { deepClone, globalSchema, matchesSearchRequest, type SearchRequest, type SortRule, type WithId } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { filterKeys, indexedParam, resourceKeys } from './search-index-keys';
import { evalCached } from './fhirpath-cache';

/** One search parameter of one type: the ids filed under each key, and each id's keys (to refile it on a write). */
interface ParamIndex {
  param: NonNullable<ReturnType<typeof indexedParam>>;
  ids: Map<string, Set<string>>;
  keysOf: Map<string, Set<string>>;
}

type Stored = Map<string, Map<string, Resource>>;

const NONE: ReadonlySet<string> = new Set();

export class IndexedRepository extends MemoryRepository {
  /** Per resource type, per parameter code. */
  private readonly indexes = new Map<string, Map<string, ParamIndex>>();
  /** Per resource type, each id's place in Medplum's store (a Map: first insertion order; an update keeps the place). */
  private readonly positions = new Map<string, Map<string, number>>();
  private nextPosition = 0;

  constructor() {
    super();
    // The repository's resource map is private in its declarations; this pins the field the index reads.
    if (!(this.stored() instanceof Map)) throw new Error('IndexedRepository: MemoryRepository no longer keeps `resources` as a Map');
  }

  /** Medplum's own store (type -> id -> resource, in insertion order), which its search iterates. */
  private stored(): Stored {
    return (this as unknown as { resources: Stored }).resources;
  }

  override clear(): void {
    super.clear();
    this.indexes.clear();
    this.positions.clear();
  }

  // Medplum stores synchronously inside its async createResource (updateResource and patchResource end in it). The
  // index is updated in the same turn, before any other request can search: the id is chosen here when absent.
  override createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    const withId = resource.id ? resource : { ...resource, id: this.generateId() };
    const result = super.createResource(withId);
    this.refile(withId.resourceType, withId.id!);
    return result;
  }

  override deleteResource(resourceType: string, id: string): Promise<void> {
    const result = super.deleteResource(resourceType, id);
    this.refile(resourceType, id);
    return result;
  }

  /** Files a resource again under every built index of its type (or takes it out when it is gone). */
  private refile(resourceType: string, id: string): void {
    const resource = this.stored().get(resourceType)?.get(id);
    let positions = this.positions.get(resourceType);
    if (!positions) this.positions.set(resourceType, (positions = new Map()));
    if (!resource) positions.delete(id);
    else if (!positions.has(id)) positions.set(id, this.nextPosition++);
    const byCode = this.indexes.get(resourceType);
    if (!byCode) return;
    for (const index of byCode.values()) {
      unfile(index, id);
      if (resource) file(index, id, resource);
    }
  }

  private index(resourceType: string, code: string): ParamIndex | undefined {
    let byCode = this.indexes.get(resourceType);
    const built = byCode?.get(code);
    if (built) return built;
    const param = indexedParam(resourceType, code);
    if (!param) return undefined;
    const index: ParamIndex = { param, ids: new Map(), keysOf: new Map() };
    for (const [id, resource] of this.stored().get(resourceType) ?? []) file(index, id, resource);
    if (!byCode) this.indexes.set(resourceType, (byCode = new Map()));
    byCode.set(code, index);
    return index;
  }

  /**
   * The ids that can match every indexable filter, or undefined when no filter narrows the search. Built from the
   * most selective filter alone (`status=final` holds nearly every Observation); the others are checked per id.
   */
  private candidates(searchRequest: SearchRequest): Set<string> | undefined {
    const lookups: Array<{ postings: ReadonlySet<string>[]; size: number }> = [];
    for (const filter of searchRequest.filters ?? []) {
      const param = indexedParam(searchRequest.resourceType, filter.code);
      const keys = param && filterKeys(filter, param.type);
      const index = keys && this.index(searchRequest.resourceType, filter.code);
      if (!keys || !index) continue;
      const postings = keys.map((key) => index.ids.get(key) ?? NONE);
      lookups.push({ postings, size: postings.reduce((n, ids) => n + ids.size, 0) });
    }
    if (lookups.length === 0) return undefined;
    lookups.sort((a, b) => a.size - b.size);
    const [narrowest, ...others] = lookups as [(typeof lookups)[number], ...typeof lookups];
    const candidates = new Set<string>();
    for (const ids of narrowest.postings) {
      for (const id of ids) if (others.every((o) => o.postings.some((p) => p.has(id)))) candidates.add(id);
    }
    return candidates;
  }

  // MemoryRepository.search, with the candidates narrowed and only the page cloned.
  override async search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const resources = this.stored().get(searchRequest.resourceType) ?? new Map<string, Resource>();
    const candidates = this.candidates(searchRequest as SearchRequest);
    // In the store's order, as Medplum answers an unsorted search.
    const positions = this.positions.get(searchRequest.resourceType);
    const inOrder = candidates
      ? [...candidates].flatMap((id) => resources.get(id) ?? []).sort((a, b) => positions!.get(a.id!)! - positions!.get(b.id!)!)
      : resources.values();
    let result: Resource[] = [];
    for (const resource of inOrder) {
      if (matchesSearchRequest(resource, searchRequest as SearchRequest)) result.push(resource);
    }
    const total = result.length;
    for (const rule of searchRequest.sortRules ?? []) result = result.sort((a, b) => sortComparator(a, b, rule));
    if (searchRequest.offset !== undefined) result = result.slice(searchRequest.offset);
    if (searchRequest.count !== undefined) result = result.slice(0, searchRequest.count);
    const entry = result.map((resource) => ({ resource: deepClone(resource) as WithId<T> }));
    return { resourceType: 'Bundle', type: 'searchset', entry: entry.length ? entry : undefined, total };
  }
}

function file(index: ParamIndex, id: string, resource: Resource): void {
  const keys = resourceKeys(resource, index.param);
  index.keysOf.set(id, keys);
  for (const key of keys) {
    let ids = index.ids.get(key);
    if (!ids) index.ids.set(key, (ids = new Set()));
    ids.add(id);
  }
}

function unfile(index: ParamIndex, id: string): void {
  for (const key of index.keysOf.get(id) ?? []) index.ids.get(key)?.delete(id);
  index.keysOf.delete(id);
}

/** Medplum's MemoryRepository sort, as it is (JSON of the values, compared as strings), with the expression parsed once. */
function sortComparator(a: Resource, b: Resource, rule: SortRule): number {
  const expression = globalSchema.types[a.resourceType]?.searchParams?.[rule.code]?.expression;
  if (!expression) return 0;
  const aStr = JSON.stringify(evalCached(expression, a));
  const bStr = JSON.stringify(evalCached(expression, b));
  return aStr.localeCompare(bStr) * (rule.descending ? -1 : 1);
}
