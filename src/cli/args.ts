// Command-line arguments of assessment.md § Command line.
import { asOfDay, parseNamedOptions, UsageError } from './parse-options';
import { OBSERVATION_PLANS, type ObservationPlan } from '../fhir/observation-plan';
import { COMPONENT_SEARCHES, CONDITION_STATUS_DEFAULTS, type SearchSupport } from '../fhir/search-support';

export const USAGE = `usage:
  npm run -s assess -- --bundle FILE [--patient ID] [--answers FILE] [--as-of YYYY-MM-DD] [--format json|text]
  npm run -s assess -- --server FHIR_BASE_URL --patient ID [--answers FILE] [--as-of YYYY-MM-DD] [--format json|text]
                       [--observation-plan latest|window|full]   (how Observations are read: README, The query plan)
                       [--component-search combo-code|component-code|category|none] [--condition-status-default all|active]
                       (what the server's searches can do, as smart-config.json says per EHR; checked against /metadata)`;

export { UsageError };

export interface CliOptions {
  input: { kind: 'bundle'; file: string } | { kind: 'server'; url: string };
  patient?: string;
  answersFile?: string;
  asOf: string;
  format: 'json' | 'text';
  /** --server only; default latest. */
  observationPlan?: ObservationPlan;
  /** --server only: what the server's searches can do (defaults: category, all); always checked against /metadata. */
  searchSupport?: SearchSupport;
}

export function parseCliArgs(argv: string[], today: string): CliOptions {
  const values = parseNamedOptions(argv, {
    bundle: { type: 'string' },
    server: { type: 'string' },
    patient: { type: 'string' },
    answers: { type: 'string' },
    'as-of': { type: 'string' },
    format: { type: 'string' },
    'observation-plan': { type: 'string' },
    'component-search': { type: 'string' },
    'condition-status-default': { type: 'string' },
  });
  if (!values.bundle === !values.server) throw new UsageError('give exactly one of --bundle or --server');
  if (values.server && !values.patient) throw new UsageError('--server needs --patient');
  if (values.server && !/^https?:\/\//i.test(values.server)) throw new UsageError('--server must be an http(s) URL');
  const asOf = asOfDay(values['as-of'], today);
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format must be json or text (got "${format}")`);
  const plan = values['observation-plan'];
  if (plan !== undefined && !values.server) throw new UsageError('--observation-plan goes with --server');
  if (plan !== undefined && !(OBSERVATION_PLANS as readonly string[]).includes(plan)) throw new UsageError(`--observation-plan must be latest, window or full (got "${plan}")`);
  const components = values['component-search'];
  const statuses = values['condition-status-default'];
  if ((components !== undefined || statuses !== undefined) && !values.server) throw new UsageError('--component-search and --condition-status-default go with --server');
  if (components !== undefined && !(COMPONENT_SEARCHES as readonly string[]).includes(components)) throw new UsageError(`--component-search must be one of ${COMPONENT_SEARCHES.join(', ')} (got "${components}")`);
  if (statuses !== undefined && !(CONDITION_STATUS_DEFAULTS as readonly string[]).includes(statuses)) throw new UsageError(`--condition-status-default must be one of ${CONDITION_STATUS_DEFAULTS.join(', ')} (got "${statuses}")`);
  const searchSupport = {
    ...(components ? { componentSearch: components as NonNullable<SearchSupport['componentSearch']> } : {}),
    ...(statuses ? { conditionStatusDefault: statuses as NonNullable<SearchSupport['conditionStatusDefault']> } : {}),
  };
  return {
    ...(plan ? { observationPlan: plan as ObservationPlan } : {}),
    ...(values.server ? { searchSupport } : {}),
    input: values.bundle ? { kind: 'bundle', file: values.bundle } : { kind: 'server', url: values.server! },
    ...(values.patient ? { patient: values.patient } : {}),
    ...(values.answers ? { answersFile: values.answers } : {}),
    asOf,
    format,
  };
}
