// "None documented" is only true when the search was complete and granted (issue 8): a rule that would
// conclude from the absence of records reads this first.
import type { RuleContext } from './context';

/** The resource types among `types` that could not be read completely (failed, denied, narrowed, capped, or left out by the server). */
export function unreadTypes(ctx: RuleContext, types: readonly string[]): string[] {
  return types.filter((type) => ctx.record.incompleteTypes.includes(type));
}

/** The note a rule shows when its conclusion would rest on types that were not read completely. */
export function unreadNote(types: readonly string[]): string {
  return `${types.join(' and ')} could not be read completely, so the record cannot settle this.`;
}
