// The service's settings: who may call it (trusted EHR issuers and their keys), where the app is,
// which browser origins may call it. Read from a JSON file so a deployment changes no code.
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';

export interface TrustedIssuer {
  /** The `iss` of the EHR's JWTs, compared exactly. */
  iss: string;
  /** The EHR's JWK Set URL. A JWT whose `jku` header names another URL is refused. */
  jwksUrl?: string;
  /** The EHR's public keys inline, instead of jwksUrl (tests, offline set-ups). */
  jwks?: JSONWebKeySet;
  /**
   * FHIR base URLs this EHR may ask us to read (`fhirServer`), required: the access token goes only to
   * a URL with one entry's exact origin (scheme, host, port) whose path starts with the entry's path
   * segments (cds/fhir-server-allowed.ts). An empty list: prefetch only, the service never reads.
   */
  fhirServers: string[];
  /** This EHR's read budget (ms), when it differs from the service's fhirReadBudgetMs. */
  fhirReadBudgetMs?: number;
}

/** Where the replay ids and rate-limit counters live: one process, or shared by every instance. */
export type SharedStateConfig =
  | { kind: 'memory'; /** Live JWT ids kept; past it, new JWTs are refused (503), never an id forgotten. */ maxReplayIds: number }
  | { kind: 'redis'; /** redis://host:port (or rediss://) */ url: string; /** Key prefix, one per deployment. */ keyPrefix: string };

export interface CallerLimits {
  /** Calls one issuer (JWT iss) may have in progress on one instance; more get 429. */
  concurrentCalls: number;
  /** Calls one issuer may make per minute, counted across instances through the shared state; more get 429. */
  callsPerMinute: number;
}

export interface AuditConfig {
  /** stderr (default), a file (JSON lines appended), or none. */
  sink: 'stderr' | 'file' | 'none';
  path?: string;
}

export interface CdsConfig {
  /** The app's launch page: the card's SMART link. */
  appLaunchUrl: string;
  trustedIssuers: TrustedIssuer[];
  /** Browser origins allowed to call the service (CORS); "*" for any. */
  allowedOrigins: string[];
  /** JWS algorithms accepted. CDS Hooks asks services to support ES384 and RS384. */
  algorithms: string[];
  /** Request bodies above this are refused with 413. */
  maxBodyBytes: number;
  /** Audiences accepted besides the called service's own URL (e.g. a public URL behind a proxy). */
  extraAudiences: string[];
  /**
   * Longest JWT lifetime (exp - iat) accepted, in seconds. CDS Hooks 2.0 sets no maximum (it asks for a
   * short-lived token); EHRs issue 5 to 10 minutes. Default one hour: longer is refused.
   */
  maxJwtLifetimeSeconds: number;
  /**
   * Time the service gives itself to read the record from fhirServer, in milliseconds. Past it the EHR
   * gets a card saying the record could not be read in time, never a hung order screen. Default 2,000.
   */
  fhirReadBudgetMs: number;
  limits: CallerLimits;
  sharedState: SharedStateConfig;
  audit: AuditConfig;
}

export const DEFAULT_CONFIG_PATH = new URL('./cds-config.json', import.meta.url);

const DEFAULTS: CdsConfig = {
  appLaunchUrl: 'http://localhost:4010/launch.html',
  trustedIssuers: [],
  allowedOrigins: [],
  algorithms: ['ES384', 'RS384'],
  maxBodyBytes: 1024 * 1024,
  extraAudiences: [],
  maxJwtLifetimeSeconds: 3600,
  fhirReadBudgetMs: 2000,
  limits: { concurrentCalls: 32, callsPerMinute: 3000 },
  sharedState: { kind: 'memory', maxReplayIds: 100_000 },
  audit: { sink: 'stderr' },
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function stringList(value: unknown, field: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ConfigError(`${field} must be a list of strings`);
  return value as string[];
}

function issuer(value: unknown, index: number): TrustedIssuer {
  const where = `trustedIssuers[${index}]`;
  if (typeof value !== 'object' || value === null) throw new ConfigError(`${where} must be an object`);
  const raw = value as Record<string, unknown>;
  if (typeof raw.iss !== 'string' || !raw.iss) throw new ConfigError(`${where}.iss must be a non-empty string`);
  if (raw.jwksUrl === undefined && raw.jwks === undefined) throw new ConfigError(`${where} needs jwksUrl or jwks`);
  if (raw.jwksUrl !== undefined) {
    // Keys fetched over plain http could be swapped on the way: https, except on this machine.
    if (typeof raw.jwksUrl !== 'string' || !isHttpsOrLoopback(raw.jwksUrl)) throw new ConfigError(`${where}.jwksUrl must be an https URL (http only on localhost)`);
  }
  const keys = (raw.jwks as { keys?: unknown } | undefined)?.keys;
  if (raw.jwks !== undefined && !Array.isArray(keys)) throw new ConfigError(`${where}.jwks must be a JWK Set ({ "keys": [...] })`);
  if (raw.fhirServers === undefined) {
    throw new ConfigError(`${where}.fhirServers is required: the FHIR base URLs this EHR may ask the service to read ([] for prefetch only)`);
  }
  const fhirServers = stringList(raw.fhirServers, `${where}.fhirServers`);
  fhirServers.forEach((server, i) => {
    if (!isHttpsOrLoopback(server)) throw new ConfigError(`${where}.fhirServers[${i}] must be an https URL (http only on localhost)`);
    const url = new URL(server);
    if (url.username || url.password || url.search || url.hash) throw new ConfigError(`${where}.fhirServers[${i}] must be a base URL without credentials, query or fragment`);
  });
  return {
    iss: raw.iss,
    ...(typeof raw.jwksUrl === 'string' ? { jwksUrl: raw.jwksUrl } : {}),
    ...(raw.jwks !== undefined ? { jwks: raw.jwks as JSONWebKeySet } : {}),
    fhirServers,
    ...(raw.fhirReadBudgetMs !== undefined ? { fhirReadBudgetMs: positiveInteger(raw.fhirReadBudgetMs, DEFAULTS.fhirReadBudgetMs, `${where}.fhirReadBudgetMs`) } : {}),
  };
}

function positiveInteger(value: unknown, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) throw new ConfigError(`${field} must be a positive integer`);
  return value;
}

