// EHR profiles (issue 18 item 4): the search behaviour of a real EHR family, selectable per sandbox
// (`startSandbox({ ehrProfile })`, `npm start -- --ehr-profile NAME`) and per EHR launch (the launcher's select; the
// launch id, then every token of the grant, carries it). Each profile changes only what real servers of that family
// are documented to do differently (notes/smart-integration.md), and publishes a CapabilityStatement listing exactly
// the search parameters it supports. Without a profile the sandbox behaves as it always did.
//
// Kept out of the search code on purpose: fhir-api.ts calls `searchRules` before a search and `finishPage` after
// it, and the CapabilityStatement is post-processed here, so search-query.ts and capability-statement.ts stay
// untouched (combo-code/component-code matching itself belongs to them; a profile only allows or refuses it).
import type { Bundle, CapabilityStatement, CapabilityStatementRestResourceSearchParam, Resource } from 'fhir/r4';
import { fhirError, operationOutcome } from './outcome';

export const EHR_PROFILES = ['epic-like', 'oracle-like', 'athena-like', 'hapi-like'] as const;
export type EhrProfileName = (typeof EHR_PROFILES)[number];

export function parseEhrProfile(value: unknown): EhrProfileName | undefined {
  return EHR_PROFILES.find((p) => p === value);
}

/** What `_sort` does: sorted by the wrapper, refused with 400, or dropped (the server's stored order, oldest first). */
type SortSupport = 'honoured' | 'refused' | 'ignored';

export interface EhrProfile {
  name: EhrProfileName;
  label: string;
  /** Observation searches need `code` or `category` (else 400). */
  observationNeedsCodeOrCategory: boolean;
  /** Condition searches without `clinical-status` return active Conditions only (after paging, see SearchRules). */
  conditionActiveByDefault: boolean;
  /** `status` is applied to each page after paging: pages may be short, even empty, with a next link. */
  statusPostFiltered: boolean;
  /** `combo-code` / `component-code` on Observation (matched by the search code; refused with 400 otherwise). */
  componentSearch: boolean;
  /** The `:missing` modifier (refused with 400 otherwise). */
  missingModifier: boolean;
  sort: SortSupport;
  /** Largest page served; a larger `_count` is served at this size. */
  maxCount?: number;
  /** An information OperationOutcome entry (`search.mode: outcome`) in every searchset page. */
  inlineOutcomes: boolean;
  /** Answers a FHIR `batch` (POST to the base; ./batch.ts); refused with 405 otherwise, and not listed in /metadata. */
  batch: boolean;
  /** Access-token lifetime (unless a short-token simulation applies). */
  tokenLifetimeSeconds?: number;
}

export const PROFILES: Record<EhrProfileName, EhrProfile> = {
  'epic-like': {
    name: 'epic-like',
    label: 'Epic-like: Observation needs code or category; active Conditions only unless clinical-status is sent; no combo-code; status filtered after paging',
    observationNeedsCodeOrCategory: true,
    conditionActiveByDefault: true,
    statusPostFiltered: true,
    componentSearch: false,
    missingModifier: false,
    sort: 'honoured',
    inlineOutcomes: false,
    batch: false,
  },
  'oracle-like': {
    name: 'oracle-like',
    label: 'Oracle Health-like: _sort refused (400); inline OperationOutcome entries; 10-minute tokens; _count at most 200',
    observationNeedsCodeOrCategory: false,
    conditionActiveByDefault: false,
    statusPostFiltered: false,
    componentSearch: false,
    missingModifier: false,
    sort: 'refused',
    maxCount: 200,
    inlineOutcomes: true,
    batch: false,
    tokenLifetimeSeconds: 600,
  },
  'athena-like': {
    name: 'athena-like',
    label: 'athenahealth-like: _sort silently ignored (stored order, oldest first)',
    observationNeedsCodeOrCategory: false,
    conditionActiveByDefault: false,
    statusPostFiltered: false,
    componentSearch: false,
    missingModifier: false,
    sort: 'ignored',
    inlineOutcomes: false,
    batch: false,
  },
  'hapi-like': {
    name: 'hapi-like',
    label: 'HAPI-like: combo-code and component-code, _sort and :missing supported (and listed in /metadata)',
    observationNeedsCodeOrCategory: false,
    conditionActiveByDefault: false,
    statusPostFiltered: false,
    componentSearch: true,
    missingModifier: true,
    sort: 'honoured',
    inlineOutcomes: false,
    batch: true,
  },
};

export function ehrProfile(name: EhrProfileName | undefined): EhrProfile | undefined {
  return name ? PROFILES[name] : undefined;
}

const COMPONENT_PARAMS = new Set(['combo-code', 'component-code', 'combo-value-quantity', 'combo-value-concept', 'component-value-quantity', 'component-value-concept', 'combo-code-value-quantity', 'combo-code-value-concept', 'component-code-value-quantity', 'component-code-value-concept', 'combo-data-absent-reason', 'component-data-absent-reason']);

/** The text an inline outcome entry of an oracle-like search carries (information: nothing was left out). */
export const INLINE_OUTCOME_TEXT = 'Search completed: results are limited to what the user may see (inline outcome of the oracle-like profile)';

export interface SearchRules {
  /**
   * Values of `status` to keep, applied to each page after paging (epic-like): the caller leaves `status` out of
   * the stored search (the page links keep it); undefined: no post-filter.
   */
  statusKept?: Set<string>;
  /**
   * epic-like Conditions without `clinical-status`: those recorded as no longer active (inactive, remission,
   * resolved) are left out of each page. A Condition without a clinical status stays (the spec reads it as active,
   * and a problem list would show it).
   */
  activeConditionsOnly?: boolean;
}

const NOT_ACTIVE = new Set(['inactive', 'remission', 'resolved']);

