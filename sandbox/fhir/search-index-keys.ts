// Which index keys a resource is filed under for one search parameter, and which keys a search filter asks for.
// The index only narrows the candidates: Medplum's matchesSearchRequest still decides every match on them. So the
// keys of a resource are a superset of what Medplum's matcher compares a filter with (every string, number and
// boolean inside the parameter's values), and a filter the index cannot answer exactly (a modifier, a system-only
// token, an empty value, an escaped comma) is not looked up at all: the search then scans the type, as before.
import { globalSchema, Operator, splitSearchOnComma, type Filter } from '@medplum/core';
import { evalTypedCached } from './fhirpath-cache';

/** The parameter types whose equality match the index narrows (Medplum: matchesTokenFilter, matchesReferenceFilter). */
export type IndexedParamType = 'token' | 'reference';

/** The definition Medplum's matcher uses for a filter code (globalSchema, not the R4 list: the same lookup). */
export function indexedParam(resourceType: string, code: string): { expression: string; type: IndexedParamType } | undefined {
  if (code.startsWith('_')) return undefined; // _id, _compartment and friends have matcher special cases
  const param = globalSchema.types[resourceType]?.searchParams?.[code];
  if (!param?.expression || (param.type !== 'token' && param.type !== 'reference')) return undefined;
  return { expression: param.expression, type: param.type };
}

function leaves(value: unknown, out: Set<string>, caseFold: boolean): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) leaves(item, out, caseFold);
    return;
  }
  if (typeof value === 'object') {
    // Medplum turns a value of an unexpected type into a token with `value.toString()`.
    if (caseFold) out.add(String(value).toLowerCase());
    const record = value as Record<string, unknown>;
    if (typeof record.resourceType === 'string' && typeof record.id === 'string') out.add(`${record.resourceType}/${record.id}`);
    for (const child of Object.values(record)) leaves(child, out, caseFold);
    return;
  }
  const text = String(value);
  out.add(caseFold ? text.toLowerCase() : text);
  // Contact points are lower-cased with the locale's rules before the comparison lower-cases them again.
  if (caseFold) out.add(text.toLocaleLowerCase().toLowerCase());
}

/** The keys a resource is filed under for a parameter: lower-cased for tokens, exact for references. */
export function resourceKeys(resource: unknown, param: { expression: string; type: IndexedParamType }): Set<string> {
  const keys = new Set<string>();
  for (const typed of evalTypedCached(param.expression, resource)) leaves(typed.value, keys, param.type === 'token');
  return keys;
}

/**
 * The keys one of which a resource must have to pass the filter, or undefined when the index cannot tell (then
 * every resource of the type stays a candidate).
 */
export function filterKeys(filter: Filter, type: IndexedParamType): string[] | undefined {
  if (filter.operator !== Operator.EQUALS || !filter.value || filter.value.includes('\\')) return undefined;
  const keys: string[] = [];
  for (const value of splitSearchOnComma(filter.value)) {
    if (type === 'reference') {
      // Medplum compares the filter value with each reference string as it is.
      if (!/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(value)) return undefined;
      keys.push(value);
      continue;
    }
    // Token: `code`, `system|code` or `|code` compare the code part (lower-cased); `system|` matches on the system only.
    const code = (value.includes('|') ? value.split('|')[1] : value)?.toLowerCase();
    if (!code) return undefined;
    keys.push(code);
  }
  return keys.length > 0 ? keys : undefined;
}
