// The runtime configuration (public/smart-config.json): one entry per EHR, chosen by the launch's `iss` (listed
// exactly in `iss`, or matched by an `issMatch` pattern that pins scheme and host). Fetched at run time, so a
// deployment edits the file, not the build. Every problem is reported with the entry and the field it concerns.
import type { ExtraSearchParams } from '../fhir/queries';
import { OBSERVATION_PLANS, type ObservationPlan } from '../fhir/observation-plan';
import { searchSupportProblems, type ComponentSearch, type ConditionStatusDefault } from '../fhir/search-support';
import { acceptsIss, issuerRulesProblems, type IssuerRules } from './issuer-allow-list';

export type PkceMode = 'ifSupported' | 'required' | 'disabled' | 'unsafeV1';

export interface EhrConfig extends IssuerRules {
  name: string;
  clientId: string;
  /** Resource and identity scopes; `launch` or `launch/patient` is added at launch time. */
  scope: string;
  pkceMode: PkceMode;
  completeInTarget?: boolean;
  redirectUri?: string;
  extraParams?: ExtraSearchParams;
  /** Milliseconds before a FHIR request is given up and shown as a gap (default 20,000): slow EHRs may need more. */
  requestTimeoutMs?: number;
  /** One Condition search per category (EHRs that authorise Condition per category, e.g. Epic), merged by id. */
  conditionCategories?: string[];
  /**
   * How Observations and lab reports are read: `latest` (default; the server sorts by date and searches by status:
   * HAPI, Medplum, the SMART sandboxes) or `window` (it cannot: Oracle Health, Epic). src/fhir/queries.ts.
   */
  observationPlan?: ObservationPlan;
  /**
   * How pain and vital-sign results inside panels are searched: `combo-code`, `component-code`, `category` (default)
   * or `none` (src/fhir/search-support.ts); checked against the server's CapabilityStatement in the first round.
   */
  componentSearch?: ComponentSearch;
  /** `active` where a Condition search returns only active conditions unless `clinical-status` is sent (Epic). */
  conditionStatusDefault?: ConditionStatusDefault;
  /**
   * `true` where the EHR answers a FHIR `batch` (HAPI, Medplum): the searches' first pages go in one POST (one CORS
   * preflight instead of one per search on HTTP/1.1); a refused or unusable batch is read with GETs (src/fhir/batch.ts).
   * Off unless set; the shipped local sandbox entry sets it (the one server known to answer batch).
   */
  searchBatch?: boolean;
  notes?: string;
}

export const CONFIG_URL = 'smart-config.json';

/** The configuration could not be used; the message names the entry and the field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`${CONFIG_URL}: ${problems.join('; ')}`);
  }
}

const PKCE_MODES: readonly PkceMode[] = ['ifSupported', 'required', 'disabled', 'unsafeV1'];
const FIELDS = new Set(['name', 'iss', 'issMatch', 'authOrigins', 'clientId', 'scope', 'pkceMode', 'completeInTarget', 'redirectUri', 'extraParams', 'requestTimeoutMs', 'notes', 'conditionCategories', 'observationPlan', 'componentSearch', 'conditionStatusDefault', 'searchBatch']);
const CONTEXT_SCOPES = new Set(['openid', 'fhirUser', 'profile', 'online_access', 'offline_access', 'launch', 'launch/patient', 'launch/encounter']);
const RESOURCE_SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|(?=[cruds])c?r?u?d?s?)(\?\S*)?$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

function entryProblems(raw: unknown): string[] {
  if (!isRecord(raw)) return ['must be an object'];
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (!FIELDS.has(key)) {
      const near = [...FIELDS].find((f) => f.toLowerCase() === key.toLowerCase());
      problems.push(`unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ''}`);
    }
  }
  if (!nonEmpty(raw.name)) problems.push('name: must be a non-empty string');
  problems.push(...issuerRulesProblems(raw));
  if (!nonEmpty(raw.clientId)) problems.push('clientId: must be a non-empty string');
  if (!nonEmpty(raw.scope)) problems.push('scope: must be a non-empty, space-separated list of scopes');
  else {
    const bad = raw.scope.split(/\s+/).filter((s) => s && !CONTEXT_SCOPES.has(s) && !RESOURCE_SCOPE.test(s));
    if (bad.length) problems.push(`scope: not a SMART scope: ${bad.join(', ')}`);
  }
  if (!PKCE_MODES.includes(raw.pkceMode as PkceMode)) problems.push(`pkceMode: must be one of ${PKCE_MODES.join(', ')}`);
  if (raw.completeInTarget !== undefined && typeof raw.completeInTarget !== 'boolean') problems.push('completeInTarget: must be true or false');
  if (raw.redirectUri !== undefined && !nonEmpty(raw.redirectUri)) problems.push('redirectUri: must be a non-empty string such as "index.html"');
  if (raw.notes !== undefined && typeof raw.notes !== 'string') problems.push('notes: must be a string');
  if (raw.requestTimeoutMs !== undefined && !(typeof raw.requestTimeoutMs === 'number' && Number.isInteger(raw.requestTimeoutMs) && raw.requestTimeoutMs >= 1000 && raw.requestTimeoutMs <= 120_000)) {
    problems.push('requestTimeoutMs: must be a whole number of milliseconds from 1000 to 120000');
  }
  problems.push(...conditionCategoriesProblems(raw.conditionCategories));
  if (raw.observationPlan !== undefined && !(OBSERVATION_PLANS as readonly unknown[]).includes(raw.observationPlan)) {
    problems.push(`observationPlan: must be one of ${OBSERVATION_PLANS.join(', ')}`);
  }
  problems.push(...searchSupportProblems(raw));
  if (raw.searchBatch !== undefined && typeof raw.searchBatch !== 'boolean') problems.push('searchBatch: must be true or false');
  if (raw.extraParams !== undefined) {
    if (!isRecord(raw.extraParams)) problems.push('extraParams: must be an object such as { "Observation": { "category": "laboratory" } }');
    else {
      for (const [type, params] of Object.entries(raw.extraParams)) {
        if (!isRecord(params) || !Object.values(params).every((v) => typeof v === 'string')) {
          problems.push(`extraParams.${type}: must map search parameters to strings`);
        }
      }
    }
  }
  return problems;
}

/** Each category is one search parameter value: a code, or system|code; no list, no spaces, no repeats. */
function conditionCategoriesProblems(value: unknown): string[] {
  if (value === undefined) return [];
  const example = 'such as ["problem-list-item", "encounter-diagnosis", "health-concern"]';
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) return [`conditionCategories: must be a list of 1 to 10 categories, ${example}`];
  const bad = value.filter((v) => typeof v !== 'string' || !/^[^\s,]+$/.test(v));
  if (bad.length) return [`conditionCategories: each category must be one code (or system|code) without spaces or commas, ${example}`];
  if (new Set(value).size !== value.length) return ['conditionCategories: lists a category twice'];
  return [];
}

