// Stage 1 of cohort first (issue 21): from Patient and Condition alone, the patients who may need the review: an
// active vertebral fracture (codes.md Vertebral fracture, the strict candidacy match) whose onset or recorded date
// is within the fracture window (84 days, fracture-age), or undated, or coded as a nonunion. Each Condition goes
// through the bundle path's reader and the engine's own matching; nothing here knows a code.
// Inclusive on purpose: a patient left out is never reviewed, one let in is only assessed (and may be "does not
// meet"); so a date that cannot be placed, or a partial date overlapping the window, keeps the patient.
import { CONDITIONS, conceptMatches } from '../clinical/codes';
import { isNonunion } from '../clinical/criteria';
import { windowFit } from '../clinical/dates';
import { activeConditionsIn } from '../clinical/facts';
import { FRACTURE_WINDOW_DAYS } from '../clinical/findings';
import { conditionOnset } from '../clinical/reading';
import { RecordError, recordFromBundle } from '../fhir/bundle';
import type { Json } from '../fhir/narrow';
import { concept } from '../fhir/normalize';

export interface CohortEntry {
  id: string;
  /** The fracture date that brought the patient in (onset, else recorded date), as recorded. */
  onset?: string;
  why: 'fracture-window' | 'undated-fracture' | 'nonunion' | 'condition-gap';
}

const RANK = { 'fracture-window': 0, nonunion: 1, 'undated-fracture': 2, 'condition-gap': 3 } as const;

/** Whether one Condition brings its patient into the cohort, and why. */
export function conditionQualifies(condition: Json, patient: { id: string; birthDate?: string }, asOf: string): CohortEntry | undefined {
  // Most Conditions are not vertebral fractures: their code, read by the reader's own concept(), settles it at once.
  if (!conceptMatches(concept(condition.code), CONDITIONS.vertebralFracture)) return undefined;
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [{ resource: { resourceType: 'Patient', id: patient.id, ...(patient.birthDate ? { birthDate: patient.birthDate } : {}) } }, { resource: condition }],
  };
  const record = recordFromBundle(bundle, patient.id);
  let best: CohortEntry | undefined;
  for (const fracture of activeConditionsIn(record, CONDITIONS.vertebralFracture)) {
    const onset = conditionOnset(fracture, patient.birthDate);
    const dates = [onset, fracture.recordedDate].filter((d): d is string => d !== undefined);
    const inWindow = dates.find((d) => windowFit(d, asOf, FRACTURE_WINDOW_DAYS) !== 'outside');
    // No date at all (or an onsetAge without a birth date): fracture-age cannot rule it out.
    const candidate: CohortEntry | undefined = inWindow
      ? { id: patient.id, onset: inWindow, why: 'fracture-window' }
      : isNonunion(fracture)
        ? { id: patient.id, ...(dates[0] ? { onset: dates[0] } : {}), why: 'nonunion' }
        : dates.length === 0
          ? { id: patient.id, why: 'undated-fracture' }
          : undefined;
    if (candidate && (!best || RANK[candidate.why] < RANK[best.why])) best = candidate;
  }
  return best;
}

/** The cohort as Conditions stream in: one entry per patient, the strongest reason kept. */
export class CohortBuilder {
  private readonly entries = new Map<string, CohortEntry>();

  constructor(private readonly asOf: string, private readonly birthDates: ReadonlyMap<string, string>) {}

  add(condition: Json, patientId: string): void {
    const birthDate = this.birthDates.get(patientId);
    let entry: CohortEntry | undefined;
    try {
      entry = conditionQualifies(condition, { id: patientId, ...(birthDate ? { birthDate } : {}) }, this.asOf);
    } catch (error) {
      // A Condition the reader cannot take cannot rule the patient out.
      if (!(error instanceof RecordError)) throw error;
      this.keep(patientId);
      return;
    }
    if (!entry) return;
    const previous = this.entries.get(patientId);
    if (!previous || RANK[entry.why] < RANK[previous.why] || (entry.why === previous.why && (entry.onset ?? '') > (previous.onset ?? ''))) {
      this.entries.set(patientId, entry);
    }
  }

  /** Adds a patient the cohort cannot rule out (a stage-1 gap names them). */
  keep(patientId: string): void {
    if (!this.entries.has(patientId)) this.entries.set(patientId, { id: patientId, why: 'condition-gap' });
  }

  list(): CohortEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
