// The sample patients as the launcher and the picker show them: built once at startup from the
// Patient resources actually loaded, so what is listed is what the FHIR server serves.
import type { Patient } from 'fhir/r4';
import type { ExpectedVerdict } from './patients/vignette';

export interface DirectoryEntry {
  id: string;
  name: string;
  sex: string;
  birthDate?: string;
  /** Whole years on today (at death for the deceased); undefined without a birth date. */
  age?: number;
  deceased: boolean;
  summary: string;
  /** Worked out by hand for the vignettes; undefined for Synthea records. */
  expectedVerdict?: ExpectedVerdict;
  source: 'vignette' | 'synthea';
  /** The patient's in-progress Encounter: the EHR's encounter in context for a launch that asks for launch/encounter. */
  openEncounterId?: string;
}

export function displayName(patient: Patient): string {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  if (!name) return patient.id ?? '(no name)';
  if (name.text) return name.text;
  // Synthea appends digits to names ("Hallie56"); they are noise on a launcher.
  const parts = [...(name.given ?? []), name.family ?? ''].map((p) => p.replace(/\d+$/, ''));
  return parts.filter(Boolean).join(' ') || (patient.id ?? '(no name)');
}

/** Whole years; a partial birth date counts from its latest possible day (youngest age). */
export function ageInYears(birthDate: string | undefined, on: Date): number | undefined {
  const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate ?? '');
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] ? Number(match[2]) : 12;
  const day = match[3] ? Number(match[3]) : new Date(Date.UTC(year, month, 0)).getUTCDate();
  const beforeBirthday = on.getUTCMonth() + 1 < month || (on.getUTCMonth() + 1 === month && on.getUTCDate() < day);
  return on.getUTCFullYear() - year - (beforeBirthday ? 1 : 0);
}

export function directoryEntry(
  patient: Patient,
  today: Date,
  extra: { summary: string; source: DirectoryEntry['source']; expectedVerdict?: ExpectedVerdict; openEncounterId?: string },
): DirectoryEntry {
  const deathDate = patient.deceasedDateTime ? new Date(patient.deceasedDateTime) : undefined;
  return {
    id: patient.id ?? '',
    name: displayName(patient),
    sex: patient.gender ?? 'unknown',
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    age: ageInYears(patient.birthDate, deathDate && deathDate < today ? deathDate : today),
    deceased: patient.deceasedBoolean === true || Boolean(deathDate && deathDate <= today),
    ...extra,
  };
}

export class PatientDirectory {
  private readonly byId = new Map<string, DirectoryEntry>();

  constructor(entries: DirectoryEntry[]) {
    for (const entry of entries) this.byId.set(entry.id, entry);
  }

  list(): DirectoryEntry[] {
    return [...this.byId.values()];
  }

  get(id: string): DirectoryEntry | undefined {
    return this.byId.get(id);
  }
}
