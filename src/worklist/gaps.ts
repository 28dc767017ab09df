// What an export did not deliver, as data gaps on the patients it may affect (issue 21): a requested type missing
// from the manifest, an entry of the manifest's error[], an OperationOutcome inside a data file, a file that could
// not be downloaded. Each becomes the record's dataGaps text and incompleteTypes, so the rules never read "none
// documented" from it (clinical-rules §0 Reading through a server). The OperationOutcome wording is the bundle
// path's (src/fhir/search-outcomes.ts): one interpretation of a server's "results left out".
import { isObject, objects, rawString, type Json } from '../fhir/narrow';
import { omissionTexts } from '../fhir/search-outcomes';
import type { PatientRecord } from '../clinical/record';
import type { Manifest } from './bulk-client';

export interface ExportGap {
  /** missing-type: not in the manifest; download: a file lost; outcome: an OperationOutcome said results were left out; unreadable: a line that is not a resource. */
  kind: 'missing-type' | 'download' | 'outcome' | 'unreadable';
  text: string;
  /** The types it makes incomplete. */
  types: string[];
  /** The one patient it concerns; absent: every patient of the export. */
  patient?: string;
}

/** Requested types with no output entry in the manifest: never read as "none" (a server may drop a type silently). */
export function missingTypeGaps(manifest: Manifest, requested: readonly string[]): ExportGap[] {
  const delivered = new Set(manifest.output.map((f) => f.type));
  return requested
    .filter((type) => !delivered.has(type))
    .map((type) => ({ kind: 'missing-type' as const, text: `${type}: requested but not in the bulk export manifest (the server left it out without saying why): not read`, types: [type] }));
}

export function downloadGap(type: string, reason: string): ExportGap {
  return { kind: 'download', text: `${type}: a bulk export file could not be downloaded (${reason}): not read completely`, types: [type] };
}

/** The patient an OperationOutcome names ("Patient/ID" in an expression, diagnostics or details). */
function namedPatient(outcome: Json): string | undefined {
  for (const issue of objects(outcome.issue)) {
    const texts = [...(Array.isArray(issue.expression) ? issue.expression : []), issue.diagnostics, isObject(issue.details) ? issue.details.text : undefined];
    for (const text of texts) {
      const id = typeof text === 'string' ? /\bPatient\/([A-Za-z0-9\-.]{1,64})\b/.exec(text)?.[1] : undefined;
      if (id) return id;
    }
  }
  return undefined;
}

/** The requested types an OperationOutcome names (in `expression`, else as a word of its text); none named: all of them. */
function namedTypes(outcome: Json, requested: readonly string[]): string[] {
  const issues = objects(outcome.issue);
  const expressions = issues.flatMap((issue) => (Array.isArray(issue.expression) ? issue.expression.filter((e): e is string => typeof e === 'string') : []));
  const texts = expressions.length
    ? expressions
    : issues.flatMap((issue) => [rawString(issue.diagnostics) ?? '', isObject(issue.details) ? (rawString(issue.details.text) ?? '') : '']);
  // "Patient/123" names a patient, not the Patient type.
  const named = requested.filter((type) => texts.some((w) => new RegExp(`\\b${type}\\b(?!/)`).test(w)));
  return named.length ? named : [...requested];
}

/**
 * An OperationOutcome from an error file (fileType undefined) or inside a data file of `fileType`. Information-only
 * outcomes are not gaps (the bundle path's rule). Undefined when it says nothing was left out.
 */
export function outcomeGap(outcome: Json, requested: readonly string[], fileType?: string): ExportGap | undefined {
  const [text] = omissionTexts({ entry: [{ resource: outcome, search: { mode: 'outcome' } }] });
  if (text === undefined) return undefined;
  const types = fileType ? [fileType] : namedTypes(outcome, requested);
  const patient = namedPatient(outcome);
  const where = fileType ? `inside the ${fileType} export file` : 'in the export\'s error file';
  const label = types.length === 1 ? types[0] : types.length === requested.length ? 'every type' : types.join(', ');
  return { kind: 'outcome', text: `${label}: the server left results out (${where}): ${text}`, types, ...(patient ? { patient } : {}) };
}

/** The gaps that concern this patient. */
export function gapsFor(gaps: readonly ExportGap[], patient: string): ExportGap[] {
  return gaps.filter((g) => g.patient === undefined || g.patient === patient);
}

/** Adds gaps to a record built from the patient's resources: texts once each, types once each. */
export function applyGaps(record: PatientRecord, gaps: readonly ExportGap[]): PatientRecord {
  for (const gap of gaps) {
    if (!record.dataGaps.includes(gap.text)) record.dataGaps.push(gap.text);
    for (const type of gap.types) if (!record.incompleteTypes.includes(type)) record.incompleteTypes.push(type);
  }
  return record;
}
