// CDS Hooks 2.0 feedback (POST {baseUrl}/cds-services/{id}/feedback): the EHR reports what the user did
// with a card, accepted (with the suggestions taken) or overridden (with a reason). Checked field by
// field like a hook call; stored as audit entries (cds/audit.ts), never the clinician's free-text comment.
import { auditId } from './audit';
import { HookRequestError } from './hook-request';

export interface FeedbackEntry {
  card: string;
  outcome: 'accepted' | 'overridden';
  acceptedSuggestions: string[];
  overrideReason?: { system?: string; code?: string };
  userComment: boolean;
  outcomeTimestamp: string;
}

const MAX_ENTRIES = 100;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function entry(value: unknown, index: number): FeedbackEntry {
  const where = `feedback[${index}]`;
  if (!isObject(value)) throw new HookRequestError(`${where} must be an object`);
  const card = auditId(value.card);
  if (!card) throw new HookRequestError(`${where}.card is required: the uuid of the card the user acted on`);
  if (value.outcome !== 'accepted' && value.outcome !== 'overridden') throw new HookRequestError(`${where}.outcome must be "accepted" or "overridden"`);
  const outcomeTimestamp = auditId(value.outcomeTimestamp);
  if (!outcomeTimestamp || Number.isNaN(Date.parse(outcomeTimestamp))) throw new HookRequestError(`${where}.outcomeTimestamp is required and must be an ISO 8601 date-time`);
  const accepted = value.acceptedSuggestions ?? [];
  if (!Array.isArray(accepted) || accepted.some((s) => !isObject(s) || !auditId(s.id))) throw new HookRequestError(`${where}.acceptedSuggestions must be a list of { "id": "<suggestion uuid>" }`);
  if (value.outcome === 'overridden' && accepted.length) throw new HookRequestError(`${where}: an overridden card has no accepted suggestions`);
  let overrideReason: FeedbackEntry['overrideReason'];
  let userComment = false;
  if (value.overrideReason !== undefined) {
    if (value.outcome !== 'overridden') throw new HookRequestError(`${where}.overrideReason is only for an overridden card`);
    if (!isObject(value.overrideReason)) throw new HookRequestError(`${where}.overrideReason must be an object`);
    const reason = value.overrideReason.reason;
    if (reason !== undefined && !isObject(reason)) throw new HookRequestError(`${where}.overrideReason.reason must be a Coding`);
    const system = isObject(reason) ? auditId(reason.system) : undefined;
    const code = isObject(reason) ? auditId(reason.code) : undefined;
    overrideReason = { ...(system ? { system } : {}), ...(code ? { code } : {}) };
    userComment = typeof value.overrideReason.userComment === 'string' && value.overrideReason.userComment.trim() !== '';
  }
  return {
    card,
    outcome: value.outcome,
    acceptedSuggestions: (accepted as Json[]).map((s) => auditId(s.id)!),
    ...(overrideReason ? { overrideReason } : {}),
    userComment,
    outcomeTimestamp,
  };
}

/** The body of a feedback call; throws HookRequestError (400) with the field at fault. */
export function parseFeedback(body: unknown): FeedbackEntry[] {
  if (!isObject(body) || !Array.isArray(body.feedback) || body.feedback.length === 0) {
    throw new HookRequestError('the feedback body must be { "feedback": [ ... ] } with at least one entry');
  }
  if (body.feedback.length > MAX_ENTRIES) throw new HookRequestError(`at most ${MAX_ENTRIES} feedback entries per call`);
  return body.feedback.map(entry);
}
