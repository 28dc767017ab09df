// FHIR R4 resources (untrusted JSON) into the record model of src/clinical/record.ts.
// Parse and narrow once: nothing past this file reads FHIR JSON.
import type { Coding, Concept, ConditionFact, EncounterFact, MedicationFact, ObservationFact, ObservationValue, OrderFact, PatientFacts, AllergyFact, StudyFact, PatientRecord } from '../clinical/record';
import { at, isObject, num, obj, objects, str, text, type Json } from './narrow';

export function concept(value: unknown): Concept {
  const codings: Coding[] = objects(at(value, 'coding')).map((c) => ({
    ...(str(c.system) ? { system: str(c.system)!.trim() } : {}),
    ...(str(c.code) ? { code: str(c.code)!.trim() } : {}),
    ...(text(c.display) ? { display: text(c.display)! } : {}),
  }));
  const t = text(at(value, 'text'));
  return t ? { codings, text: t } : { codings };
}

/**
 * Observation codes repeat (a vital sign at every visit): one shared, frozen Concept per distinct code element keeps
 * the record no larger than the JSON it came from (issue 12). Bounded: cleared when it grows past a few thousand.
 */
const sharedConcepts = new Map<string, Concept>();
const SHARED_CONCEPTS_MAX = 5_000;

function sharedConcept(value: unknown): Concept {
  const made = concept(value);
  const key = JSON.stringify(made);
  const known = sharedConcepts.get(key);
  if (known) return known;
  if (sharedConcepts.size >= SHARED_CONCEPTS_MAX) sharedConcepts.clear();
  for (const coding of made.codings) Object.freeze(coding);
  Object.freeze(made.codings);
  sharedConcepts.set(key, Object.freeze(made));
  return made;
}

/** The empty lists of an Observation without components or interpretation: one frozen array, not two per result. */
const NONE: never[] = Object.freeze([]) as unknown as never[];

const orNone = <T>(list: T[]): T[] => (list.length === 0 ? NONE : list);

function concepts(value: unknown): Concept[] {
  return Array.isArray(value) ? value.filter(isObject).map(concept) : [];
}

export function conceptLabel(c: Concept, fallback: string): string {
  return c.text ?? c.codings.find((x) => x.display)?.display ?? c.codings.find((x) => x.code)?.code ?? fallback;
}

/** clinical-rules §0 Status: the status words of each element, compared case-insensitively, spaces, hyphens and underscores alike. */
const STATUS_ELEMENTS = {
  clinical: {
    systems: ['condition-clinical', 'allergyintolerance-clinical'],
    words: ['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'],
  },
  verification: {
    systems: ['condition-ver-status', 'allergyintolerance-verification'],
    words: ['unconfirmed', 'provisional', 'differential', 'confirmed', 'refuted', 'entered-in-error'],
  },
} as const;

function statusWord(value: unknown, words: readonly string[]): string | undefined {
  const word = str(value)?.trim().toLowerCase().replace(/[\s_-]+/g, '-');
  return word && words.includes(word) ? word : undefined;
}

function isHl7StatusSystem(system: string | undefined, names: readonly string[]): boolean {
  const s = system?.trim().replace(/\/$/, '').toLowerCase();
  return !!s && names.some((name) => s === `http://terminology.hl7.org/codesystem/${name}` || s === `http://hl7.org/fhir/${name}`);
}

/**
 * §0 Status: the coding in the element's HL7 code system, else the first coding whose code or display is a
 * status word, else the text. EHRs put their local coding first, so the first coding proves nothing.
 * Unreadable: undefined (counts as missing).
 */
function elementStatus(value: unknown, element: keyof typeof STATUS_ELEMENTS): string | undefined {
  const { systems, words } = STATUS_ELEMENTS[element];
  if (typeof value === 'string') return statusWord(value, words);
  const codings = objects(at(value, 'coding'));
  const hl7 = codings.filter((c) => isHl7StatusSystem(str(c.system), systems)).map((c) => statusWord(c.code, words)).find(Boolean);
  if (hl7) return hl7;
  for (const c of codings) {
    const word = statusWord(c.code, words) ?? statusWord(c.display, words);
    if (word) return word;
  }
  return statusWord(at(value, 'text'), words);
}

/** Status strings of other resources compare case-insensitively (§0). */
function plainStatus(value: unknown): string | undefined {
  return str(value)?.trim().toLowerCase() || undefined;
}

const id = (r: Json) => str(r.id);

