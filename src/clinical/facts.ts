// What the rules look for in the record, each in one place: conditions by list, observations by list,
// imaging by kind, lab panels, conservative care, medications and allergies (codes.md).
import {
  ANALGESICS,
  ANALGESIC_STATUSES,
  ANTICOAGULANTS,
  CEMENT_ALLERGENS,
  CONSERVATIVE_CARE,
  DXA,
  IGNORED_RECORD_STATUSES,
  IMAGING_KINDS,
  SPINE_BODY_SITE,
  SPINE_TEXT,
  SYSTEM,
  conceptMatches,
  conceptTexts,
  systemIs,
  termPosition,
  textHasAnyTerm,
  type CodeList,
  type ImagingKind,
} from './codes';
import { dayOf, isWithinDays } from './dates';
import type { Concept, ConditionFact, MedicationFact, ObservationFact, OrderFact, PatientRecord, StudyFact } from './record';
import { isActiveCondition, isNotRefuted, isUsableObservation } from './reading';

export function activeConditionsIn(
  record: PatientRecord,
  list: CodeList,
  options: { remissionCounts?: boolean } = {},
): ConditionFact[] {
  return record.conditions.filter((c) => conceptMatches(c.code, list) && isActiveCondition(c, options));
}

/** Codings are matched in code.coding plus Observation.component.code for panels (codes.md). */
export function observationMatches(observation: ObservationFact, list: CodeList): boolean {
  return conceptMatches(observation.code, list) || observation.components.some((c) => conceptMatches(c.code, list));
}

function isLoinc(system: string | undefined): boolean {
  return systemIs(system, SYSTEM.loinc);
}

/** Newest first by date (an ISO date sorts as text); undated last. Keys are computed once per fact. */
export function newestFirst<T extends { date?: string }>(facts: T[]): T[] {
  const keys = new Map<T, string>();
  for (const fact of facts) keys.set(fact, dayOf(fact.date) ? fact.date! : '');
  return [...facts].sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    return ka < kb ? 1 : ka > kb ? -1 : 0;
  });
}

/**
 * Usable observations by LOINC code (code.coding and component codes), built once per evaluated record:
 * rules ask for a dozen lists, and a record can hold tens of thousands of observations.
 */
const loincIndexes = new WeakMap<ObservationFact[], { size: number; byCode: Map<string, ObservationFact[]>; results: Map<string, ObservationFact[]> }>();

function loincIndex(observations: ObservationFact[]) {
  let index = loincIndexes.get(observations);
  // A record is not meant to change after loading; a changed length still rebuilds, so a mutation cannot go unseen.
  if (index && index.size === observations.length) return index;
  const byCode = new Map<string, ObservationFact[]>();
  const add = (code: string, observation: ObservationFact) => {
    const bucket = byCode.get(code);
    if (!bucket) byCode.set(code, [observation]);
    else if (bucket[bucket.length - 1] !== observation) bucket.push(observation);
  };
  for (const observation of observations) {
    if (!isUsableObservation(observation)) continue;
    for (const coding of observation.code.codings) if (coding.code && isLoinc(coding.system)) add(coding.code, observation);
    for (const component of observation.components) {
      for (const coding of component.code.codings) if (coding.code && isLoinc(coding.system)) add(coding.code, observation);
    }
  }
  index = { size: observations.length, byCode, results: new Map() };
  loincIndexes.set(observations, index);
  return index;
}

/** Usable observations in a LOINC list, in record order (callers pick the newest with `newestOf`). */
export function usableObservationsIn(record: PatientRecord, list: { loinc: readonly string[] }): ObservationFact[] {
  const index = loincIndex(record.observations);
  const key = list.loinc.join(',');
  const cached = index.results.get(key);
  if (cached) return cached;
  const buckets = list.loinc.map((code) => index.byCode.get(code)).filter((b): b is ObservationFact[] => !!b);
  const result = buckets.length === 1 ? buckets[0]! : [...new Set(buckets.flat())];
  index.results.set(key, result);
  return result;
}

/** The fact with the newest date (linear: lists can hold thousands); undated facts only when nothing is dated. */
export function newestOf<T extends { date?: string }>(facts: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestKey = '';
  for (const fact of facts) {
    const key = dayOf(fact.date) ? fact.date! : '';
    if (!best || key > bestKey) {
      best = fact;
      bestKey = key;
    }
  }
  return best;
}

/** The numeric value of an observation, or of its component in the list when the value sits in a panel. */
export function numericValue(observation: ObservationFact, list?: CodeList): { value: number; unit?: string } | undefined {
  if (list && !conceptMatches(observation.code, list)) {
    const component = observation.components.find((c) => conceptMatches(c.code, list));
    if (component?.value?.kind === 'quantity') return { value: component.value.value, ...unitOf(component.value) };
    return undefined;
  }
  if (observation.value?.kind === 'quantity') return { value: observation.value.value, ...unitOf(observation.value) };
  return undefined;
}

function unitOf(value: { unit?: string; code?: string }): { unit?: string } {
  const unit = value.code ?? value.unit;
  return unit ? { unit } : {};
}

export function isIgnoredStatus(status: string | undefined): boolean {
  return !!status && IGNORED_RECORD_STATUSES.includes(status);
}

function studyTexts(study: StudyFact): string[] {
  return [...study.codes.flatMap(conceptTexts), ...study.bodySites.flatMap(conceptTexts), ...study.descriptions];
}

function mentionsSpine(text: string): boolean {
  if (textHasAnyTerm(text, SPINE_TEXT.words)) return true;
  return /(^|[^a-z0-9])thoracic\s+(spine|vertebra)/i.test(text);
}

