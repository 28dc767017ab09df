// Terse builders for the vignettes' FHIR R4 resources. Ids are stable (`<patient>-<kind>-<n>`),
// so a test can point at one resource, and every resource references its patient.
import type {
  CodeableConcept, Coding, Condition, DiagnosticReport, Encounter, ImagingStudy, Medication, MedicationRequest,
  Observation, ObservationComponent, Patient, Procedure, Quantity, Reference, Resource,
} from 'fhir/r4';
import { SYS } from './codes';

export const coding = (system: string | undefined, code: string, display?: string): Coding => ({
  ...(system ? { system } : {}),
  code,
  ...(display ? { display } : {}),
});

export const concept = (codings: Coding[], text?: string): CodeableConcept => ({
  ...(codings.length ? { coding: codings } : {}),
  ...(text ? { text } : {}),
});

export const icd10 = (code: string, display: string): CodeableConcept => concept([coding(SYS.icd10cm, code, display)], display);
export const snomed = (code: string, display: string): CodeableConcept => concept([coding(SYS.snomed, code, display)], display);
export const loinc = (code: string, display: string): CodeableConcept => concept([coding(SYS.loinc, code, display)], display);
export const cpt = (code: string, display: string): CodeableConcept => concept([coding(SYS.cpt, code, display)], display);

export const quantity = (value: number, unit: string, ucum = unit): Quantity => ({ value, unit, system: SYS.ucum, code: ucum });

export interface ConditionInput {
  code: CodeableConcept;
  onset?: string;
  recorded?: string;
  /** null leaves clinicalStatus out (allowed by the spec: missing counts as active). */
  clinicalStatus?: string | null;
  verificationStatus?: string | null;
  /** Where the condition is: for a fracture, the vertebra (./levels.ts), as clinical-rules §0 reads record levels. */
  bodySite?: CodeableConcept;
}

export interface ObservationInput {
  code: CodeableConcept;
  /** effectiveDateTime; null for an observation without any date. */
  date: string | null;
  value?: Quantity;
  valueConcept?: CodeableConcept;
  components?: ObservationComponent[];
  status?: Observation['status'];
  category?: 'vital-signs' | 'laboratory' | 'survey' | 'imaging';
}

export interface StudyInput {
  date: string;
  code?: CodeableConcept;
  modality?: string;
  bodySite?: Coding;
  description?: string;
  status?: ImagingStudy['status'];
}

export class RecordBuilder {
  private counter = 0;
  readonly resources: Resource[] = [];
  readonly subject: Reference;

  constructor(readonly patientId: string) {
    this.subject = { reference: `Patient/${patientId}` };
  }

  private nextId(kind: string): string {
    this.counter += 1;
    return `${this.patientId}-${kind}-${this.counter}`;
  }

  private add<T extends Resource>(resource: T): T {
    this.resources.push(resource);
    return resource;
  }

  patient(input: { given: string; family: string; gender: Patient['gender']; birthDate: string }): Patient {
    return this.add<Patient>({
      resourceType: 'Patient',
      id: this.patientId,
      identifier: [{ system: 'urn:kyphoplasty-sandbox:mrn', value: this.patientId }],
      active: true,
      name: [{ use: 'official', family: input.family, given: [input.given] }],
      gender: input.gender,
      birthDate: input.birthDate,
    });
  }

  condition(input: ConditionInput): Condition {
    const clinical = input.clinicalStatus === undefined ? 'active' : input.clinicalStatus;
    const verification = input.verificationStatus === undefined ? 'confirmed' : input.verificationStatus;
    return this.add<Condition>({
      resourceType: 'Condition',
      id: this.nextId('condition'),
      ...(clinical ? { clinicalStatus: concept([coding(SYS.conditionClinical, clinical)]) } : {}),
      ...(verification ? { verificationStatus: concept([coding(SYS.conditionVerification, verification)]) } : {}),
      category: [concept([coding(SYS.conditionCategory, 'problem-list-item', 'Problem List Item')])],
      code: input.code,
      ...(input.bodySite ? { bodySite: [input.bodySite] } : {}),
      subject: this.subject,
      ...(input.onset ? { onsetDateTime: input.onset } : {}),
      recordedDate: input.recorded ?? input.onset,
    });
  }

  observation(input: ObservationInput): Observation {
    return this.add<Observation>({
      resourceType: 'Observation',
      id: this.nextId('observation'),
      status: input.status ?? 'final',
      category: [concept([coding(SYS.observationCategory, input.category ?? 'laboratory')])],
      code: input.code,
      subject: this.subject,
      ...(input.date ? { effectiveDateTime: input.date, issued: input.date.length > 10 ? input.date.replace('Z', '.000Z') : undefined } : {}),
      ...(input.value ? { valueQuantity: input.value } : {}),
      ...(input.valueConcept ? { valueCodeableConcept: input.valueConcept } : {}),
      ...(input.components ? { component: input.components } : {}),
    });
  }

  painScore(score: number, date: string | null, status?: Observation['status']): Observation {
    return this.observation({
      code: loinc('72514-3', 'Pain severity - 0-10 verbal numeric rating [Score] - Reported'),
      date,
      value: quantity(score, '{score}'),
      category: 'survey',
      status,
    });
  }

