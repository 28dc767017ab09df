// A server that leaves results out of a search says so inside the searchset: an OperationOutcome entry
// (`search.mode: "outcome"`; Oracle Health does this). A warning, error or fatal issue there means the
// results are incomplete, so that type's "none documented" proves nothing. Shared by the loader and the
// Bundle reader (one interpretation for the app and the command line).
import type { AccessGaps } from './granted-scope';
import { isObject, objects, str, type Json } from './narrow';
import { operationOutcomeText } from './source';

const INCOMPLETE_SEVERITIES = new Set(['warning', 'error', 'fatal']);

function isOutcomeEntry(entry: Json): boolean {
  const mode = isObject(entry.search) ? entry.search.mode : undefined;
  return mode === 'outcome' || (isObject(entry.resource) && entry.resource.resourceType === 'OperationOutcome');
}

/** The text of each outcome entry whose issues say results may be missing; information-only outcomes are not. */
export function omissionTexts(bundle: Json): string[] {
  const texts: string[] = [];
  for (const entry of objects(bundle.entry)) {
    if (!isOutcomeEntry(entry)) continue;
    const outcome = entry.resource;
    const issues = isObject(outcome) ? objects(outcome.issue) : [];
    const serious = issues.filter((issue) => INCOMPLETE_SEVERITIES.has(String(issue.severity).toLowerCase()));
    // An outcome entry with no readable issue still says something was not returned.
    if (issues.length > 0 && serious.length === 0) continue;
    texts.push(operationOutcomeText({ resourceType: 'OperationOutcome', issue: serious }) ?? 'no reason given');
  }
  return [...new Set(texts)];
}

/** "Condition: the server left results out: <text>" for each omission in one search page. */
export function omissionGaps(bundle: Json, resourceType: string): string[] {
  return omissionTexts(bundle).map((text) => `${resourceType}: the server left results out: ${text}`);
}

/** The type a searchset answered, from its `self` link ("…/Condition?patient=…"). */
export function searchedType(bundle: Json): string | undefined {
  const self = str(objects(bundle.link).find((l) => l.relation === 'self')?.url);
  const match = self ? /([A-Z][A-Za-z]+)\/?(?:\?|$)/.exec(self.split('#')[0]!) : undefined;
  return match?.[1];
}

/**
 * A Bundle read from a file: a searchset names its type in its `self` link; any other Bundle (a collection of
 * several searches) cannot say which search was cut short, so every type it could hold counts as incomplete.
 */
export function bundleOmissions(bundle: unknown, everyType: readonly string[]): AccessGaps {
  if (!isObject(bundle)) return { incompleteTypes: [], dataGaps: [] };
  const texts = omissionTexts(bundle);
  if (texts.length === 0) return { incompleteTypes: [], dataGaps: [] };
  const type = bundle.type === 'searchset' ? searchedType(bundle) : undefined;
  // A Patient search ($everything, _revinclude) may hold every type: only a search of one clinical type is narrowed.
  if (type && everyType.includes(type)) return { incompleteTypes: [type], dataGaps: omissionGaps(bundle, type) };
  return { incompleteTypes: [...everyType], dataGaps: texts.map((text) => `the server left results out (type not stated, so every type counts as incomplete): ${text}`) };
}
