// A status in words with an icon, never colour alone. The icon is decorative; the words carry the meaning.
import type { ContraindicationStatus, CriterionStatus, Verdict, WorkupStatus } from '../../clinical/types';

type AnyStatus = CriterionStatus | ContraindicationStatus | WorkupStatus | Verdict;

const BADGES: Record<AnyStatus, { icon: string; words: string; tone: 'good' | 'bad' | 'unknown' | 'warn' }> = {
  met: { icon: '✓', words: 'Met', tone: 'good' },
  'not-met': { icon: '✗', words: 'Not met', tone: 'bad' },
  unknown: { icon: '?', words: 'Unknown', tone: 'unknown' },
  present: { icon: '⚠', words: 'Present', tone: 'bad' },
  absent: { icon: '✓', words: 'Absent', tone: 'good' },
  done: { icon: '✓', words: 'Done', tone: 'good' },
  outdated: { icon: '↻', words: 'Outdated', tone: 'warn' },
  missing: { icon: '✗', words: 'Missing', tone: 'bad' },
  candidate: { icon: '✓', words: 'Meets the documented criteria', tone: 'good' },
  'not-candidate': { icon: '✗', words: 'Does not meet the documented criteria', tone: 'bad' },
  'needs-information': { icon: '?', words: 'Needs more information', tone: 'unknown' },
};

/** `muted`: a status that does not matter for this patient (a workup item not required), greyed with no mark. */
export function StatusBadge({ status, words, muted }: { status: AnyStatus; words?: string; muted?: boolean }) {
  const badge = BADGES[status];
  return (
    <span class={`badge tone-${muted ? 'muted' : badge.tone}`} data-status={status}>
      {muted ? null : <span class="badge-icon" aria-hidden="true">{badge.icon} </span>}{words ?? badge.words}
    </span>
  );
}
