// What the EHR actually granted, against what the app reads: a resource type the token does not cover, or
// covers only through a query-restricted SMART v2 scope, cannot prove "none documented". Pure: the app reads
// `tokenResponse.scope` after ready() and hands the result to the loader.
//   SMART v1: patient/Condition.read, user/*.read, patient/*.*
//   SMART v2: patient/Condition.rs, user/*.cruds, patient/Condition.rs?category=...|problem-list-item

export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

export interface ResourceGrant {
  context: 'patient' | 'user' | 'system';
  /** A resource type, or '*'. */
  resourceType: string;
  permissions: ReadonlySet<Permission>;
  /** SMART v2 query restriction (`?category=...`): the grant covers only matching resources. */
  restriction?: URLSearchParams;
}

const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Za-z]+)\.([a-z*]+)(?:\?(.*))?$/;
const V2_PERMISSIONS = /^(?=.)c?r?u?d?s?$/;
const V1_PERMISSIONS: Record<string, Permission[]> = { read: ['r', 's'], write: ['c', 'u', 'd'], '*': ['c', 'r', 'u', 'd', 's'] };

/** One resource scope, or undefined for context/identity scopes and anything malformed. */
export function parseResourceGrant(scope: string): ResourceGrant | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match) return undefined;
  const [, context, resourceType, action, query] = match;
  const permissions = V1_PERMISSIONS[action!] ?? (V2_PERMISSIONS.test(action!) ? (action!.split('') as Permission[]) : undefined);
  if (!permissions) return undefined;
  const restriction = query !== undefined && query !== '' ? new URLSearchParams(query) : undefined;
  return {
    context: context as ResourceGrant['context'],
    resourceType: resourceType!,
    permissions: new Set(permissions),
    ...(restriction && [...restriction.keys()].length > 0 ? { restriction } : {}),
  };
}

export function parseResourceGrants(scope: string | undefined): ResourceGrant[] {
  return (scope ?? '').split(/\s+/).flatMap((s) => {
    const grant = s ? parseResourceGrant(s) : undefined;
    return grant ? [grant] : [];
  });
}

/** The app reads patient data for a user or a patient; a backend (system/) grant is not what a launch gives. */
const covers = (grant: ResourceGrant, resourceType: string, permission: Permission) =>
  grant.context !== 'system' && (grant.resourceType === '*' || grant.resourceType === resourceType) && grant.permissions.has(permission);

export type Coverage = { kind: 'full' } | { kind: 'restricted'; restrictions: URLSearchParams[] } | { kind: 'none' };

/** How far the grants let the app do `permission` on `resourceType`: one unrestricted grant is enough. */
export function coverage(grants: readonly ResourceGrant[], resourceType: string, permission: Permission): Coverage {
  const matching = grants.filter((g) => covers(g, resourceType, permission));
  if (matching.length === 0) return { kind: 'none' };
  if (matching.some((g) => !g.restriction)) return { kind: 'full' };
  return { kind: 'restricted', restrictions: matching.map((g) => g.restriction!) };
}

/** "http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item" reads as "problem-list-item". */
const codeOf = (token: string) => (token.includes('|') ? token.slice(token.lastIndexOf('|') + 1) || token : token);

/** `category=...|problem-list-item&code=x` as "category problem-list-item and code x". */
export function describeRestriction(restriction: URLSearchParams): string {
  return [...restriction.entries()]
    .map(([name, value]) => `${name.replace(/:.*$/, '')} ${value.split(',').map(codeOf).join(' or ')}`)
    .join(' and ');
}

export interface AccessGaps {
  /** Resource types "none documented" cannot be trusted for. */
  incompleteTypes: string[];
  /** One line per type, in the words of the data-gap list. */
  dataGaps: string[];
}

/** Medications are only read to name what MedicationRequest and MedicationStatement reference. */
const DEPENDENTS: Record<string, string[]> = { Medication: ['MedicationRequest', 'MedicationStatement'] };

/**
 * Compares the granted scope with what the app reads. The Patient is read by id (its own failure is fatal);
 * Medication is read through `_include` (read permission); everything else is searched. A token response
 * without `scope` means the request was granted as asked (RFC 6749 §5.1).
 */
export function accessGaps(requested: string, granted: string | undefined, readTypes: readonly string[]): AccessGaps {
  const grants = parseResourceGrants(granted ?? requested);
  const asked = parseResourceGrants(requested);
  const result: AccessGaps = { incompleteTypes: [], dataGaps: [] };
  for (const type of readTypes) {
    if (type === 'Patient') continue;
    const permission: Permission = type === 'Medication' ? 'r' : 's';
    const found = coverage(grants, type, permission);
    if (found.kind === 'full') continue;
    result.incompleteTypes.push(type, ...(DEPENDENTS[type] ?? []));
    if (found.kind === 'restricted') {
      result.dataGaps.push(`${type}: access limited to ${found.restrictions.map(describeRestriction).join(', or to ')}`);
    } else {
      const wasAsked = coverage(asked, type, permission).kind !== 'none';
      result.dataGaps.push(`${type}: ${wasAsked ? 'access not granted by the EHR' : 'access not requested (the scope in smart-config.json leaves it out)'}`);
    }
  }
  result.incompleteTypes = [...new Set(result.incompleteTypes)];
  return result;
}
