// Stage 1 of cohort first (issue 21): from Patient and Condition alone, the patients who may need the review: an
// active vertebral fracture (codes.md Vertebral fracture, the strict candidacy match) whose onset or recorded date
// is within the fracture window (84 days, fracture-age), or undated, or coded as a nonunion; and, because
// fracture-age is required on the osteoporotic pathway only (clinical-rules §2), any active vertebral fracture on
// the malignant pathway (§1: an active neoplastic fracture code, or an active malignancy, remission included).
// Each Condition goes through the bundle path's reader and the engine's own matching; nothing here knows a code.
// Inclusive on purpose: a patient left out is never reviewed, one let in is only assessed (and may be "does not
// meet"); so a date that cannot be placed, or a partial date overlapping the window, keeps the patient.
import { CONDITIONS, conceptMatches } from '../clinical/codes';
import { isNonunion } from '../clinical/criteria';
import { windowFit } from '../clinical/dates';
import { activeConditionsIn } from '../clinical/facts';
import { FRACTURE_WINDOW_DAYS } from '../clinical/findings';
import type { PatientRecord } from '../clinical/record';
import { conditionOnset } from '../clinical/reading';
import { RecordError, recordFromBundle } from '../fhir/bundle';
import type { Json } from '../fhir/narrow';
import { concept } from '../fhir/normalize';

export interface CohortEntry {
  id: string;
  /** The fracture date that brought the patient in (onset, else recorded date), as recorded. */
  onset?: string;
  why: 'fracture-window' | 'undated-fracture' | 'nonunion' | 'malignant-pathway' | 'condition-gap';
}

const RANK = { 'fracture-window': 0, nonunion: 1, 'malignant-pathway': 2, 'undated-fracture': 3, 'condition-gap': 4 } as const;

interface Patient {
  id: string;
  birthDate?: string;
}

/** One Condition through the bundle path's reader, as the only record of its patient. */
function readCondition(condition: Json, patient: Patient): PatientRecord {
  const bundle = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [{ resource: { resourceType: 'Patient', id: patient.id, ...(patient.birthDate ? { birthDate: patient.birthDate } : {}) } }, { resource: condition }],
  };
  return recordFromBundle(bundle, patient.id);
}

/** What one Condition says for the cohort: a qualifying fracture, a fracture outside the window, a malignancy. */
export interface ConditionReading {
  entry?: CohortEntry;
  /** An active vertebral fracture that does not qualify by itself (chronic): its date, or '' when it has none. */
  olderFracture?: string;
  /** An active malignancy (remission counts), or a neoplastic fracture code: the malignant pathway (§1). */
  malignant?: boolean;
}

export function readForCohort(condition: Json, patient: Patient, asOf: string): ConditionReading {
  // Most Conditions are neither: their code, read by the reader's own concept(), settles it at once.
  const code = concept(condition.code);
  const fractureCode = conceptMatches(code, CONDITIONS.vertebralFracture);
  if (!fractureCode && !conceptMatches(code, CONDITIONS.malignancy)) return {};
  const record = readCondition(condition, patient);
  const reading: ConditionReading = {};
  if (activeConditionsIn(record, CONDITIONS.malignancy, { remissionCounts: true }).length > 0) reading.malignant = true;
  if (activeConditionsIn(record, CONDITIONS.neoplasticFracture).length > 0) reading.malignant = true;
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
    if (candidate && (!reading.entry || RANK[candidate.why] < RANK[reading.entry.why])) reading.entry = candidate;
    if (!candidate) reading.olderFracture = dates[0] ?? '';
  }
  return reading;
}

/** Whether one Condition brings its patient into the cohort by itself, and why. */
export function conditionQualifies(condition: Json, patient: Patient, asOf: string): CohortEntry | undefined {
  return readForCohort(condition, patient, asOf).entry;
}

/** The cohort as Conditions stream in: one entry per patient, the strongest reason kept. */
export class CohortBuilder {
  private readonly entries = new Map<string, CohortEntry>();
  /** Patients with an older active vertebral fracture (its date), and patients on the malignant pathway. */
  private readonly olderFractures = new Map<string, string>();
  private readonly malignant = new Set<string>();

  constructor(private readonly asOf: string, private readonly birthDates: ReadonlyMap<string, string>) {}

  add(condition: Json, patientId: string): void {
    const birthDate = this.birthDates.get(patientId);
    let reading: ConditionReading;
    try {
      reading = readForCohort(condition, { id: patientId, ...(birthDate ? { birthDate } : {}) }, this.asOf);
    } catch (error) {
      // A Condition the reader cannot take cannot rule the patient out.
      if (!(error instanceof RecordError)) throw error;
      this.keep(patientId);
      return;
    }
    if (reading.malignant) this.malignant.add(patientId);
    if (reading.olderFracture !== undefined && !this.olderFractures.has(patientId)) this.olderFractures.set(patientId, reading.olderFracture);
    if (reading.entry) this.put(reading.entry);
  }

  /** Adds a patient the cohort cannot rule out (a stage-1 gap names them). */
  keep(patientId: string): void {
    this.put({ id: patientId, why: 'condition-gap' });
  }

  list(): CohortEntry[] {
    // fracture-age is not required on the malignant pathway: an older fracture there still needs the review.
    for (const [id, date] of this.olderFractures) {
      if (this.malignant.has(id)) this.put({ id, ...(date ? { onset: date } : {}), why: 'malignant-pathway' });
    }
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private put(entry: CohortEntry): void {
    const previous = this.entries.get(entry.id);
    if (!previous || RANK[entry.why] < RANK[previous.why] || (entry.why === previous.why && (entry.onset ?? '') > (previous.onset ?? ''))) {
      this.entries.set(entry.id, entry);
    }
  }
}