function imagingKindByCpt(study: StudyFact): ImagingKind | undefined {
  return IMAGING_KINDS.find((k) => study.codes.some((c) => conceptMatches(c, { cpt: k.cpt })))?.kind;
}

/** codes.md: the kind comes from a CPT code, else the DICOM modality, else the text. */
export function imagingKind(study: StudyFact): ImagingKind | undefined {
  const byCpt = imagingKindByCpt(study);
  if (byCpt) return byCpt;
  const byModality = IMAGING_KINDS.find((k) => study.modalities.some((m) => k.modalities.includes(m.toUpperCase())));
  if (byModality) return byModality.kind;
  // The title (code text) speaks before descriptions, and in one text the first kind named wins:
  // "MRI lumbar spine, compared with radiographs" is an MRI.
  for (const text of studyTexts(study)) {
    let first: { kind: ImagingKind; at: number } | undefined;
    for (const k of IMAGING_KINDS) {
      for (const term of k.text) {
        const at = termPosition(text, term);
        if (at >= 0 && (!first || at < first.at)) first = { kind: k.kind, at };
      }
    }
    if (first) return first.kind;
  }
  return undefined;
}

/**
 * codes.md: spine by body-site coding or text. A spine CPT code (72xxx in the kind table) names the spine
 * by definition, so it counts too: the safe reading for a workup checklist that would otherwise miss a study.
 */
export function isSpineStudy(study: StudyFact): boolean {
  if ([...study.codes, ...study.bodySites].some((c) => conceptMatches(c, SPINE_BODY_SITE))) return true;
  const byCpt = imagingKindByCpt(study);
  if (byCpt && byCpt !== 'bone-scan') return true;
  return studyTexts(study).some(mentionsSpine);
}

/** Imaging of a kind: spine studies, except bone scans which need not be of the spine. Newest first. */
export function imagingOfKind(record: PatientRecord, kind: ImagingKind): StudyFact[] {
  const studies = record.studies
    .filter((s) => !isIgnoredStatus(s.status) && imagingKind(s) === kind && (kind === 'bone-scan' || isSpineStudy(s)));
  return newestFirst(studies);
}

/** Lab panels arrive as Observations or as a DiagnosticReport carrying the panel code (codes.md). */
export function labEvidence(
  record: PatientRecord,
  observationList: { loinc: readonly string[] },
  reportList?: CodeList,
): Array<ObservationFact | StudyFact> {
  const observations: Array<ObservationFact | StudyFact> = usableObservationsIn(record, observationList);
  const reports = reportList
    ? record.studies.filter(
        (s) => s.resourceType === 'DiagnosticReport' && !isIgnoredStatus(s.status) && s.codes.some((c) => conceptMatches(c, reportList)),
      )
    : [];
  return [...observations, ...reports];
}

export function conceptNames(concept: Concept, terms: readonly string[]): boolean {
  return conceptTexts(concept).some((text) => textHasAnyTerm(text, terms));
}

/** Analgesics by name (codes.md § Conservative care). Low-dose aspirin is not on the list, so never counts. */
export function analgesicMedications(record: PatientRecord): MedicationFact[] {
  return record.medications.filter(
    (m) => !!m.status && ANALGESIC_STATUSES.includes(m.status) && conceptNames(m.medication, ANALGESICS),
  );
}

/** Planned care is not care tried. */
const CARE_NOT_YET_TRIED: readonly string[] = ['not-started', 'scheduled', 'draft'];

/** Brace, physical therapy and activity modification, as procedures, orders, devices or care-plan activities. */
export function nonDrugConservativeCare(record: PatientRecord): Array<{ kind: string; fact: StudyFact | OrderFact }> {
  const found: Array<{ kind: string; fact: StudyFact | OrderFact }> = [];
  const candidates: Array<StudyFact | OrderFact> = [
    ...record.studies.filter((s) => s.resourceType === 'Procedure'),
    ...record.orders,
  ];
  for (const fact of candidates) {
    if (isIgnoredStatus(fact.status) || (fact.status && CARE_NOT_YET_TRIED.includes(fact.status))) continue;
    const concepts = 'codes' in fact ? fact.codes : [fact.code];
    const match = CONSERVATIVE_CARE.find((care) => concepts.some((c) => conceptMatches(c, care.codes)));
    if (match) found.push({ kind: match.kind, fact });
  }
  return found;
}

const ANTICOAGULANT_STATUSES = ['active', 'on-hold'];

export function anticoagulantMedications(record: PatientRecord): MedicationFact[] {
  return record.medications.filter(
    (m) => !!m.status && ANTICOAGULANT_STATUSES.includes(m.status) && conceptNames(m.medication, ANTICOAGULANTS),
  );
}

export function cementAllergies(record: PatientRecord) {
  return record.allergies.filter(
    (a) =>
      (!a.clinicalStatus || a.clinicalStatus === 'active') &&
      isNotRefuted(a) &&
      conceptNames(a.code, CEMENT_ALLERGENS),
  );
}

/** DXA procedures or studies (CPT 77080... / SNOMED 312681000). */
export function dxaStudies(record: PatientRecord): StudyFact[] {
  return newestFirst(record.studies.filter((s) => !isIgnoredStatus(s.status) && s.codes.some((c) => conceptMatches(c, DXA))));
}

/** A DXA ServiceRequest that is active or completed is a referral (codes.md). */
export function dxaReferrals(record: PatientRecord): OrderFact[] {
  return record.orders.filter(
    (o) => o.resourceType === 'ServiceRequest' && (o.status === 'active' || o.status === 'completed') && conceptMatches(o.code, DXA),
  );
}

export function withinDays<T extends { date?: string }>(facts: T[], asOf: string, days: number): T[] {
  return facts.filter((f) => isWithinDays(f.date, asOf, days));
}

