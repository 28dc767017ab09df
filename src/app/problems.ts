// The named states a launch can end in instead of an assessment. Each is rendered with what to do next
// (src/ui/ProblemView.tsx); this file only decides which one an error is.
import { PatientUnreadableError } from '../fhir/load-errors';
import { FhirRequestError } from '../fhir/source';
import { isSessionExpired } from '../fhir/client-source';
import { ConfigError } from './config';
import { LaunchSecurityError } from './launch-binding';
import { firstLine } from './first-line';

export type Problem =
  /** The page was opened without a SMART launch (no state in the URL or in this tab's session). */
  | { kind: 'not-launched'; detail?: string }
  /** The authorization server refused: `error` and `error_description` as it sent them. */
  | { kind: 'auth-error'; stage: 'authorize' | 'token'; error: string; description?: string }
  /** The access token is no longer accepted (401, or a refresh that failed). */
  | { kind: 'session-expired'; detail?: string }
  /** The launch gave no patient. */
  | { kind: 'no-patient' }
  /** The Patient resource itself could not be read: nothing can be assessed. */
  | { kind: 'patient-unreadable'; message: string }
  /** smart-config.json is missing or wrong. */
  | { kind: 'config'; message: string }
  /** No smart-config.json entry for this iss. */
  | { kind: 'no-config-match'; iss: string }
  /** The server's discovery names an authorize or token endpoint (or issuer) outside the entry's authOrigins: a possible OAuth mix-up. */
  | { kind: 'untrusted-auth-server'; iss: string; endpoint: 'authorize' | 'token' | 'issuer'; url: string; allowed: string[] }
  /** The authorization response came from another authorization server than the one the launch went to (RFC 9207). */
  | { kind: 'issuer-mismatch'; expected: string; received?: string }
  /** authorize() failed before leaving the page (discovery, PKCE, placeholder client id). */
  | { kind: 'launch-failed'; iss: string; message: string }
  /**
   * This frame must be launched again: its patient is not the one it was launched with (patient-changed), the
   * physician closed it (closed), or its launch is no longer in this tab's storage (launch-ended).
   */
  | { kind: 'relaunch-needed'; reason: 'patient-changed' | 'closed' | 'launch-ended' }
  /** The browser refuses the app its storage (framed by another site): the launch cannot complete here. */
  | { kind: 'storage-blocked'; openInNewWindow?: string }
  /** An error response that no launch of this tab asked for: its text is not shown. */
  | { kind: 'sign-in-failed' }
  | { kind: 'unexpected'; message: string };

export type ProblemKind = Problem['kind'];

export { firstLine };

/**
 * A failed token request, as fhirclient reports it: "400 Bad Request\nURL: ...\ninvalid_grant: code already used".
 * Returns the server's `error` and `error_description` when it sent them.
 */
export function tokenErrorParts(error: unknown): { error: string; description?: string } {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message.split('\n').map((l) => l.trim()).filter(Boolean);
  const body = lines.slice(1).find((l) => !l.startsWith('URL:') && !l.startsWith('{'));
  if (body) {
    const colon = body.indexOf(': ');
    return colon > 0 ? { error: body.slice(0, colon), description: body.slice(colon + 2) } : { error: body, description: lines[0] };
  }
  return { error: lines[0] ?? 'token request failed' };
}

/** What `ready()` failing means, given the URL the page was opened with. */
export function readyProblem(error: unknown, openedWith: URLSearchParams): Problem {
  if (error instanceof LaunchSecurityError) return error.problem;
  const authError = openedWith.get('error');
  if (authError || openedWith.get('error_description')) {
    const description = openedWith.get('error_description');
    return { kind: 'auth-error', stage: 'authorize', error: authError ?? 'error', ...(description ? { description } : {}) };
  }
  const message = firstLine(error);
  if (/No 'state' parameter|No state found|No server url/i.test(message)) return { kind: 'not-launched', detail: message };
  if (openedWith.has('code')) return { kind: 'auth-error', stage: 'token', ...tokenErrorParts(error) };
  return { kind: 'unexpected', message };
}

/** What a failure while reading the record means. */
export function loadProblem(error: unknown): Problem {
  if (error instanceof PatientUnreadableError) {
    if (error.failure && isSessionExpired(error.failure)) return { kind: 'session-expired', detail: error.message };
    return { kind: 'patient-unreadable', message: error.message };
  }
  if (isSessionExpired(error)) return { kind: 'session-expired', detail: (error as FhirRequestError).message };
  if (error instanceof ConfigError) return { kind: 'config', message: error.message };
  return { kind: 'unexpected', message: firstLine(error) };
}