function clinicalStatusCodes(resource: Resource | undefined): string[] {
  const status = (resource as { clinicalStatus?: { coding?: Array<{ code?: string }> } } | undefined)?.clinicalStatus;
  return (status?.coding ?? []).flatMap((c) => (c.code ? [c.code] : []));
}

function unsupported(text: string) {
  return fhirError(400, 'not-supported', text);
}

/**
 * Applies the profile to a search's parameters (in place) before it runs: refuses what the profile does not
 * support (400 OperationOutcome, as the real servers do), adds the defaults it applies, takes out what it ignores
 * or applies later (`status`, see SearchRules). `count` is the page size asked for; the page size to serve is returned.
 */
export function searchRules(profile: EhrProfile, type: string, params: URLSearchParams, count: number): SearchRules & { count: number } {
  for (const key of new Set(params.keys())) {
    const [name, modifier] = key.split(':');
    if (COMPONENT_PARAMS.has(name ?? '') && !profile.componentSearch) throw unsupported(`The search parameter "${name}" is not supported by this server (${profile.name})`);
    if (modifier === 'missing' && !profile.missingModifier) throw unsupported(`The modifier ":missing" is not supported by this server (${profile.name})`);
  }
  if (params.has('_sort')) {
    if (profile.sort === 'refused') throw unsupported(`The search parameter "_sort" is not supported by this server (${profile.name})`);
    // Dropped, and the stored order served: the server's own order, oldest first (what ignores_sort does).
    if (profile.sort === 'ignored') params.set('_sort', 'date');
  }
  if (type === 'Observation' && profile.observationNeedsCodeOrCategory) {
    const named = [...params.keys()].some((k) => ['code', 'category'].includes(k.split(':')[0] ?? ''));
    if (!named) throw fhirError(400, 'required', `An Observation search must name a code or a category (${profile.name})`);
  }
  const rules: SearchRules = {};
  if (type === 'Condition' && profile.conditionActiveByDefault && ![...params.keys()].some((k) => k.split(':')[0] === 'clinical-status')) {
    rules.activeConditionsOnly = true;
  }
  if (profile.statusPostFiltered && params.has('status')) {
    rules.statusKept = new Set(params.getAll('status').flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean));
  }
  return { ...rules, count: profile.maxCount !== undefined ? Math.min(count, profile.maxCount) : count };
}

/** A page as the profile serves it: post-filtered by status, with its inline outcome entry. */
export function finishPage(profile: EhrProfile, rules: SearchRules, bundle: Bundle): Bundle {
  let entry = bundle.entry;
  if (rules.statusKept && entry) {
    const kept = rules.statusKept;
    entry = entry.filter((e) => e.search?.mode !== 'match' || kept.has(String((e.resource as Resource & { status?: string } | undefined)?.status)));
  }
  if (rules.activeConditionsOnly && entry) {
    entry = entry.filter((e) => e.search?.mode !== 'match' || !clinicalStatusCodes(e.resource).some((code) => NOT_ACTIVE.has(code)));
  }
  if (profile.inlineOutcomes) {
    entry = [...(entry ?? []), { resource: operationOutcome('informational', INLINE_OUTCOME_TEXT, 'information'), search: { mode: 'outcome' } }];
  }
  return entry === bundle.entry ? bundle : { ...bundle, ...(entry ? { entry } : {}) };
}

/** The profile's own CapabilityStatement: the sandbox's, listing exactly the search parameters the profile supports. */
export function profileCapabilityStatement(statement: CapabilityStatement, profile: EhrProfile | undefined): CapabilityStatement {
  if (!profile) return statement;
  const rest = statement.rest?.map((r) => ({
    ...r,
    resource: r.resource?.map((resource) => {
      let params = (resource.searchParam ?? []).filter((p) => {
        const component = COMPONENT_PARAMS.has(p.name);
        return !component || (profile.componentSearch && resource.type === 'Observation');
      });
      if (resource.type === 'Observation' && profile.componentSearch) {
        const listed = new Set(params.map((p) => p.name));
        const extra: CapabilityStatementRestResourceSearchParam[] = ['combo-code', 'component-code']
          .filter((name) => !listed.has(name))
          .map((name) => ({ name, type: 'token', definition: `http://hl7.org/fhir/SearchParameter/Observation-${name}` }));
        params = [...params, ...extra].sort((a, b) => a.name.localeCompare(b.name));
      }
      return { ...resource, searchParam: params };
    }),
    // Parameters of every type: the sandbox's own (capability-statement.ts lists those every type has here), _sort
    // only where the profile sorts, _count with its maximum; the modifiers it supports in words.
    // batch only where the profile answers it (the sandbox's own statement lists it).
    ...(r.interaction ? { interaction: r.interaction.filter((i) => i.code !== 'batch' || profile.batch) } : {}),
    searchParam: [
      ...(r.searchParam ?? []).filter((p) => p.name !== '_sort' && p.name !== '_count'),
      ...(profile.sort === 'honoured' ? [{ name: '_sort', type: 'special' as const, documentation: 'Sort by one or more search parameters (- for descending)' }] : []),
      { name: '_count', type: 'number' as const, documentation: profile.maxCount ? `Page size, at most ${profile.maxCount}` : 'Page size' },
    ],
  }));
  const modifiers = profile.missingModifier ? ' The :missing modifier is supported on every parameter.' : '';
  return {
    ...statement,
    software: { ...statement.software!, name: `${statement.software?.name ?? 'kyphoplasty-sandbox'}, ${profile.name} profile` },
    implementation: { ...statement.implementation!, description: `${statement.implementation?.description ?? ''}: ${profile.label}.${modifiers}` },
    ...(rest ? { rest } : {}),
  };
}
