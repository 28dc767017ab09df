// Which FHIR servers (`iss`) an entry of smart-config.json accepts, and which origins its authorization server may
// use. An iss is a claim made by whoever wrote the launch URL: the app only talks to servers listed here, and only
// lets their authorize and token endpoints live on the origins listed here (OAuth mix-up, SECURITY.md).
import { withoutTrailingSlashes } from '../fhir/base-url';

export interface IssuerRules {
  /** FHIR base URLs, exactly (a trailing slash is ignored). */
  iss?: string[];
  /** A regular expression for multi-tenant servers; it must pin the scheme and the host (see hostPinProblem). */
  issMatch?: string;
  /** Origins the authorize and token endpoints (and the advertised issuer) may have; default: the iss origin. */
  authOrigins?: string[];
}

export const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere; plain http only on this machine (the local sandbox), where nothing crosses a network. */
function schemeAllowed(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

function parse(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** Why a value cannot be an `iss` entry, or undefined when it can. */
export function issUrlProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return 'must be a non-empty URL';
  const url = parse(value);
  if (!url) return `"${value}" is not an absolute URL`;
  if (!schemeAllowed(url)) return `"${value}" must use https (http only for localhost)`;
  if (url.username || url.password || url.search || url.hash) return `"${value}" must be a plain base URL (no credentials, query or fragment)`;
  return undefined;
}

/** Why a value cannot be an `authOrigins` entry, or undefined when it can. */
export function authOriginProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return 'must be a non-empty origin such as "https://authorization.example.com"';
  const url = parse(value);
  if (!url || url.origin !== value) return `"${value}" is not an origin (scheme://host[:port], no path or trailing slash)`;
  if (!schemeAllowed(url)) return `"${value}" must use https (http only for localhost)`;
  return undefined;
}

/** True when `|` splits the whole pattern: "^https://a\.org/|.*" matches anything. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

// "^https://" + a host written out (labels, dots escaped) + an optional port + "/" or the end of the pattern.
const HOST_PINNED = /^\^https:(?:\/\/|\\\/\\\/)[A-Za-z0-9-]+(?:\\\.[A-Za-z0-9-]+)+(?::\d{1,5})?(?:\/|\\\/|\$)/;

/** Why an `issMatch` pattern could match a server its author did not mean, or undefined when it pins scheme and host. */
export function hostPinProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
  } catch (error) {
    return `not a valid regular expression (${(error as Error).message})`;
  }
  if (!HOST_PINNED.test(pattern) || hasTopLevelAlternation(pattern)) {
    return `"${pattern}" does not pin the scheme and host: start it with ^https://<host written out, dots escaped>/ (e.g. "^https://fhir\\.example\\.org/tenants/[a-z0-9-]+/R4/?$"), or list the exact FHIR base URLs in "iss"`;
  }
  return undefined;
}

/** Problems with the issuer fields of one entry, each prefixed with its field. */
export function issuerRulesProblems(raw: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (raw.iss === undefined && raw.issMatch === undefined) problems.push('iss: list the FHIR base URLs this entry is for, e.g. ["https://fhir.example.org/R4"]');
  if (raw.iss !== undefined) {
    if (!Array.isArray(raw.iss) || raw.iss.length === 0) problems.push('iss: must be a non-empty array of FHIR base URLs');
    else for (const value of raw.iss) {
      const problem = issUrlProblem(value);
      if (problem) problems.push(`iss: ${problem}`);
    }
  }
  if (raw.issMatch !== undefined) {
    const problem = typeof raw.issMatch === 'string' && raw.issMatch ? hostPinProblem(raw.issMatch) : 'must be a regular expression, as a string';
    if (problem) problems.push(`issMatch: ${problem}`);
  }
  if (raw.authOrigins !== undefined) {
    if (!Array.isArray(raw.authOrigins) || raw.authOrigins.length === 0) problems.push('authOrigins: must be a non-empty array of origins');
    else for (const value of raw.authOrigins) {
      const problem = authOriginProblem(value);
      if (problem) problems.push(`authOrigins: ${problem}`);
    }
  }
  return problems;
}


/** Whether this entry accepts this iss. An iss that is not a plain https (or loopback http) URL is never accepted. */
export function acceptsIss(rules: IssuerRules, iss: string): boolean {
  if (issUrlProblem(iss)) return false;
  if (rules.iss?.some((listed) => withoutTrailingSlashes(listed) === withoutTrailingSlashes(iss))) return true;
  return rules.issMatch !== undefined && new RegExp(rules.issMatch).test(iss);
}

/** The origins this launch's authorization server may use. */
export function authOriginsFor(rules: IssuerRules, iss: string): string[] {
  return rules.authOrigins ?? [new URL(iss).origin];
}

/** Whether a URL (an endpoint or an issuer identifier) lies on one of the allowed origins. */
export function onAllowedOrigin(url: string, allowed: readonly string[]): boolean {
  const parsed = parse(url);
  return parsed !== undefined && allowed.includes(parsed.origin);
}
