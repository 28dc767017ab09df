// The assessment as a clinical note. Type LOINC 11488-4 "Consult note": a candidacy evaluation is a consult for
// a procedure, and 11488-4 is one of US Core's clinical-note types that Epic and Oracle Health accept on
// DocumentReference create (51847-2 "Evaluation and plan note" is not in that set). Preliminary: the physician
// signs it in the EHR. The note is the first attachment (what the physician reads), the full detail the second.
import type { Bundle, DocumentReference, Identifier, Reference } from 'fhir/r4';
import type { Assessment } from '../clinical/types';
import { uniqueReferences } from './evidence-references';

export const NOTE_TYPE = { system: 'http://loinc.org', code: '11488-4', display: 'Consult note' } as const;
const CLINICAL_NOTE_CATEGORY = { system: 'http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category', code: 'clinical-note', display: 'Clinical Note' };

export interface NoteDocumentInput {
  assessment: Assessment;
  /** The physician-readable note (ui/note.ts), exactly as previewed. */
  note: string;
  /** Every criterion with its evidence (clinical/summary.ts), exactly as previewed. */
  detail: string;
  /** ISO dateTime */
  date: string;
  identifier: Identifier;
  author?: Reference;
  encounterId?: string;
  /** The id of the note this one replaces (a new version after a change). */
  replaces?: string;
}

/** base64 of the UTF-8 bytes (btoa alone takes Latin-1 only). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function citedEvidence(a: Assessment): Reference[] {
  return uniqueReferences([...a.criteria, ...a.contraindications, ...a.workup].flatMap((r) => r.evidence));
}

const NOTE_TEXT = 'Kyphoplasty candidacy consult note';

/**
 * The newest current note this app wrote for the patient (its type text and description are the app's own), for a
 * new launch's save to replace (`relatesTo` replaces) instead of adding one more preliminary note to the chart.
 */
export function latestAppNote(bundle: Bundle | undefined, patientId: string): DocumentReference | undefined {
  return (bundle?.entry ?? [])
    .map((e) => e.resource)
    .filter((r): r is DocumentReference => r?.resourceType === 'DocumentReference')
    .filter((d) => d.status === 'current' && d.subject?.reference === `Patient/${patientId}` && d.type?.text === NOTE_TEXT
      && d.description?.startsWith('Kyphoplasty candidacy (decision support)') === true && typeof d.id === 'string')
    .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0];
}

export function noteDescription(a: Assessment): string {
  return `Kyphoplasty candidacy (decision support): rules ${a.specVersion}, app ${a.engineVersion}, record as of ${a.asOf}`;
}

export function buildNoteDocument(input: NoteDocumentInput): DocumentReference {
  const a = input.assessment;
  const related = citedEvidence(a);
  const attachment = (text: string, title: string) => ({ attachment: { contentType: 'text/plain; charset=utf-8', language: 'en', data: base64Utf8(text), title, creation: input.date } });
  return {
    resourceType: 'DocumentReference',
    identifier: [input.identifier],
    status: 'current',
    docStatus: 'preliminary',
    type: { coding: [NOTE_TYPE], text: NOTE_TEXT },
    category: [{ coding: [CLINICAL_NOTE_CATEGORY] }],
    subject: { reference: `Patient/${a.patient.id}` },
    date: input.date,
    ...(input.author ? { author: [input.author] } : {}),
    description: noteDescription(a),
    ...(input.replaces ? { relatesTo: [{ code: 'replaces', target: { reference: `DocumentReference/${input.replaces}` } }] } : {}),
    content: [attachment(input.note, 'Kyphoplasty candidacy note'), attachment(input.detail, 'Kyphoplasty candidacy: every criterion with its evidence')],
    ...(input.encounterId || related.length ? {
      context: {
        ...(input.encounterId ? { encounter: [{ reference: `Encounter/${input.encounterId}` }] } : {}),
        ...(related.length ? { related } : {}),
      },
    } : {}),
  };
}
