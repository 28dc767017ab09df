// The reasons a physician may give for overriding the card (CDS Hooks 2.0 Card.overrideReasons, Coding). The
// EHR sends the one chosen back to the feedback endpoint, which reads it against this list.
import { APP_NAMESPACE } from '../src/writeback/canonical';

export const OVERRIDE_REASON_SYSTEM = `${APP_NAMESPACE}/CodeSystem/cds-override-reason`;

export interface OverrideReason {
  system: string;
  code: string;
  display: string;
}

export const OVERRIDE_REASONS: readonly OverrideReason[] = [
  { system: OVERRIDE_REASON_SYSTEM, code: 'patient-declines', display: 'Patient declines' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'physician-judgement', display: 'Physician judgement' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'already-ordered', display: 'Already ordered elsewhere' },
  { system: OVERRIDE_REASON_SYSTEM, code: 'record-out-of-date', display: 'The record is incomplete or out of date' },
];
