// clinical-rules §0 *Reading through a server* (3), v3: a server that returns only active Conditions unless
// `clinical-status` is sent cannot show that a rule counting non-active conditions has nothing to count. Data: the
// rules whose "none documented" rests on such records, and the one small function that keeps them from saying it.
import { READ_LIMIT_WORDS, readLimitsOf } from './completeness';
import type { RuleContext } from './context';
import type { ReadLimit } from './record';
import type { ContraindicationStatus, Evidence } from './types';

/**
 * Rule id -> the searches its absence depends on beyond the types it reads. `spinal-infection` counts a condition
 * with a missing or unreadable clinical status (dated within 90 days or undated), which an active-only search may
 * leave out. Rules that count active conditions only are complete on such a server; `prior-augmentation` reads
 * Procedures.
 */
export const ABSENCE_READ_LIMITS: Readonly<Record<string, readonly ReadLimit[]>> = {
  'spinal-infection': ['inactive-conditions'],
};

interface Outcome {
  status: ContraindicationStatus;
  evidence: Evidence[];
  note?: string;
}

/** "Absent" from the record alone becomes unknown when a search it rests on is known to miss records here. */
export function limitAbsence<T extends Outcome>(ruleId: string, outcome: T, ctx: RuleContext): T {
  const limits = readLimitsOf(ctx, ABSENCE_READ_LIMITS[ruleId] ?? []);
  if (limits.length === 0 || outcome.status !== 'absent') return outcome;
  // The physician's answer settles it whatever the record holds.
  if (outcome.evidence.some((e) => e.resourceType === 'ClinicianInput')) return outcome;
  const unread = limits.map((limit) => READ_LIMIT_WORDS[limit]).join(' and ');
  const note = `Not found, but ${unread} may not have been read (this server returns active ones unless asked), so the record cannot settle this.`;
  return { ...outcome, status: 'unknown', evidence: outcome.evidence.filter((e) => e.resourceType !== 'Record'), note: [outcome.note, note].filter(Boolean).join(' ') };
}
