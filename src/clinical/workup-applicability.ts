// When the workup is not what the physician needs now (clinical-rules §5 with §3): an absolute contraindication
// present, or a patient recorded as deceased (death ends the question; it is not a contraindication). The card, the
// note, the print and the draft orders (src/writeback/) all ask this one rule, so none proposes an order another hides.
import type { Assessment } from './types';

/** Why the workup is not applicable now, in words that finish "Workup: not applicable now: ...", or undefined. */
export function workupNotApplicableReason(a: Assessment): string | undefined {
  if (a.patient.deceased === true) return 'the patient is recorded as deceased';
  const absolute = a.contraindications.filter((c) => c.kind === 'absolute' && c.status === 'present');
  if (absolute.length === 0) return undefined;
  return `${absolute.length === 1 ? 'an absolute contraindication is' : 'absolute contraindications are'} present (${absolute.map((c) => c.label.toLowerCase()).join('; ')})`;
}

export function workupNotApplicable(a: Assessment): boolean {
  return workupNotApplicableReason(a) !== undefined;
}
