// Where the EHR's access token may go. A `fhirServer` is read only when one of its issuer's
// `fhirServers` entries has exactly its origin (scheme, host and port: `http://localhost` is port 80,
// not any port) and the entry's path segments begin its path (`/fhir` covers `/fhir/r4`, never
// `/fhirx`). A refusal names neither the port nor whether anything listens there: it is decided
// before any connection, from the configuration alone.
import { pathSegments } from '../http-kit/paths';
import type { TrustedIssuer } from './config';

export class FhirServerRefusedError extends Error {
  override name = 'FhirServerRefusedError';
}

const REFUSED = 'fhirServer is not one of the FHIR servers configured for this issuer';

function startsWithSegments(segments: string[], prefix: string[]): boolean {
  return prefix.length <= segments.length && prefix.every((segment, i) => segments[i] === segment);
}

/** True when `fhirServer` is covered by `allowed` (a configured base URL). */
export function fhirServerMatches(fhirServer: URL, allowed: string): boolean {
  if (!URL.canParse(allowed)) return false;
  const entry = new URL(allowed);
  return entry.origin === fhirServer.origin && startsWithSegments(pathSegments(fhirServer.pathname), pathSegments(entry.pathname));
}

/** Throws FhirServerRefusedError unless the issuer's configuration lists the server. */
export function checkFhirServer(fhirServer: string, issuer: TrustedIssuer): URL {
  if (!URL.canParse(fhirServer)) throw new FhirServerRefusedError(REFUSED);
  const url = new URL(fhirServer);
  // Credentials, a query or a fragment in a base URL are never a FHIR base: refuse rather than guess.
  if (url.username || url.password || url.search || url.hash) throw new FhirServerRefusedError(REFUSED);
  if (!issuer.fhirServers.some((allowed) => fhirServerMatches(url, allowed))) throw new FhirServerRefusedError(REFUSED);
  return url;
}
