// The launch page's head start on the EHR's connection (issue 22). Discovery may only be asked of an iss the
// configuration accepts, so it waits for smart-config.json; the connection it will use need not. A preconnect opens
// the TCP (and TLS) connection while the configuration loads and sends no HTTP request: nothing about the launch
// reaches a server before the configuration has accepted its iss (src/app/launch.ts).
import { issUrlProblem, LOOPBACK_HOSTS } from './issuer-allow-list';
import { launchRequest } from './launch';

/**
 * Adds `<link rel=preconnect crossorigin>` for the launch's iss origin. `crossorigin` (anonymous) because discovery,
 * the token request and the FHIR reads are cross-origin fetches without cookies, which the browser keeps on other
 * connections than credentialed ones: a preconnect without it would open a connection none of them uses (and an
 * uncredentialed connection carries no cookie or client certificate). Returns the origin, or undefined when the page
 * has no iss, the iss could never be accepted (scheme, credentials, query), it is the page's own origin (its
 * connection is open already), or it is plain http on this machine while the page is not: a deployed app is never
 * configured for a local sandbox, and a crafted link must not make it knock on the physician's local ports.
 */
export function preconnectToIssuer(doc: Document, url: URL): string | undefined {
  const iss = launchRequest(url)?.iss;
  if (!iss || issUrlProblem(iss)) return undefined;
  const { origin, protocol } = new URL(iss);
  if (origin === url.origin) return undefined;
  if (protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  const link = doc.createElement('link');
  link.rel = 'preconnect';
  link.href = origin;
  link.crossOrigin = 'anonymous';
  doc.head.appendChild(link);
  return origin;
}
