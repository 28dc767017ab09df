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
   * FHIR base URLs this EHR may ask us to read (`fhirServer`), as prefixes. When absent, any https URL,
   * or http on this machine, is read: the access token is only sent where the EHR told us to.
   */
  fhirServers?: string[];
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
}

export const DEFAULT_CONFIG_PATH = new URL('./cds-config.json', import.meta.url);

const DEFAULTS: CdsConfig = {
  appLaunchUrl: 'http://localhost:4010/launch.html',
  trustedIssuers: [],
  allowedOrigins: [],
  algorithms: ['ES384', 'RS384'],
  maxBodyBytes: 1024 * 1024,
  extraAudiences: [],
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
  if (raw.jwksUrl !== undefined && (typeof raw.jwksUrl !== 'string' || !/^https?:\/\//i.test(raw.jwksUrl) || !URL.canParse(raw.jwksUrl))) throw new ConfigError(`${where}.jwksUrl must be an http(s) URL`);
  const keys = (raw.jwks as { keys?: unknown } | undefined)?.keys;
  if (raw.jwks !== undefined && !Array.isArray(keys)) throw new ConfigError(`${where}.jwks must be a JWK Set ({ "keys": [...] })`);
  return {
    iss: raw.iss,
    ...(typeof raw.jwksUrl === 'string' ? { jwksUrl: raw.jwksUrl } : {}),
    ...(raw.jwks !== undefined ? { jwks: raw.jwks as JSONWebKeySet } : {}),
    ...(raw.fhirServers !== undefined ? { fhirServers: stringList(raw.fhirServers, `${where}.fhirServers`) } : {}),
  };
}

/** A full configuration from a partial one; throws ConfigError with the field at fault. */
export function cdsConfig(raw: unknown): CdsConfig {
  if (typeof raw !== 'object' || raw === null) throw new ConfigError('the configuration must be a JSON object');
  const input = raw as Record<string, unknown>;
  const issuers = input.trustedIssuers ?? [];
  if (!Array.isArray(issuers)) throw new ConfigError('trustedIssuers must be a list');
  const maxBodyBytes = input.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  if (typeof maxBodyBytes !== 'number' || !Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) throw new ConfigError('maxBodyBytes must be a positive integer');
  const appLaunchUrl = input.appLaunchUrl ?? DEFAULTS.appLaunchUrl;
  if (typeof appLaunchUrl !== 'string' || !URL.canParse(appLaunchUrl)) throw new ConfigError('appLaunchUrl must be a URL');
  return {
    appLaunchUrl,
    trustedIssuers: issuers.map(issuer),
    allowedOrigins: input.allowedOrigins === undefined ? DEFAULTS.allowedOrigins : stringList(input.allowedOrigins, 'allowedOrigins'),
    algorithms: input.algorithms === undefined ? DEFAULTS.algorithms : stringList(input.algorithms, 'algorithms'),
    maxBodyBytes,
    extraAudiences: stringList(input.extraAudiences, 'extraAudiences'),
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