  heartRate(bpm: number, date: string): Observation {
    return this.observation({ code: loinc('8867-4', 'Heart rate'), date, value: quantity(bpm, '/min'), category: 'vital-signs' });
  }

  bloodPressure(systolic: number, diastolic: number, date: string): Observation {
    return this.observation({
      code: loinc('85354-9', 'Blood pressure panel with all children optional'),
      date,
      category: 'vital-signs',
      components: [
        { code: loinc('8480-6', 'Systolic blood pressure'), valueQuantity: quantity(systolic, 'mm[Hg]') },
        { code: loinc('8462-4', 'Diastolic blood pressure'), valueQuantity: quantity(diastolic, 'mm[Hg]') },
      ],
    });
  }

  /** A lab panel as labs send it: the DiagnosticReport with the panel code, results as Observations. */
  labPanel(panel: CodeableConcept, date: string, results: Observation[]): DiagnosticReport {
    return this.add<DiagnosticReport>({
      resourceType: 'DiagnosticReport',
      id: this.nextId('report'),
      status: 'final',
      category: [concept([coding('http://terminology.hl7.org/CodeSystem/v2-0074', 'LAB', 'Laboratory')])],
      code: panel,
      subject: this.subject,
      effectiveDateTime: date,
      issued: date.length > 10 ? date.replace('Z', '.000Z') : undefined,
      result: results.map((r) => ({ reference: `Observation/${r.id}` })),
    });
  }

  imagingStudy(input: StudyInput): ImagingStudy {
    return this.add<ImagingStudy>({
      resourceType: 'ImagingStudy',
      id: this.nextId('imaging'),
      status: input.status ?? 'available',
      subject: this.subject,
      started: input.date,
      ...(input.code ? { procedureCode: [input.code] } : {}),
      ...(input.modality ? { modality: [coding(SYS.dicom, input.modality)] } : {}),
      ...(input.description ? { description: input.description } : {}),
      numberOfSeries: 1,
      series: [
        {
          uid: `2.25.${[...this.patientId].reduce((sum, c) => sum + c.charCodeAt(0), 0)}${this.counter}`,
          modality: coding(SYS.dicom, input.modality ?? 'OT'),
          ...(input.bodySite ? { bodySite: input.bodySite } : {}),
          ...(input.description ? { description: input.description } : {}),
          started: input.date,
        },
      ],
    });
  }

  imagingReport(input: StudyInput & { conclusion?: string }): DiagnosticReport {
    return this.add<DiagnosticReport>({
      resourceType: 'DiagnosticReport',
      id: this.nextId('report'),
      status: 'final',
      category: [concept([coding('http://terminology.hl7.org/CodeSystem/v2-0074', 'RAD', 'Radiology')])],
      code: input.code ?? concept([], input.description),
      subject: this.subject,
      effectiveDateTime: input.date,
      ...(input.conclusion ? { conclusion: input.conclusion } : {}),
    });
  }

  procedure(code: CodeableConcept, date: string, status: Procedure['status'] = 'completed'): Procedure {
    return this.add<Procedure>({ resourceType: 'Procedure', id: this.nextId('procedure'), status, code, subject: this.subject, performedDateTime: date });
  }

  /** A Medication resource of its own, for orders that reference it instead of coding inline. */
  medication(code: CodeableConcept): Medication {
    return this.add<Medication>({ resourceType: 'Medication', id: this.nextId('medication'), status: 'active', code });
  }

  medicationRequest(input: {
    medication: CodeableConcept | Medication;
    authoredOn: string;
    status?: MedicationRequest['status'];
    dosage?: string;
  }): MedicationRequest {
    return this.add<MedicationRequest>({
      resourceType: 'MedicationRequest',
      id: this.nextId('medrequest'),
      status: input.status ?? 'active',
      intent: 'order',
      ...('resourceType' in input.medication
        ? { medicationReference: { reference: `Medication/${input.medication.id}`, display: input.medication.code?.text } }
        : { medicationCodeableConcept: input.medication }),
      subject: this.subject,
      authoredOn: input.authoredOn,
      ...(input.dosage ? { dosageInstruction: [{ text: input.dosage }] } : {}),
    });
  }

  encounter(input: { classCode: 'AMB' | 'IMP' | 'EMER'; status: Encounter['status']; start: string; end?: string; reason?: CodeableConcept }): Encounter {
    const displays = { AMB: 'ambulatory', IMP: 'inpatient encounter', EMER: 'emergency' } as const;
    return this.add<Encounter>({
      resourceType: 'Encounter',
      id: this.nextId('encounter'),
      status: input.status,
      class: coding(SYS.actCode, input.classCode, displays[input.classCode]),
      subject: this.subject,
      period: { start: input.start, ...(input.end ? { end: input.end } : {}) },
      ...(input.reason ? { reasonCode: [input.reason] } : {}),
    });
  }

  /** Any other resource, written by hand (messy records). */
  raw<T extends Resource>(resource: T): T {
    return this.add(resource);
  }
}
