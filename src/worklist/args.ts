// Options of `npm run worklist` (README, Population worklist). A usage error is exit 2, like the assess command.
import { asOfDay, parseNamedOptions, UsageError } from '../cli/parse-options';
import { withoutTrailingSlashes } from '../fhir/base-url';

export const USAGE = `usage:
  npm run -s worklist -- --fhir FHIR_BASE_URL (--group ID | --patients FILE) --client-id ID --key FILE
                         [--as-of YYYY-MM-DD] [--out DIR] [--since INSTANT] [--launch-url URL_WITH_{id}]
                         [--token-url URL] [--scope SCOPES] [--type-filter TYPE?QUERY ...] [--max-wait-minutes N]
                         [--workers N]

  Finds the patients with a recent vertebral fracture (or a nonunion) through FHIR Bulk Data export (SMART
  Backend Services), assesses each with the app's rules, and writes worklist.csv, worklist.ndjson and
  worklist.html to --out (default ./worklist-out). Decision support: "meets the documented criteria", the
  physician decides.

  --fhir          the FHIR base URL of the bulk export server
  --group         export this Group (Group/ID/$export); --patients FILE: these patients (one id per line) via
                  Patient/$export
  --client-id     the Backend Services client id registered with the server
  --key           the client's private key: a JWK (JSON) or a PKCS#8 PEM file (EC P-384 signs ES384, RSA RS384)
  --as-of         the evaluation date (default: today)
  --out           the output folder (created; existing worklist files are replaced)
  --since         stage 1 exports only Patient and Condition resources changed after this FHIR instant (new
                  fractures since the last run); the patients it finds are then exported whole
  --launch-url    a link per patient in worklist.html: {id} is replaced by the patient id
                  (e.g. http://localhost:4013/launch?launch=ehr:{id}&sim=none)
  --token-url     the token endpoint (default: from FHIR_BASE/.well-known/smart-configuration)
  --scope         scopes to ask for (default: system/*.rs)
  --type-filter   a _typeFilter to send (repeatable), only for a server documented to apply it; a type the
                  server drops from the manifest is reported as a gap on every patient, never as "none"
  --max-wait-minutes   how long to wait for one export (default 60)
  --workers       worker threads for the assessments (default: none below 50 patients, else cores - 1, at most 4;
                  0: this thread only)

  Exit 0 with the three files, 1 when the worklist cannot be made (one "error: ..." line on stderr), 2 for a
  usage error. Ctrl-C cancels the running export on the server (DELETE) and exits 1.`;

export { UsageError };

export interface WorklistOptions {
  fhirBase: string;
  population: { kind: 'group'; id: string } | { kind: 'patients'; file: string };
  clientId: string;
  keyFile: string;
  asOf: string;
  outDir: string;
  since?: string;
  launchUrl?: string;
  tokenUrl?: string;
  scope: string;
  typeFilters: string[];
  maxWaitMs: number;
  /** Worker threads for assess(); undefined: chosen from the cohort size (./pool.ts). */
  workers?: number;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function parseWorklistArgs(argv: string[], today: string): WorklistOptions {
  const values = parseNamedOptions(argv, {
    fhir: { type: 'string' },
    group: { type: 'string' },
    patients: { type: 'string' },
    'client-id': { type: 'string' },
    key: { type: 'string' },
    'as-of': { type: 'string' },
    out: { type: 'string' },
    since: { type: 'string' },
    'launch-url': { type: 'string' },
    'token-url': { type: 'string' },
    scope: { type: 'string' },
    'type-filter': { type: 'string', multiple: true },
    'max-wait-minutes': { type: 'string' },
    workers: { type: 'string' },
  });
  const httpUrl = (name: string, value: string | undefined) => {
    if (value !== undefined && !/^https?:\/\/[^\s]+$/i.test(value)) throw new UsageError(`--${name} must be an http(s) URL (got "${value}")`);
    return value;
  };
  if (!values.fhir) throw new UsageError('--fhir is required');
  httpUrl('fhir', values.fhir);
  if (!values.group === !values.patients) throw new UsageError('give exactly one of --group or --patients');
  if (!values['client-id']) throw new UsageError('--client-id is required');
  if (!values.key) throw new UsageError('--key is required');
  const asOf = asOfDay(values['as-of'], today);
  if (values.since !== undefined && !INSTANT.test(values.since)) throw new UsageError(`--since must be a FHIR instant such as 2026-01-31T00:00:00Z (got "${values.since}")`);
  if (values['launch-url'] !== undefined) {
    httpUrl('launch-url', values['launch-url']);
    if (!values['launch-url'].includes('{id}')) throw new UsageError('--launch-url must contain {id} (where the patient id goes)');
  }
  httpUrl('token-url', values['token-url']);
  const minutes = values['max-wait-minutes'] === undefined ? 60 : Number(values['max-wait-minutes']);
  if (!Number.isFinite(minutes) || minutes <= 0) throw new UsageError(`--max-wait-minutes must be a positive number (got "${values['max-wait-minutes']}")`);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 16)) throw new UsageError(`--workers must be a whole number from 0 to 16 (got "${values.workers}")`);
  for (const filter of values['type-filter'] ?? []) {
    if (!/^[A-Z][A-Za-z]+\?\S+$/.test(filter)) throw new UsageError(`--type-filter must look like Type?param=value (got "${filter}")`);
  }
  return {
    fhirBase: withoutTrailingSlashes(values.fhir),
    population: values.group ? { kind: 'group', id: values.group } : { kind: 'patients', file: values.patients! },
    clientId: values['client-id'],
    keyFile: values.key,
    asOf,
    outDir: values.out ?? 'worklist-out',
    ...(values.since ? { since: values.since } : {}),
    ...(values['launch-url'] ? { launchUrl: values['launch-url'] } : {}),
    ...(values['token-url'] ? { tokenUrl: values['token-url'] } : {}),
    scope: values.scope ?? 'system/*.rs',
    typeFilters: values['type-filter'] ?? [],
    maxWaitMs: minutes * 60_000,
    ...(workers !== undefined ? { workers } : {}),
  };
}
