// The fractured vertebra of a sample patient's fracture Condition (`bodySite`), so the card's "Levels in the record"
// names the level the launcher describes (clinical-rules §0 Record levels: level words T1-T12, L1-L5 in bodySite
// text or display). An osteoporotic (M80.08XA) or pathological (M84.58XA, M48.56XA) fracture code has no level
// character, so EHRs record the level as the body site. SNOMED CT "Structure of body of ... vertebra" codes as
// mapped by the HL7 radiation-therapy (TG-263) body-structure table; the app reads the level from the text, so a
// code here can never change a verdict.
import { coding, concept } from './record-builder';
import { SYS } from './codes';
import type { CodeableConcept } from 'fhir/r4';

const VERTEBRA_BODY = {
  T11: ['52120002', 'Structure of body of eleventh thoracic vertebra'],
  L1: ['61032001', 'Structure of body of first lumbar vertebra'],
  L2: ['53983007', 'Structure of body of second lumbar vertebra'],
  L3: ['55492004', 'Structure of body of third lumbar vertebra'],
  L4: ['71996003', 'Structure of body of fourth lumbar vertebra'],
} as const satisfies Record<string, readonly [code: string, display: string]>;

/** bodySite of a fracture at `level` ("L1"): the SNOMED CT vertebral body, with the level as its text. */
export function vertebra(level: keyof typeof VERTEBRA_BODY): CodeableConcept {
  const [code, display] = VERTEBRA_BODY[level];
  return concept([coding(SYS.snomed, code, display)], level);
}
