// SMART scope parsing for both syntaxes apps send today:
//   v1: patient/Condition.read, user/*.write, patient/*.*
//   v2: patient/Condition.rs, user/*.cruds, patient/Observation.rs?category=... (the query part
//       is kept and enforced by the FHIR API: ../fhir/grant-view.ts)
export type ScopeContext = 'patient' | 'user' | 'system';
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ResourceScope {
  raw: string;
  context: ScopeContext;
  /** A resource type, or '*' for all. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
  /** The SMART v2 query restriction (`category=...`), when the scope has one. */
  query?: string;
}

export interface ParsedScopes {
  /** Every scope whose syntax we understood, in request order, deduplicated. */
  valid: string[];
  /** Scopes with unknown syntax (authorize answers invalid_scope). */
  invalid: string[];
  resourceScopes: ResourceScope[];
  launch: boolean;
  launchPatient: boolean;
  launchEncounter: boolean;
  refreshable: boolean;
}

/** Identity scopes we recognise; `openid fhirUser` are granted (an id_token naming the Practitioner), `profile` is not. */
export const IDENTITY_SCOPES = new Set(['openid', 'fhirUser', 'profile']);
const GRANTED_IDENTITY_SCOPES = new Set(['openid', 'fhirUser']);
const CONTEXT_SCOPES = new Set(['launch', 'launch/patient', 'launch/encounter', 'online_access', 'offline_access']);

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{1,63})\.([a-z*]+)(\?\S*)?$/;
const V2_PERMISSIONS = /^c?r?u?d?s?$/;

function permissionsOf(action: string, hasQuery: boolean): Set<Permission> | undefined {
  if (!hasQuery) {
    if (action === 'read') return new Set(['r', 's']);
    if (action === 'write') return new Set(['c', 'u', 'd']);
    if (action === '*') return new Set(['c', 'r', 'u', 'd', 's']);
  }
  if (action.length > 0 && V2_PERMISSIONS.test(action)) return new Set(action.split('') as Permission[]);
  return undefined;
}

export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, context, resourceType, action, query] = match;
  const permissions = permissionsOf(action ?? '', Boolean(query));
  if (!permissions || !context || !resourceType) return undefined;
  return { raw: scope, context: context as ScopeContext, resourceType, permissions, ...(query && query.length > 1 ? { query: query.slice(1) } : {}) };
}

export function parseScopes(scope: string | null | undefined): ParsedScopes {
  const parsed: ParsedScopes = { valid: [], invalid: [], resourceScopes: [], launch: false, launchPatient: false, launchEncounter: false, refreshable: false };
  for (const item of new Set((scope ?? '').split(/\s+/).filter(Boolean))) {
    const resourceScope = parseResourceScope(item);
    if (resourceScope) parsed.resourceScopes.push(resourceScope);
    else if (!CONTEXT_SCOPES.has(item) && !IDENTITY_SCOPES.has(item)) {
      parsed.invalid.push(item);
      continue;
    }
    parsed.valid.push(item);
    if (item === 'launch') parsed.launch = true;
    if (item === 'launch/patient') parsed.launchPatient = true;
    if (item === 'launch/encounter') parsed.launchEncounter = true;
    if (item === 'online_access' || item === 'offline_access') parsed.refreshable = true;
  }
  return parsed;
}

const READ_PERMISSIONS: readonly Permission[] = ['r', 's'];

/**
 * The writes the app is registered for, beyond read and search (its write-back: the note, the answers, draft
 * orders), as an EHR's app registration lists them.
 */
export const REGISTERED_WRITES: Readonly<Record<string, readonly Permission[]>> = {
  DocumentReference: ['c', 'u'],
  QuestionnaireResponse: ['c', 'r', 'u'],
  ServiceRequest: ['c'],
};

/** A scope the patient app is registered for: identity and context scopes, patient/ read and search, and its writes. */
function isRegistered(item: string): boolean {
  const resource = parseResourceScope(item);
  if (!resource) return IDENTITY_SCOPES.has(item) || CONTEXT_SCOPES.has(item);
  const allowed = [...READ_PERMISSIONS, ...(resource.resourceType === '*' ? [] : REGISTERED_WRITES[resource.resourceType] ?? [])];
  return resource.context === 'patient' && [...resource.permissions].every((p) => allowed.includes(p));
}

/** The requested scopes the client is not registered for (authorize answers invalid_scope, as an EHR would). */
export function unregisteredScopes(parsed: ParsedScopes): string[] {
  return parsed.valid.filter((item) => !isRegistered(item));
}

/**
 * The scope string we grant. Registered scopes are granted as asked, identity scopes as far as this sandbox supports
 * them (`openid fhirUser`, not `profile`). Under the narrow_scope simulation, unregistered scopes reach here too and are narrowed as some EHRs
 * do instead of refusing: patient/ resource scopes only, and only their read and search rights (registered writes stay).
 */
export function grantedScope(parsed: ParsedScopes): string {
  return parsed.valid
    .flatMap((item) => {
      if (IDENTITY_SCOPES.has(item)) return GRANTED_IDENTITY_SCOPES.has(item) ? [item] : [];
      const resource = parseResourceScope(item);
      if (!resource) return [item];
      if (resource.context !== 'patient') return [];
      if (isRegistered(item)) return [item];
      const readable = READ_PERMISSIONS.filter((p) => resource.permissions.has(p));
      if (readable.length === 0) return [];
      if ([...resource.permissions].every((p) => READ_PERMISSIONS.includes(p))) return [item];
      const query = item.includes('?') ? item.slice(item.indexOf('?')) : '';
      return [`patient/${resource.resourceType}.${readable.join('')}${query}`];
    })
    .join(' ');
}

export interface AccessDecision {
  allowed: boolean;
  /** True when only patient/ scopes allow it: the request must stay in the token's patient. */
  patientOnly: boolean;
}

export function decideAccess(scopes: readonly ResourceScope[], resourceType: string, permission: Permission): AccessDecision {
  const matching = scopes.filter(
    (s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.permissions.has(permission),
  );
  return {
    allowed: matching.length > 0,
    patientOnly: matching.length > 0 && matching.every((s) => s.context === 'patient'),
  };
}
