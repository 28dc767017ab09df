// `_sort` done by the wrapper: Medplum's in-memory sort misplaces Period-valued dates (an
// Observation with effectivePeriod sorts above every effectiveDateTime on `-date`) and puts
// undated resources first. Here a Period sorts by its start (ascending) or end (descending),
// instants compare as instants whatever their offset, and missing values go last.
import { getSearchParameter } from '@medplum/core';
import { evalCached } from './fhirpath-cache';
import type { Resource } from 'fhir/r4';

export interface SortKey {
  code: string;
  descending: boolean;
}

export function parseSort(value: string | null): SortKey[] {
  if (!value) return [];
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.startsWith('-') ? { code: s.slice(1), descending: true } : { code: s, descending: false }));
}

type Comparable = number | string | undefined;

function instant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value.length === 4 ? `${value}-01-01` : value.length === 7 ? `${value}-01` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

function sortValue(resource: Resource, key: SortKey): Comparable {
  const code = key.code === '_lastUpdated' ? '_lastUpdated' : key.code;
  if (code === '_id') return resource.id;
  if (code === '_lastUpdated') return instant(resource.meta?.lastUpdated);
  const param = getSearchParameter(resource.resourceType, code);
  if (!param?.expression) return undefined;
  const values = evalCached(param.expression, resource);
  const first = values[0];
  if (param.type === 'date') {
    const times = values
      .map((v) => {
        if (v && typeof v === 'object' && ('start' in v || 'end' in v)) {
          const period = v as { start?: string; end?: string };
          return instant(key.descending ? (period.end ?? period.start) : (period.start ?? period.end));
        }
        return instant(v);
      })
      .filter((t): t is number => t !== undefined);
    if (times.length === 0) return undefined;
    return key.descending ? Math.max(...times) : Math.min(...times);
  }
  if (typeof first === 'number') return first;
  if (typeof first === 'string') return first.toLowerCase();
  if (first && typeof first === 'object') {
    const coded = first as { coding?: Array<{ code?: string }>; text?: string; family?: string; reference?: string; value?: unknown };
    const text = coded.coding?.[0]?.code ?? coded.text ?? coded.family ?? coded.reference ?? coded.value;
    return text === undefined ? undefined : String(text).toLowerCase();
  }
  return undefined;
}

export function sortResources<T extends Resource>(resources: T[], keys: SortKey[]): T[] {
  if (keys.length === 0) return resources;
  const decorated = resources.map((resource) => ({ resource, values: keys.map((k) => sortValue(resource, k)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.values[i];
      const y = b.values[i];
      if (x === y) continue;
      if (x === undefined) return 1; // missing last, whatever the direction
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return keys[i]?.descending ? -order : order;
    }
    return 0;
  });
  return decorated.map((d) => d.resource);
}
