// The latest evaluation this app saved for the patient, read back from its note (DocumentReference, built by
// ./document-reference.ts) for the line a relaunch shows above the verdict card (issue 19 item 7). The verdict is
// read from the note's own "Verdict: <code> - <words>" line (clinical/summary.ts summaryText, the second
// attachment), never guessed: a note whose verdict cannot be read is not shown. The author is the resource's own
// (never "you"), and an author that is not a Practitioner is named as such.
import type { Attachment, DocumentReference } from 'fhir/r4';
import type { Verdict } from '../clinical/types';
import { isClinicianReference } from './resume';

export interface SavedEvaluation {
  /** The DocumentReference id. */
  id: string;
  verdict: Verdict;
  /** ISO dateTime of the note (DocumentReference.date), when recorded. */
  date?: string;
  /** "Dr. Robin Sandbox (Practitioner/sandbox-clinician)", "Pat Ient (Patient/p1, not a clinician)", "no author recorded". */
  author: string;
  /** The author is a Practitioner or PractitionerRole. */
  byClinician: boolean;
}

const VERDICTS: readonly Verdict[] = ['candidate', 'not-candidate', 'needs-information'];
/** summaryText's verdict line: the code first, so the words may change without breaking what older notes say. */
const VERDICT_LINE = /^Verdict: (candidate|not-candidate|needs-information) - /m;

/** The UTF-8 text of a base64 attachment (base64Utf8's inverse); undefined when it is not base64. */
function attachmentText(attachment: Attachment | undefined): string | undefined {
  if (typeof attachment?.data !== 'string') return undefined;
  try {
    const binary = atob(attachment.data);
    return new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** The verdict a saved note records, from the first attachment carrying the verdict line. */
export function savedVerdict(doc: DocumentReference): Verdict | undefined {
  for (const content of doc.content ?? []) {
    const code = VERDICT_LINE.exec(attachmentText(content.attachment) ?? '')?.[1];
    if (code && (VERDICTS as readonly string[]).includes(code)) return code as Verdict;
  }
  return undefined;
}

function authorOf(doc: DocumentReference): Pick<SavedEvaluation, 'author' | 'byClinician'> {
  const author = doc.author?.[0];
  const reference = author?.reference?.trim();
  const display = author?.display?.trim();
  if (!reference && !display) return { author: 'no author recorded', byClinician: false };
  const byClinician = isClinicianReference(reference);
  if (byClinician) return { author: display ? `${display} (${reference})` : reference!, byClinician };
  // A patient-facing app, a device or an unnamed author: said, so the line is never read as a clinician's evaluation.
  const what = reference ? `${reference}, not a clinician` : 'not identified as a clinician';
  return { author: display ? `${display} (${what})` : what, byClinician };
}

/** The saved evaluation of one of this app's notes (ChartAccess.latestNote), or undefined when its verdict cannot be read. */
export function savedEvaluationOf(doc: DocumentReference | undefined): SavedEvaluation | undefined {
  if (!doc?.id) return undefined;
  const verdict = savedVerdict(doc);
  if (!verdict) return undefined;
  return { id: doc.id, verdict, ...(doc.date ? { date: doc.date } : {}), ...authorOf(doc) };
}
