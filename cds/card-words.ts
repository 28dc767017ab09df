// What the card says about a verdict, in words a physician reads at a glance: the reason a patient is not a
// candidate in negative form ("chronic fracture, onset over 12 weeks", never the unmet criterion's positive label),
// the fracture's etiology beside the pathway, and each record line with its value and day.
import { PAIN_THRESHOLD } from '../src/clinical/criteria';
import { clinicalText } from '../src/clinical/display';
import { dayOf } from '../src/clinical/dates';
import type { PatientRecord } from '../src/clinical/record';
import type { Assessment, Evidence } from '../src/clinical/types';

/** An absolute contraindication present (clinical-rules §3), as the reason for "not a candidate". */
const PRESENT_WORDS: Readonly<Record<string, string>> = {
  pregnancy: 'pregnancy',
  'spinal-infection': 'active spinal or systemic infection',
  instability: 'unstable fracture or acute cord / cauda equina injury',
  'under-18': 'under 18',
};

/** A required criterion not met (clinical-rules §2), said as what the record shows instead. */
const NOT_MET_WORDS: Readonly<Record<string, string>> = {
  vcf: 'no vertebral compression fracture',
  'fracture-age': 'chronic fracture, onset over 12 weeks',
  'imaging-confirmation': 'imaging shows no acute fracture',
  'severe-pain': `pain below the threshold (NRS ${PAIN_THRESHOLD.otherwise}, or ${PAIN_THRESHOLD.hospitalized} when hospitalized)`,
  'conservative-care': 'conservative care not tried',
  'pain-course': 'pain not worsening, fewer than two adverse findings',
  'pain-attributable': 'pain not from the identified fracture',
};

export interface Blocker {
  id: string;
  /** Lower-case words for "Not a candidate: ...". */
  words: string;
  evidence: Evidence[];
  note?: string;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** What makes the verdict not-candidate (§4), in its order: absolute contraindications present, then required criteria not met. */
export function blockers(assessment: Assessment): Blocker[] {
  const absolute = assessment.contraindications
    .filter((c) => c.kind === 'absolute' && c.status === 'present')
    .map((c) => ({ id: c.id, words: PRESENT_WORDS[c.id] ?? lowerFirst(c.label), evidence: c.evidence, ...(c.note ? { note: c.note } : {}) }));
  const notMet = assessment.criteria
    .filter((c) => c.required && c.status === 'not-met')
    .map((c) => ({ id: c.id, words: NOT_MET_WORDS[c.id] ?? `not met: ${lowerFirst(c.label)}`, evidence: c.evidence, ...(c.note ? { note: c.note } : {}) }));
  return [...absolute, ...notMet];
}

/**
 * The fracture's cause beside the rules applied (§1): the osteoporotic pathway also covers low-energy traumatic
 * fractures and fractures of unknown cause, so a traumatic fracture is named traumatic, not "osteoporotic".
 */
export function pathwayWords(assessment: Assessment): string {
  if (assessment.pathway === 'malignant') return 'malignant fracture; criteria of the malignant pathway';
  const causes = assessment.etiology.filter((e) => e !== 'malignant');
  const cause = causes.length ? `${causes.join(' and ')} fracture` : 'cause of the fracture not documented';
  return `${cause}; criteria for non-malignant fractures`;
}

/** More to say about a record line than the engine's display: a medication's dosage instruction. */
export type EvidenceExtra = (e: Evidence) => string | undefined;

/** A record line as the card shows it: values formatted (with the bleeding thresholds spelled out), then its day. */
export function evidenceLine(e: Evidence, extra?: EvidenceExtra): string {
  const day = dayOf(e.date) ?? e.date?.slice(0, 10);
  const who = e.resourceType === 'ClinicianInput' ? 'Physician: ' : '';
  const more = extra?.(e);
  return `${who}${clinicalText(e.display)}${more ? `, ${more}` : ''}${day ? ` on ${day}` : ''}`;
}

/** The record lines of a rule, newest first; "none documented" placeholders left out. */
export function evidenceLines(evidence: readonly Evidence[], extra?: EvidenceExtra): string[] {
  return [...evidence]
    .filter((e) => e.resourceType !== 'Record')
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))
    .map((e) => evidenceLine(e, extra));
}

/** The dosage of a medication line, looked up in the record the assessment was made from. */
export function dosageFrom(record: PatientRecord | undefined): EvidenceExtra | undefined {
  if (!record) return undefined;
  const byId = new Map(record.medications.filter((m) => m.id && m.dosage).map((m) => [`${m.resourceType}/${m.id}`, m.dosage!]));
  return (e) => (e.id ? byId.get(`${e.resourceType}/${e.id}`) : undefined);
}
