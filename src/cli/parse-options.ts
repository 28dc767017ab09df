// What the command-line tools share when they read their options: strict parsing, one error type for "usage",
// and the evaluation date. A usage error is exit 2 in every tool (assessment.md § Command line).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isValidDay } from '../clinical/dates';

export class UsageError extends Error {
  override name = 'UsageError';
}

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Parses named options only (no positionals, unknown options refused); `--help`/`-h` is a UsageError('help'). */
export function parseNamedOptions<T extends OptionsConfig>(argv: string[], options: T) {
  const config = { args: argv, strict: true as const, allowPositionals: false as const, options };
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    parsed = parseArgs({ ...config, options: { ...options, help: { type: 'boolean', short: 'h' } } }) as typeof parsed;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if ((parsed.values as { help?: boolean }).help) throw new UsageError('help');
  return parsed.values;
}

/** `--as-of`, a calendar day; today when not given. */
export function asOfDay(value: string | undefined, today: string): string {
  const asOf = value ?? today;
  if (!isValidDay(asOf)) throw new UsageError(`--as-of must be a date, YYYY-MM-DD (got "${asOf}")`);
  return asOf;
}