function limits(value: unknown): CallerLimits {
  if (value === undefined) return DEFAULTS.limits;
  if (typeof value !== 'object' || value === null) throw new ConfigError('limits must be an object');
  const raw = value as Record<string, unknown>;
  return {
    concurrentCalls: positiveInteger(raw.concurrentCalls, DEFAULTS.limits.concurrentCalls, 'limits.concurrentCalls'),
    callsPerMinute: positiveInteger(raw.callsPerMinute, DEFAULTS.limits.callsPerMinute, 'limits.callsPerMinute'),
  };
}

function sharedState(value: unknown): SharedStateConfig {
  if (value === undefined) return DEFAULTS.sharedState;
  if (typeof value !== 'object' || value === null) throw new ConfigError('sharedState must be an object');
  const raw = value as Record<string, unknown>;
  if (raw.kind === 'memory') return { kind: 'memory', maxReplayIds: positiveInteger(raw.maxReplayIds, 100_000, 'sharedState.maxReplayIds') };
  if (raw.kind === 'redis') {
    if (typeof raw.url !== 'string' || !/^rediss?:\/\//.test(raw.url) || !URL.canParse(raw.url)) throw new ConfigError('sharedState.url must be a redis:// or rediss:// URL');
    if (raw.keyPrefix !== undefined && typeof raw.keyPrefix !== 'string') throw new ConfigError('sharedState.keyPrefix must be a string');
    return { kind: 'redis', url: raw.url, keyPrefix: typeof raw.keyPrefix === 'string' ? raw.keyPrefix : 'kyphoplasty-cds:' };
  }
  throw new ConfigError('sharedState.kind must be "memory" or "redis"');
}

function audit(value: unknown): AuditConfig {
  if (value === undefined) return DEFAULTS.audit;
  if (typeof value !== 'object' || value === null) throw new ConfigError('audit must be an object');
  const raw = value as Record<string, unknown>;
  if (raw.sink === 'stderr' || raw.sink === 'none') return { sink: raw.sink };
  if (raw.sink === 'file') {
    if (typeof raw.path !== 'string' || !raw.path) throw new ConfigError('audit.path is required with sink "file"');
    return { sink: 'file', path: raw.path };
  }
  throw new ConfigError('audit.sink must be "stderr", "file" or "none"');
}

/** https anywhere; http only on this machine (tests, a sandbox next to the service). */
export function isHttpsOrLoopback(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** A full configuration from a partial one; throws ConfigError with the field at fault. */
export function cdsConfig(raw: unknown): CdsConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError('the configuration must be a JSON object');
  const input = raw as Record<string, unknown>;
  const issuers = input.trustedIssuers ?? [];
  if (!Array.isArray(issuers)) throw new ConfigError('trustedIssuers must be a list');
  const maxBodyBytes = positiveInteger(input.maxBodyBytes, DEFAULTS.maxBodyBytes, 'maxBodyBytes');
  const appLaunchUrl = input.appLaunchUrl ?? DEFAULTS.appLaunchUrl;
  if (typeof appLaunchUrl !== 'string' || !URL.canParse(appLaunchUrl)) throw new ConfigError('appLaunchUrl must be a URL');
  return {
    appLaunchUrl,
    trustedIssuers: issuers.map(issuer),
    allowedOrigins: input.allowedOrigins === undefined ? DEFAULTS.allowedOrigins : stringList(input.allowedOrigins, 'allowedOrigins'),
    algorithms: input.algorithms === undefined ? DEFAULTS.algorithms : stringList(input.algorithms, 'algorithms'),
    maxBodyBytes,
    extraAudiences: stringList(input.extraAudiences, 'extraAudiences'),
    maxJwtLifetimeSeconds: positiveInteger(input.maxJwtLifetimeSeconds, DEFAULTS.maxJwtLifetimeSeconds, 'maxJwtLifetimeSeconds'),
    fhirReadBudgetMs: positiveInteger(input.fhirReadBudgetMs, DEFAULTS.fhirReadBudgetMs, 'fhirReadBudgetMs'),
    limits: limits(input.limits),
    sharedState: sharedState(input.sharedState),
    audit: audit(input.audit),
  };
}

export async function readCdsConfig(path: string | URL = DEFAULT_CONFIG_PATH): Promise<CdsConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${String(path)}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${String(path)} is not JSON: ${(error as Error).message}`);
  }
  return cdsConfig(json);
}
