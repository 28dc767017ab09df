// Only the launch patient's data. A server that ignores `patient=` (open servers drop search parameters they do
// not support; proxies and caches answer for the wrong query) returns other patients' resources with status 200:
// each searched resource must name the launch patient, and the Patient read must be that patient.
import { bounded, plainText, rawString, type Json } from './narrow';
import { refersToPatient, subjectReference } from './references';

/** Types a search brings in besides its own, by `_include` value; nothing else is read from a search. */
const INCLUDED_TYPES: Record<string, string> = {
  'MedicationRequest:medication': 'Medication',
  'MedicationStatement:medication': 'Medication',
};

/** A short, one-line form of an id the server sent, for messages. */
function shownId(id: string): string {
  return `"${bounded(plainText(id), 80)}"`;
}

function results(count: number): string {
  return count === 1 ? '1 result' : `${count.toLocaleString('en-US')} results`;
}

const NO_ALIASES: ReadonlySet<string> = new Set();

/**
 * Whom a resource is about, by its subject/patient reference: the launch patient (`Patient/<id>`, as a relative,
 * absolute or versioned reference), someone else (another patient, a group, a `urn:uuid:`), or nobody named.
 */
export function patientOf(resource: Json, patientId: string): 'launch-patient' | 'another' | 'none' {
  const subject = subjectReference(resource);
  if (!subject) return 'none';
  return refersToPatient(subject, patientId, NO_ALIASES) ? 'launch-patient' : 'another';
}

/**
 * Decides, resource by resource, what one search may keep: its own type naming the launch patient, and the types
 * its `_include` asked for. Counts what it dropped, to be reported as data gaps.
 */
export class SearchPatientFilter {
  private otherPatient = 0;
  private noPatient = 0;
  private readonly included: ReadonlySet<string>;

  constructor(
    private readonly resourceType: string,
    params: Record<string, string>,
    private readonly patientId: string,
  ) {
    const includes = (params._include ?? '').split(',').map((value) => INCLUDED_TYPES[value.trim()]);
    this.included = new Set(includes.filter((type): type is string => !!type));
  }

  /** Whether the search keeps this resource. */
  admits(resource: Json): boolean {
    if (resource.resourceType !== this.resourceType) return this.included.has(String(resource.resourceType));
    const about = patientOf(resource, this.patientId);
    // Every type the loader searches names its patient; one that names none cannot be shown to be this patient's.
    if (about === 'none') this.noPatient++;
    if (about === 'another') this.otherPatient++;
    return about === 'launch-patient';
  }

  /** "Condition: 3 results for another patient were ignored", and the like for results naming no patient. */
  gaps(): string[] {
    const gaps: string[] = [];
    const were = (count: number) => (count === 1 ? 'was' : 'were');
    if (this.otherPatient) gaps.push(`${this.resourceType}: ${results(this.otherPatient)} for another patient ${were(this.otherPatient)} ignored`);
    if (this.noPatient) gaps.push(`${this.resourceType}: ${results(this.noPatient)} naming no patient ${were(this.noPatient)} ignored`);
    return gaps;
  }
}

/** Why the answer to the read of Patient/<launch id> is not that patient, or undefined when it is. */
export function patientMismatch(resource: Json, patientId: string): string | undefined {
  const id = rawString(resource.id);
  if (id === patientId) return undefined;
  const answered = id ? `Patient ${shownId(id)}` : 'a Patient without an id';
  return `Patient: the server answered the read of the launch patient ${shownId(patientId)} with ${answered}; nothing from this server is assessed`;
}
