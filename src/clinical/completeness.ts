// "None documented" is only true when the search was complete and granted (issue 8), and when the search could
// return the record at all (spec v3 §0 *Reading through a server*): a rule that would conclude from the absence
// of records reads this first.
import type { RuleContext } from './context';
import type { ReadLimit } from './record';

/**
 * The resource types among `types` that could not be read completely (failed, denied, narrowed, capped, left out
 * by the server, or still being read).
 */
export function unreadTypes(ctx: RuleContext, types: readonly string[]): string[] {
  const { incompleteTypes, stillReading } = ctx.record;
  return types.filter((type) => incompleteTypes.includes(type) || !!stillReading?.includes(type));
}

/** The note a rule shows when its conclusion would rest on types that were not read completely. */
export function unreadNote(types: readonly string[]): string {
  return `${types.join(' and ')} could not be read completely, so the record cannot settle this.`;
}

/** What each known miss of a server search (§0 *Reading through a server*) leaves unread, in words. */
export const READ_LIMIT_WORDS: Readonly<Record<ReadLimit, string>> = {
  'panel-components': 'Results inside panels (flowsheets, vital signs)',
  'lab-filed-imaging': 'Imaging reports filed under LAB',
  'inactive-conditions': 'Conditions that are not active',
};

/** §0 (1): the gap a pain rule names when panel components could not be searched. */
export const PANEL_PAIN_GAP = 'pain scores recorded inside panels may not have been read';

/** The read limits among `limits` that apply to this record. */
export function readLimitsOf(ctx: RuleContext, limits: readonly ReadLimit[]): ReadLimit[] {
  const known = ctx.record.readLimits ?? [];
  return limits.filter((limit) => known.includes(limit));
}

/**
 * Everything a conclusion of absence would rest on that was not read completely, in words: the unread resource
 * types, then the searches known to miss records.
 */
export function unreadReads(ctx: RuleContext, types: readonly string[], limits: readonly ReadLimit[] = []): string[] {
  return [...unreadTypes(ctx, types), ...readLimitsOf(ctx, limits).map((limit) => READ_LIMIT_WORDS[limit])];
}