function humanName(patient: Json): string | undefined {
  const names = objects(patient.name);
  const name = names.find((n) => n.use === 'official') ?? names[0];
  if (!name) return undefined;
  const full = text(name.text);
  if (full) return full;
  const given = Array.isArray(name.given) ? name.given.map(str).filter(Boolean).join(' ') : '';
  const parts = [given, str(name.family)].filter(Boolean).join(' ');
  return text(parts);
}

export function patientFacts(resource: Json): PatientFacts | undefined {
  const pid = id(resource);
  if (resource.resourceType !== 'Patient' || !pid) return undefined;
  const name = humanName(resource);
  const birthDate = str(resource.birthDate);
  const sex = str(resource.gender);
  return {
    id: pid,
    ...(name ? { name } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(sex ? { sex } : {}),
    ...(typeof resource.deceasedBoolean === 'boolean' ? { deceasedBoolean: resource.deceasedBoolean } : {}),
    ...(str(resource.deceasedDateTime) ? { deceasedDateTime: str(resource.deceasedDateTime)! } : {}),
  };
}

/** UCUM age units into years; an age without a known unit is not read. */
const YEARS_PER_UNIT: Record<string, number> = { a: 1, mo: 1 / 12, wk: 7 / 365.25, d: 1 / 365.25 };

function ageInYears(age: unknown): number | undefined {
  const value = num(at(age, 'value'));
  const unit = str(at(age, 'code')) ?? (/^years?$/i.test(str(at(age, 'unit')) ?? '') ? 'a' : undefined);
  const factor = unit ? YEARS_PER_UNIT[unit] : undefined;
  return value !== undefined && value >= 0 && factor !== undefined ? value * factor : undefined;
}

function condition(r: Json): ConditionFact {
  const code = concept(r.code);
  const onsetAge = ageInYears(r.onsetAge);
  const onsetDate = str(r.onsetDateTime) ?? str(at(r, 'onsetPeriod', 'start'));
  const clinicalStatus = elementStatus(r.clinicalStatus, 'clinical');
  const verificationStatus = elementStatus(r.verificationStatus, 'verification');
  return {
    resourceType: 'Condition',
    ...(id(r) ? { id: id(r)! } : {}),
    display: conceptLabel(code, 'Condition'),
    code,
    bodySites: concepts(r.bodySite),
    ...(clinicalStatus ? { clinicalStatus } : {}),
    ...(verificationStatus ? { verificationStatus } : {}),
    ...(onsetDate ? { onsetDate } : {}),
    ...(onsetAge !== undefined ? { onsetAgeYears: onsetAge } : {}),
    ...(str(r.recordedDate) ? { recordedDate: str(r.recordedDate)! } : {}),
  };
}

function observationValue(r: Json): ObservationValue | undefined {
  const quantity = obj(r.valueQuantity);
  const value = num(quantity?.value);
  if (quantity && value !== undefined) {
    const unit = text(quantity.unit);
    const code = str(quantity.code);
    return { kind: 'quantity', value, ...(unit ? { unit } : {}), ...(code ? { code } : {}) };
  }
  if (isObject(r.valueCodeableConcept)) return { kind: 'concept', concept: concept(r.valueCodeableConcept) };
  if (str(r.valueString)) return { kind: 'string', value: text(r.valueString)! };
  if (typeof r.valueBoolean === 'boolean') return { kind: 'boolean', value: r.valueBoolean };
  const integer = num(r.valueInteger);
  if (integer !== undefined) return { kind: 'quantity', value: integer };
  return undefined;
}

/** clinical-rules.md §0: effectiveDateTime, else effectivePeriod.end or .start, else effectiveInstant, else issued. */
function observationDate(r: Json): string | undefined {
  return str(r.effectiveDateTime) ?? str(at(r, 'effectivePeriod', 'end')) ?? str(at(r, 'effectivePeriod', 'start')) ?? str(r.effectiveInstant) ?? str(r.issued);
}

export function observationFact(r: Json): ObservationFact {
  const code = sharedConcept(r.code);
  const date = observationDate(r);
  const lastUpdated = str(at(r, 'meta', 'lastUpdated'));
  const value = observationValue(r);
  return {
    resourceType: 'Observation',
    ...(id(r) ? { id: id(r)! } : {}),
    display: conceptLabel(code, 'Observation'),
    code,
    ...(plainStatus(r.status) ? { status: plainStatus(r.status)! } : {}),
    ...(date ? { date } : {}),
    ...(lastUpdated ? { lastUpdated } : {}),
    ...(value ? { value } : {}),
    components: orNone(objects(r.component).map((c) => {
      const v = observationValue(c);
      return { code: sharedConcept(c.code), ...(v ? { value: v } : {}) };
    })),
    interpretation: orNone(concepts(r.interpretation).flatMap((c) => c.codings)),
  };
}

export function studyFact(r: Json, resourceType: StudyFact['resourceType']): StudyFact {
  const series = objects(r.series);
  const codes = resourceType === 'ImagingStudy' ? concepts(r.procedureCode) : [concept(r.code)];
  const bodySites = [
    ...concepts(r.bodySite),
    // series.bodySite is a Coding, not a CodeableConcept
    ...series.map((s) => s.bodySite).filter(isObject).map((site) => concept({ coding: [site] })),
  ];
  const modalities = [
    ...objects(r.modality).map((m) => str(m.code)),
    ...series.map((s) => str(at(s, 'modality', 'code'))),
  ].filter((m): m is string => !!m);
  const descriptions = [text(r.description), ...series.map((s) => text(s.description))].filter((d): d is string => !!d);
  const date =
    resourceType === 'DiagnosticReport'
      ? str(r.effectiveDateTime) ?? str(at(r, 'effectivePeriod', 'end')) ?? str(at(r, 'effectivePeriod', 'start')) ?? str(r.issued)
      : resourceType === 'ImagingStudy'
        ? str(r.started)
        : str(r.performedDateTime) ?? str(at(r, 'performedPeriod', 'end')) ?? str(at(r, 'performedPeriod', 'start'));
  // Conservative care counts from when it started (codes.md): performedDateTime or performedPeriod.start.
  const startDate = resourceType === 'Procedure' ? str(r.performedDateTime) ?? str(at(r, 'performedPeriod', 'start')) : undefined;
  const first = codes[0];
  const display = (first && (first.text ?? first.codings.find((c) => c.display)?.display)) ?? descriptions[0] ?? resourceType;
  // v3: a report's conclusion is shown and read for levels (reportLevels), never matched as a title.
  const conclusion = resourceType === 'DiagnosticReport' ? text(r.conclusion) : undefined;
  const conclusionCodes = resourceType === 'DiagnosticReport' ? concepts(r.conclusionCode) : [];
  return {
    resourceType,
    ...(id(r) ? { id: id(r)! } : {}),
    display,
    codes,
    bodySites,
    modalities,
    descriptions,
    ...(plainStatus(r.status) ? { status: plainStatus(r.status)! } : {}),
    ...(date ? { date } : {}),
    ...(startDate ? { startDate } : {}),
    ...(conclusion ? { conclusion } : {}),
    ...(conclusionCodes.length > 0 ? { conclusionCodes } : {}),
  };
}

/** Resolves `Medication/123`, `urn:uuid:...` and `#contained` references to a Medication resource. */
export type MedicationResolver = (reference: string, container: Json) => Json | undefined;

function medication(r: Json, resourceType: MedicationFact['resourceType'], resolve: MedicationResolver): MedicationFact {
  let med = isObject(r.medicationCodeableConcept) ? concept(r.medicationCodeableConcept) : undefined;
  const reference = str(at(r, 'medicationReference', 'reference'));
  if (!med && reference) {
    const resolved = resolve(reference, r);
    if (resolved && isObject(resolved.code)) med = concept(resolved.code);
  }
  const referenceDisplay = text(at(r, 'medicationReference', 'display'));
  const medicationConcept: Concept = med ?? { codings: [], ...(referenceDisplay ? { text: referenceDisplay } : {}) };
  const date =
    resourceType === 'MedicationRequest'
      ? str(r.authoredOn)
      : str(r.effectiveDateTime) ?? str(at(r, 'effectivePeriod', 'start')) ?? str(r.dateAsserted);
  // osteoporosis-treatment reads the latest of every date a medication record carries (codes.md).
  const dates = [str(r.authoredOn), str(r.effectiveDateTime), str(at(r, 'effectivePeriod', 'start')), str(at(r, 'effectivePeriod', 'end')), str(r.dateAsserted)]
    .filter((d): d is string => !!d);
  const openEnded = resourceType === 'MedicationStatement' && !!obj(r.effectivePeriod) && !str(at(r, 'effectivePeriod', 'end'));
  // MedicationRequest.dosageInstruction, MedicationStatement.dosage: the first one's text, for display only.
  const dosage = text(objects(r.dosageInstruction ?? r.dosage)[0]?.text);
  return {
    resourceType,
    ...(id(r) ? { id: id(r)! } : {}),
    display: conceptLabel(medicationConcept, 'Medication'),
    medication: medicationConcept,
    dates,
    ...(openEnded ? { openEnded } : {}),
    ...(dosage ? { dosage } : {}),
    ...(plainStatus(r.status) ? { status: plainStatus(r.status)! } : {}),
    ...(date ? { date } : {}),
  };
}

function order(r: Json, resourceType: 'ServiceRequest' | 'DeviceRequest' | 'Device'): OrderFact {
  const code = concept(resourceType === 'DeviceRequest' ? r.codeCodeableConcept : resourceType === 'Device' ? r.type : r.code);
  // A Device has no start date (codes.md): it is listed, never dated by its manufacture.
  const date = resourceType === 'Device' ? undefined : str(r.authoredOn) ?? str(r.occurrenceDateTime) ?? str(at(r, 'occurrencePeriod', 'start'));
  const performerType = resourceType === 'ServiceRequest' && isObject(r.performerType) ? concept(r.performerType) : undefined;
  return {
    resourceType,
    ...(id(r) ? { id: id(r)! } : {}),
    display: conceptLabel(code, resourceType),
    code,
    ...(performerType ? { performerType } : {}),
    ...(plainStatus(r.status) ? { status: plainStatus(r.status)! } : {}),
    ...(date ? { date } : {}),
  };
}

/** Each CarePlan activity with a code (e.g. "recommendation to rest") becomes its own order fact. */
function carePlanActivities(r: Json): OrderFact[] {
  const planStatus = plainStatus(r.status);
  const date = str(at(r, 'period', 'start')) ?? str(r.created);
  return objects(r.activity)
    .map((a) => obj(a.detail))
    .filter((d): d is Json => !!d && isObject(d.code))
    .map((detail) => {
      const code = concept(detail.code);
      // The activity's own status (cancelled, not-started) says more than the plan's (codes.md).
      const status = plainStatus(detail.status);
      return {
        resourceType: 'CarePlan' as const,
        ...(id(r) ? { id: id(r)! } : {}),
        display: conceptLabel(code, 'Care plan activity'),
        code,
        ...(status ? { status } : {}),
        ...(planStatus ? { planStatus } : {}),
        ...(date ? { date } : {}),
      };
    });
}

function encounter(r: Json): EncounterFact {
  const classCode = str(at(r, 'class', 'code'))?.trim().toUpperCase();
  const date = str(at(r, 'period', 'start'));
  const endDate = str(at(r, 'period', 'end'));
  const type = concepts(r.type)[0];
  return {
    resourceType: 'Encounter',
    ...(id(r) ? { id: id(r)! } : {}),
    display: type ? conceptLabel(type, 'Encounter') : `Encounter${classCode ? ` (${classCode})` : ''}`,
    ...(plainStatus(r.status) ? { status: plainStatus(r.status)! } : {}),
    ...(classCode ? { classCode } : {}),
    ...(date ? { date } : {}),
    ...(endDate ? { endDate } : {}),
  };
}

function allergy(r: Json): AllergyFact {
  const code = concept(r.code);
  const clinicalStatus = elementStatus(r.clinicalStatus, 'clinical');
  const verificationStatus = elementStatus(r.verificationStatus, 'verification');
  return {
    resourceType: 'AllergyIntolerance',
    ...(id(r) ? { id: id(r)! } : {}),
    display: conceptLabel(code, 'Allergy'),
    code,
    ...(clinicalStatus ? { clinicalStatus } : {}),
    ...(verificationStatus ? { verificationStatus } : {}),
  };
}

/** Adds one resource to the record. Unknown types and non-objects are ignored; returns whether it was used. */
export function addResource(record: PatientRecord, resource: unknown, resolve: MedicationResolver): boolean {
  if (!isObject(resource)) return false;
  switch (resource.resourceType) {
    case 'Condition': record.conditions.push(condition(resource)); return true;
    case 'Observation': record.observations.push(observationFact(resource)); return true;
    case 'DiagnosticReport':
    case 'ImagingStudy':
    case 'Procedure': record.studies.push(studyFact(resource, resource.resourceType)); return true;
    case 'MedicationRequest':
    case 'MedicationStatement': record.medications.push(medication(resource, resource.resourceType, resolve)); return true;
    case 'ServiceRequest':
    case 'DeviceRequest':
    case 'Device': record.orders.push(order(resource, resource.resourceType)); return true;
    case 'CarePlan': record.orders.push(...carePlanActivities(resource)); return true;
    case 'Encounter': record.encounters.push(encounter(resource)); return true;
    case 'AllergyIntolerance': record.allergies.push(allergy(resource)); return true;
    default: return false;
  }
}

/** A contained Medication (`#id`) is found inside the resource itself. */
export function containedResource(reference: string, container: Json): Json | undefined {
  if (!reference.startsWith('#')) return undefined;
  return objects(container.contained).find((c) => c.id === reference.slice(1));
}
