// Turns Medplum's bare search result into a proper searchset: entry.fullUrl, search.mode,
// self/first/previous/next links from _count/_offset, and _include targets (Medplum's memory
// repository ignores _include, which the app uses for MedicationRequest:medication).
import { getSearchParameter } from '@medplum/core';
import { evalCached } from './fhirpath-cache';
import type { Bundle, BundleEntry, BundleLink, Reference, Resource } from 'fhir/r4';
import type { NormalisedSearch } from './search-query';

export interface SearchContext {
  baseUrl: string;
  resourceType: string;
  search: NormalisedSearch;
  /** Reads a referenced resource ("Type/id"); undefined when absent or not allowed. */
  readReference(reference: string): Promise<Resource | undefined>;
}

function pageUrl(ctx: SearchContext, offset: number): string {
  const query = new URLSearchParams(ctx.search.params);
  for (const include of ctx.search.includes) query.append('_include', include);
  query.set('_count', String(ctx.search.count));
  if (offset > 0) query.set('_offset', String(offset));
  return `${ctx.baseUrl}/${ctx.resourceType}?${query.toString()}`;
}

function pageLinks(ctx: SearchContext, total: number | undefined, returned: number): BundleLink[] {
  const { count, offset } = ctx.search;
  const links: BundleLink[] = [{ relation: 'self', url: pageUrl(ctx, offset) }];
  if (ctx.search.summaryCount || count === 0) return links;
  links.push({ relation: 'first', url: pageUrl(ctx, 0) });
  if (offset > 0) links.push({ relation: 'previous', url: pageUrl(ctx, Math.max(0, offset - count)) });
  const more = total === undefined ? returned === count : offset + returned < total;
  if (more) links.push({ relation: 'next', url: pageUrl(ctx, offset + count) });
  return links;
}

/** References named by `_include=Source:param` in one resource (only ones to other resources). */
function includeReferences(resource: Resource, include: string): string[] {
  const [source, param, targetType] = include.split(':');
  if (!source || !param || (source !== '*' && source !== resource.resourceType)) return [];
  const definition = getSearchParameter(resource.resourceType, param);
  if (!definition?.expression || definition.type !== 'reference') return [];
  const refs: string[] = [];
  for (const value of evalCached(definition.expression, resource)) {
    const reference = (value as Reference | undefined)?.reference;
    if (typeof reference !== 'string' || reference.startsWith('#')) continue;
    if (targetType && !reference.startsWith(`${targetType}/`)) continue;
    refs.push(reference);
  }
  return refs;
}

export async function toSearchset(ctx: SearchContext, result: Bundle): Promise<Bundle> {
  const matches = (result.entry ?? []).filter((e): e is BundleEntry & { resource: Resource } => Boolean(e.resource));
  const entries: BundleEntry[] = matches.map((e) => ({
    fullUrl: `${ctx.baseUrl}/${e.resource.resourceType}/${e.resource.id}`,
    resource: e.resource,
    search: { mode: 'match' },
  }));

  const seen = new Set(entries.map((e) => `${e.resource?.resourceType}/${e.resource?.id}`));
  for (const include of ctx.search.includes) {
    for (const match of matches) {
      for (const reference of includeReferences(match.resource, include)) {
        if (seen.has(reference)) continue;
        seen.add(reference);
        const included = await ctx.readReference(reference);
        if (included) entries.push({ fullUrl: `${ctx.baseUrl}/${reference}`, resource: included, search: { mode: 'include' } });
      }
    }
  }

  return {
    resourceType: 'Bundle',
    id: crypto.randomUUID(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    ...(result.total !== undefined ? { total: result.total } : {}),
    link: pageLinks(ctx, result.total, matches.length),
    ...(ctx.search.summaryCount ? {} : { entry: entries }),
  };
}
