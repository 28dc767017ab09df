// The audit trail an EHR security team asks for: one JSON line per call (who called, which hook and
// service, for which patient, what came of it, how long it took), refused JWTs with the reason, and
// the EHR's feedback on cards. Never a token, never record text: only ids, codes, counts and times.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { AuditConfig } from './config';

export type AuditOutcome =
  | 'cards' // answered with cards (`cards` says how many, 0 when no augmentation order was drafted)
  | 'degraded' // the record could not be read within the budget: the "open the app" card
  | 'refused-jwt' // 401: `reason` says why
  | 'rate-limited' // 429
  | 'unavailable' // 503: the shared state could not record the JWT
  | 'invalid-request' // 400, 404, 405, 413, 415
  | 'fhir-server-refused' // 403: fhirServer not configured for the issuer
  | 'record-unreadable' // 412
  | 'feedback' // a feedback entry stored
  | 'error'; // 500

export interface AuditEntry {
  /** ISO 8601, UTC. */
  time: string;
  kind: 'hook' | 'feedback';
  /** The verified JWT issuer; `claimedIss` when the JWT was refused. */
  iss?: string;
  claimedIss?: string;
  service?: string;
  hook?: string;
  hookInstance?: string;
  patient?: string;
  outcome: AuditOutcome;
  status: number;
  cards?: number;
  durationMs: number;
  /** Why a call was refused, in the words the caller got. */
  reason?: string;
  /** Feedback: the card and what the user did with it. */
  card?: string;
  feedbackOutcome?: 'accepted' | 'overridden';
  acceptedSuggestions?: string[];
  overrideReason?: { system?: string; code?: string };
  /** Whether the clinician typed a comment; the comment itself may hold patient details and is not kept. */
  userComment?: boolean;
  outcomeTimestamp?: string;
}

export interface AuditLog {
  write(entry: AuditEntry): void;
  close(): Promise<void>;
}

/** Caller-supplied strings in an entry are cut short: the log is for ids, not for what a caller wants stored. */
export function auditId(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, 200) : undefined;
}

function line(entry: AuditEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** An audit log writing to a function (tests, a host that ships lines elsewhere). */
export function auditTo(write: (line: string) => void): AuditLog {
  return { write: (entry) => write(line(entry)), close: async () => {} };
}

export function openAuditLog(config: AuditConfig): AuditLog {
  if (config.sink === 'none') return { write: () => {}, close: async () => {} };
  if (config.sink === 'stderr') return auditTo((text) => process.stderr.write(text));
  const stream: WriteStream = createWriteStream(config.path!, { flags: 'a', mode: 0o600 });
  stream.on('error', (error) => process.stderr.write(`cds: the audit log ${config.path} cannot be written: ${error.message}\n`));
  return {
    write: (entry) => void stream.write(line(entry)),
    close: () => new Promise((done) => stream.end(() => done())),
  };
}
