// Loads transaction/collection bundles into the in-memory repository ourselves instead of
// through the router's transaction processing: it caps transactions at 50 updates, and Synthea
// bundles carry hundreds of entries. We give every entry its id, rewrite references that point
// at an entry's fullUrl (`urn:uuid:...`) to `Type/id`, then store each resource under that id.
import type { Bundle, Resource } from 'fhir/r4';
import type { MemoryRepository } from '@medplum/fhir-router';

type MedplumResource = Parameters<MemoryRepository['updateResource']>[0];

/** The id an entry will be stored under: a PUT's URL id, else resource.id, else the urn:uuid. */
function entryId(entry: NonNullable<Bundle['entry']>[number]): string | undefined {
  const putUrl = entry.request?.method === 'PUT' ? entry.request.url : undefined;
  const fromPut = putUrl?.match(/^[A-Za-z]+\/([A-Za-z0-9\-.]{1,64})$/)?.[1];
  if (fromPut) return fromPut;
  if (entry.resource?.id) return entry.resource.id;
  return entry.fullUrl?.match(/^urn:uuid:([0-9a-fA-F-]{36})$/)?.[1];
}

/** Replaces, in place, every `reference` string found in the map. */
function rewriteReferences(value: unknown, map: Map<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value) rewriteReferences(item, map);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, child] of Object.entries(record)) {
    if (key === 'reference' && typeof child === 'string') {
      const target = map.get(child);
      if (target) record[key] = target;
    } else if (typeof child === 'object') {
      rewriteReferences(child, map);
    }
  }
}

/** Prepares a bundle's resources for storage (ids assigned, internal references resolved). */
export function resolveBundleResources(bundle: Bundle): Resource[] {
  const resources: Resource[] = [];
  const references = new Map<string, string>();
  for (const entry of bundle.entry ?? []) {
    if (!entry.resource) continue;
    const id = entryId(entry);
    const resource = { ...entry.resource, ...(id ? { id } : {}) } as Resource;
    if (id && entry.fullUrl) references.set(entry.fullUrl, `${resource.resourceType}/${id}`);
    resources.push(resource);
  }
  for (const resource of resources) rewriteReferences(resource, references);
  return resources;
}

/** Stores resources (with or without id) in the repository; returns how many were stored. */
export async function storeResources(repo: MemoryRepository, resources: Resource[]): Promise<number> {
  for (const resource of resources) {
    // @types/fhir and @medplum/fhirtypes describe the same JSON with different declarations.
    const stored = resource as unknown as MedplumResource;
    if (stored.id) await repo.updateResource(stored);
    else await repo.createResource(stored);
  }
  return resources.length;
}