function entryName(raw: unknown, index: number): string {
  const name = isRecord(raw) && nonEmpty(raw.name) ? ` ("${raw.name}")` : '';
  return `entry ${index + 1}${name}`;
}

/** Checks the parsed JSON; throws ConfigError listing every problem by entry and field. */
export function validateConfig(json: unknown): EhrConfig[] {
  if (!Array.isArray(json)) throw new ConfigError(['must be a JSON array of EHR entries']);
  if (json.length === 0) throw new ConfigError(['lists no EHR entries']);
  const problems = json.flatMap((raw, index) => entryProblems(raw).map((p) => `${entryName(raw, index)}: ${p}`));
  if (problems.length) throw new ConfigError(problems);
  return json as EhrConfig[];
}

/** Fetches and validates the configuration (relative to the page, so it works under any base path). */
export async function loadConfig(fetchImpl: typeof fetch = fetch, url: string = CONFIG_URL): Promise<EhrConfig[]> {
  // Relative to the page (the document's base), so it works under any deployment path.
  const target = typeof document !== 'undefined' ? new URL(url, document.baseURI).href : url;
  let response: Response;
  try {
    // A plain GET (cors mode, same-origin credentials, no extra headers, default cache mode): exactly what launch.html's
    // <link rel="preload" as="fetch" crossorigin> asks for, so the launch page takes the preloaded response instead of a
    // second request. Freshness is the server's `Cache-Control: no-cache` on this file (README, hosting).
    response = await fetchImpl(target);
  } catch {
    throw new ConfigError(['could not be fetched (network error)']);
  }
  if (!response.ok) throw new ConfigError([`could not be fetched (HTTP ${response.status})`]);
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch (error) {
    throw new ConfigError([`is not valid JSON (${(error as Error).message})`]);
  }
  return validateConfig(json);
}

/** The first entry that accepts the iss (entries are tried in order); none for an iss that is not listed. */
export function matchConfig(configs: readonly EhrConfig[], iss: string): EhrConfig | undefined {
  return configs.find((entry) => acceptsIss(entry, iss));
}

/** A client id left as the documented placeholder: the launch would fail at the EHR with an unhelpful message. */
export function placeholderProblem(entry: EhrConfig): string | undefined {
  if (/^REPLACE|^<|YOUR[-_ ]CLIENT/i.test(entry.clientId)) {
    return `"${entry.name}" still has the placeholder clientId "${entry.clientId}": register the app with this EHR and put its client id in ${CONFIG_URL}${entry.notes ? ` (${entry.notes})` : ''}`;
  }
  return undefined;
}

/** The entry's scopes with the launch scope of this launch: `launch` (EHR launch) or `launch/patient` (standalone). */
export function scopeFor(entry: EhrConfig, mode: 'ehr' | 'standalone'): string {
  const rest = entry.scope.split(/\s+/).filter((s) => s && s !== 'launch' && s !== 'launch/patient');
  // launch/encounter is a hint for the EHR's open encounter; in a standalone launch it would ask the user to pick one.
  if (mode === 'standalone') return ['launch/patient', ...rest.filter((s) => s !== 'launch/encounter')].join(' ');
  return [mode === 'ehr' ? 'launch' : 'launch/patient', ...rest].join(' ');
}
