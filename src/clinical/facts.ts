// What the rules look for in the record, each in one place: conditions by list, observations by list,
// imaging by kind, lab panels, conservative care, medications and allergies (codes.md).
import {
  ALLERGY_NEGATIONS,
  ANALGESICS,
  ANALGESIC_STATUSES,
  ANTICOAGULANTS,
  BONE_CONTEXT_TEXT,
  BONE_SCAN_WITH_CONTEXT,
  CEMENT_ALLERGENS,
  CONSERVATIVE_CARE,
  DXA,
  DXA_TEXT,
  HCG_TESTS,
  IGNORED_RECORD_STATUSES,
  IMAGING_KINDS,
  INJECTED_LIDOCAINE_TEXT,
  NOT_BONE_TEXT,
  OBSERVATIONS,
  OSTEOPOROSIS_MEDICATIONS,
  OSTEOPOROSIS_REFERRAL_TEXT,
  SPINE_BODY_SITE,
  SPINE_TEXT,
  VERTEBRAL_AUGMENTATION,
  conceptMatches,
  conceptTexts,
  isLoinc,
  termPosition,
  textHasAnyTerm,
  type CautionList,
  type CodeList,
  type ImagingKind,
} from './codes';
import { displayKey, extremeGroup, isWithinDays } from './dates';
import type { Concept, ConditionFact, MedicationFact, ObservationFact, OrderFact, PatientRecord, StudyFact } from './record';
import { conceptMatchesGenerously, conditionMatch, hasNegation, type MatchedBy } from './matching';
import { citedOf, isActiveCondition, isNotRefuted, isUsableObservation, readNumber, rememberNewestDays } from './reading';

export function activeConditionsIn(
  record: PatientRecord,
  list: CodeList,
  options: { remissionCounts?: boolean } = {},
): ConditionFact[] {
  return record.conditions.filter((c) => conceptMatches(c.code, list) && isActiveCondition(c, options));
}

/** A condition in a caution list, and how it got there (a code in any spelling, or its text alone). */
export interface CautionMatch {
  condition: ConditionFact;
  by: MatchedBy;
}

/**
 * §0 *Matching what stops or cautions* (v3): the conditions of a list that can make a patient not-candidate or add a
 * caution, matched generously, whatever their status (the rule applies its own status and date rules).
 */
export function conditionsInCautionList(record: PatientRecord, list: CautionList): CautionMatch[] {
  const found: CautionMatch[] = [];
  for (const condition of record.conditions) {
    const by = conditionMatch(condition, list);
    if (by) found.push({ condition, by });
  }
  return found;
}

/** The active ones (§0 Active condition; malignancy also in remission). */
export function activeConditionsInCautionList(record: PatientRecord, list: CautionList, options: { remissionCounts?: boolean } = {}): CautionMatch[] {
  return conditionsInCautionList(record, list).filter((m) => isActiveCondition(m.condition, options));
}

/**
 * Newest first (for display and evidence order): instants in UTC, a day without a time at its midday; undated
 * last. The newest record a rule reads is chosen by `newestOf` (§0 Latest), never by position in this list.
 */
export function newestFirst<T extends { date?: string; id?: string }>(facts: T[]): T[] {
  const keys = new Map<T, number>();
  for (const fact of facts) keys.set(fact, displayKey(fact.date));
  return [...facts].sort((a, b) => {
    const ka = keys.get(a)!;
    const kb = keys.get(b)!;
    // The same moment: by id, so the order does not depend on the order a server or a bundle listed them in.
    return ka < kb ? 1 : ka > kb ? -1 : (a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0;
  });
}

/**
 * Usable observations by LOINC code (code.coding and component codes), built once per record when it is
 * loaded (indexRecord) or else on its first evaluation: rules ask for a dozen lists, and a record can hold
 * tens of thousands of observations.
 */
const loincIndexes = new WeakMap<ObservationFact[], { size: number; byCode: Map<string, ObservationFact[]>; results: Map<string, ObservationFact[]> }>();

/** Lists handed out by the index: never changed after they are made, so their newest entry can be remembered. */
const newestOfIndexedList = new WeakMap<readonly unknown[], { newest: unknown }>();

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

/**
 * Indexes a record once, as it is built (loader, Bundle reader), so the first evaluation does not pay for it.
 * Evaluation gives the same answers without it; it only moves the work to load time.
 */
export function indexRecord(record: PatientRecord): PatientRecord {
  loincIndex(record.observations);
  for (const list of RULE_OBSERVATION_LISTS) usableObservationsIn(record, list);
  for (const study of record.studies) studyFacts(study);
  rememberNewestDays(record);
  return record;
}

/** The lists the rules ask for (codes.md and the workup's combined items); any other list is built when first asked. */
const RULE_OBSERVATION_LISTS: ReadonlyArray<{ loinc: readonly string[] }> = [
  ...Object.values(OBSERVATIONS),
  HCG_TESTS,
  { loinc: [...OBSERVATIONS.inr.loinc, ...OBSERVATIONS.pt.loinc] },
  { loinc: [...OBSERVATIONS.dxaTScore.loinc, ...OBSERVATIONS.dxaBoneDensity.loinc] },
  { loinc: [...HCG_TESTS.loinc, ...OBSERVATIONS.pregnancyStatus.loinc] },
];

/** Usable observations in a LOINC list, in record order (callers pick the newest with `newestOf`). */
export function usableObservationsIn(record: PatientRecord, list: { loinc: readonly string[] }): ObservationFact[] {
  const index = loincIndex(record.observations);
  const key = list.loinc.join(',');
  const cached = index.results.get(key);
  if (cached) return cached;
  const buckets = list.loinc.map((code) => index.byCode.get(code)).filter((b): b is ObservationFact[] => !!b);
  const result = buckets.length === 1 ? buckets[0]! : [...new Set(buckets.flat())];
  index.results.set(key, result);
  newestOfIndexedList.set(result, { newest: newestIn(result) });
  return result;
}

/** The fact with the newest date (linear: lists can hold thousands); undated facts only when nothing is dated. */
export function newestOf<T extends { date?: string }>(facts: readonly T[]): T | undefined {
  const remembered = newestOfIndexedList.get(facts);
  return remembered ? (remembered.newest as T | undefined) : newestIn(facts);
}

/** §0 Latest (v3, src/clinical/dates.ts `extremeGroup`): the record cited as newest; undated facts only when nothing is dated. */
function newestIn<T extends { date?: string }>(facts: readonly T[]): T | undefined {
  return citedOf(extremeGroup(facts, (f) => f.date)) ?? facts[0];
}

/**
 * The numeric value of an observation (§0 Observation value), or of its component in the list when the value
 * sits in a panel; undefined when unreadable.
 */
export function numericValue(observation: ObservationFact, list?: CodeList): { value: number; unit?: string } | undefined {
  if (list && !conceptMatches(observation.code, list)) {
    const component = observation.components.find((c) => conceptMatches(c.code, list));
    return readNumber(component?.value);
  }
  return readNumber(observation.value);
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

/** codes.md DXA: by CPT or SNOMED code, or its words. A DXA record is never a spine X-ray or any other imaging kind. */
export function isDxaStudy(study: StudyFact): boolean {
  return studyFacts(study).dxa;
}

function dxaStudy(study: StudyFact): boolean {
  return study.codes.some((c) => conceptMatches(c, DXA)) || studyTexts(study).some((t) => textHasAnyTerm(t, DXA_TEXT));
}

/** Bone context (codes.md): a spine record, or text naming bone, skeletal, osseous or whole body; never a cardiac, thyroid or renal study. */
function hasBoneContext(study: StudyFact): boolean {
  const texts = studyTexts(study);
  if (texts.some((t) => textHasAnyTerm(t, NOT_BONE_TEXT))) return false;
  return spineStudy(study) || texts.some((t) => textHasAnyTerm(t, BONE_CONTEXT_TEXT));
}

function kindByText(study: StudyFact): ImagingKind | undefined {
  // The title (code text) speaks before descriptions, and in one text the first kind named wins:
  // "MRI lumbar spine, compared with radiographs" is an MRI.
  const kinds = [...IMAGING_KINDS.map((k) => ({ kind: k.kind, text: k.text })), { kind: 'bone-scan' as const, text: BONE_SCAN_WITH_CONTEXT.text }];
  for (const text of studyTexts(study)) {
    let first: { kind: ImagingKind; at: number } | undefined;
    for (const k of kinds) {
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
 * codes.md: the kind comes from a CPT code, else the DICOM modality, else the text. SPECT codes, NM and
 * scintigraphy make a bone scan only with bone context; a DXA is never an imaging kind.
 */
export function imagingKind(study: StudyFact): ImagingKind | undefined {
  return studyFacts(study).kind;
}

/**
 * What the rules ask of every study on each evaluation (kind, spine, DXA), worked out from its codes and text
 * once per study: the text matching is the costly part, and a study does not change after loading.
 */
const derivedStudyFacts = new WeakMap<StudyFact, { kind: ImagingKind | undefined; spine: boolean; dxa: boolean }>();

function studyFacts(study: StudyFact) {
  let facts = derivedStudyFacts.get(study);
  if (!facts) {
    facts = { dxa: dxaStudy(study), spine: spineStudy(study), kind: kindOfStudy(study) };
    derivedStudyFacts.set(study, facts);
  }
  return facts;
}

function kindOfStudy(study: StudyFact): ImagingKind | undefined {
  if (dxaStudy(study)) return undefined;
  const byCpt = imagingKindByCpt(study);
  if (byCpt) return byCpt;
  const needsBoneContext =
    study.codes.some((c) => conceptMatches(c, { cpt: BONE_SCAN_WITH_CONTEXT.cpt })) ||
    study.modalities.some((m) => (BONE_SCAN_WITH_CONTEXT.modalities as readonly string[]).includes(m.toUpperCase()));
  if (needsBoneContext) return hasBoneContext(study) ? 'bone-scan' : undefined;
  const byModality = IMAGING_KINDS.find((k) => study.modalities.some((m) => k.modalities.includes(m.toUpperCase())));
  if (byModality) return byModality.kind;
  const byText = kindByText(study);
  return byText === 'bone-scan' && !hasBoneContext(study) ? undefined : byText;
}

/**
 * codes.md: spine by a spine CPT code (every 72xxx code of the kind table), a body-site coding, or text.
 */
export function isSpineStudy(study: StudyFact): boolean {
  return studyFacts(study).spine;
}

function spineStudy(study: StudyFact): boolean {
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
  // The index's own list when no report adds to it: its newest entry is already known.
  return reports.length === 0 ? observations : [...observations, ...reports];
}

export function conceptNames(concept: Concept, terms: readonly string[]): boolean {
  return conceptTexts(concept).some((text) => textHasAnyTerm(text, terms));
}

/** Lidocaine counts only when not injected: no word starting with "inj", and not "IV" (codes.md). */
function isInjectedLidocaine(medication: Concept): boolean {
  const texts = conceptTexts(medication);
  return (
    texts.some((t) => textHasAnyTerm(t, [INJECTED_LIDOCAINE_TEXT.drug])) &&
    !texts.some((t) => textHasAnyTerm(t, ANALGESICS.filter((a) => a !== INJECTED_LIDOCAINE_TEXT.drug))) &&
    texts.some((t) => textHasAnyTerm(t, ['inj']) || /(^|[^a-z0-9])IV([^a-z0-9]|$)/.test(t))
  );
}

/** Analgesics by name (codes.md § Conservative care). Low-dose aspirin is not on the list, so never counts. */
export function analgesicMedications(record: PatientRecord): MedicationFact[] {
  return record.medications.filter(
    (m) =>
      !!m.status &&
      ANALGESIC_STATUSES.includes(m.status) &&
      conceptNames(m.medication, ANALGESICS) &&
      !isInjectedLidocaine(m.medication),
  );
}

/** codes.md § Conservative care: which records count as care tried, by type and status. */
function isCareTried(fact: StudyFact | OrderFact): boolean {
  switch (fact.resourceType) {
    case 'Procedure':
      return fact.status === 'completed' || fact.status === 'in-progress';
    case 'CarePlan':
      return fact.status !== undefined
        ? fact.status === 'in-progress' || fact.status === 'completed'
        : 'planStatus' in fact && (fact.planStatus === 'active' || fact.planStatus === 'completed');
    case 'DeviceRequest':
      return fact.status === 'active' || fact.status === 'completed';
    case 'Device':
      return !isIgnoredStatus(fact.status);
    default:
      // A ServiceRequest (an order or referral) is never care tried.
      return false;
  }
}

/** When care started: a Procedure's performed start; every other record's own date. */
export function careStartDate(fact: StudyFact | OrderFact): string | undefined {
  return 'startDate' in fact ? fact.startDate : fact.date;
}

/** Brace, physical therapy and activity modification, as procedures, device requests, devices or care-plan activities. */
export function nonDrugConservativeCare(record: PatientRecord): Array<{ kind: string; fact: StudyFact | OrderFact }> {
  const found: Array<{ kind: string; fact: StudyFact | OrderFact }> = [];
  const candidates: Array<StudyFact | OrderFact> = [
    ...record.studies.filter((s) => s.resourceType === 'Procedure'),
    ...record.orders,
  ];
  for (const fact of candidates) {
    if (!isCareTried(fact)) continue;
    const concepts = 'codes' in fact ? fact.codes : [fact.code];
    const match = CONSERVATIVE_CARE.find((care) => concepts.some((c) => conceptMatches(c, care.codes)));
    if (match) found.push({ kind: match.kind, fact });
  }
  return found;
}

const ANTICOAGULANT_STATUSES = ['active', 'on-hold'];

/** codes.md: an anticoagulant or antiplatelet by name, brand or RxNorm ingredient; a heparin flush or lock is not. */
export function isAnticoagulant(medication: Concept): boolean {
  const texts = conceptTexts(medication);
  // A caution list (§0 v3): the RxNorm ingredient codes in any spelling of the system.
  const named =
    conceptMatchesGenerously(medication, ANTICOAGULANTS.codes) ||
    texts.some((t) => textHasAnyTerm(t, ANTICOAGULANTS.names) || textHasAnyTerm(t, ANTICOAGULANTS.brands));
  if (!named) return false;
  const flush = ANTICOAGULANTS.heparinFlush;
  const onlyHeparin = !texts.some((t) => textHasAnyTerm(t, ANTICOAGULANTS.names.filter((n) => n !== flush.drug)) || textHasAnyTerm(t, ANTICOAGULANTS.brands));
  const isFlush = texts.some((t) => textHasAnyTerm(t, [flush.drug])) && texts.some((t) => textHasAnyTerm(t, flush.words));
  return !(onlyHeparin && isFlush);
}

export function anticoagulantMedications(record: PatientRecord): MedicationFact[] {
  return record.medications.filter((m) => !!m.status && ANTICOAGULANT_STATUSES.includes(m.status) && isAnticoagulant(m.medication));
}

/** Aspirin or acetylsalicylic acid at any dose, alone or combined (v3 `anticoagulant-use`: the note on holding it). */
export function isAspirin(medication: Concept): boolean {
  return conceptMatchesGenerously(medication, ANTICOAGULANTS.aspirin.codes) || conceptNames(medication, ANTICOAGULANTS.aspirin.names);
}

/**
 * cement-allergy: an allergy naming cement or contrast (codes.md), unless the same text denies it ("No known allergy
 * to iodinated contrast"; §0 v3, codes.md *Words*: a negation stops a text match).
 */
export function cementAllergies(record: PatientRecord) {
  return record.allergies.filter(
    (a) =>
      (!a.clinicalStatus || a.clinicalStatus === 'active') &&
      isNotRefuted(a) &&
      conceptTexts(a.code).some((text) => textHasAnyTerm(text, CEMENT_ALLERGENS) && !hasNegation(text, ALLERGY_NEGATIONS)),
  );
}

/** DXA procedures or studies (CPT 77080... / SNOMED 312681000, or DXA words). */
export function dxaStudies(record: PatientRecord): StudyFact[] {
  return newestFirst(record.studies.filter((s) => !isIgnoredStatus(s.status) && isDxaStudy(s)));
}

function orderNames(order: OrderFact, terms: readonly string[]): boolean {
  return conceptNames(order.code, terms) || (!!order.performerType && conceptNames(order.performerType, terms));
}

const isDxaOrder = (o: OrderFact) => conceptMatches(o.code, DXA) || conceptNames(o.code, DXA_TEXT);
const activeOrCompleted = (status: string | undefined) => status === 'active' || status === 'completed';

/** A DXA ServiceRequest that is active or completed is a referral (codes.md). */
export function dxaReferrals(record: PatientRecord): OrderFact[] {
  return newestFirst(record.orders.filter((o) => o.resourceType === 'ServiceRequest' && activeOrCompleted(o.status) && isDxaOrder(o)));
}

/** Osteoporosis medication records (any status but entered-in-error; the rule reads status and dates). */
export function osteoporosisMedications(record: PatientRecord): MedicationFact[] {
  return record.medications.filter((m) => m.status !== 'entered-in-error' && conceptNames(m.medication, OSTEOPOROSIS_MEDICATIONS));
}

/** A referral to a fracture liaison, bone health, osteoporosis, metabolic bone or endocrinology service (not a DXA). */
export function osteoporosisReferrals(record: PatientRecord): OrderFact[] {
  return newestFirst(
    record.orders.filter(
      (o) => o.resourceType === 'ServiceRequest' && activeOrCompleted(o.status) && !isDxaOrder(o) && orderNames(o, OSTEOPOROSIS_REFERRAL_TEXT),
    ),
  );
}

/** prior-augmentation: a vertebroplasty or kyphoplasty Procedure, any date, not entered-in-error, not-done or cancelled. */
export function priorAugmentations(record: PatientRecord): StudyFact[] {
  return newestFirst(
    record.studies.filter(
      (s) =>
        s.resourceType === 'Procedure' &&
        !isIgnoredStatus(s.status) &&
        (s.codes.some((c) => conceptMatches(c, VERTEBRAL_AUGMENTATION.codes)) ||
          s.codes.some((c) => conceptNames(c, VERTEBRAL_AUGMENTATION.text)) ||
          s.descriptions.some((d) => textHasAnyTerm(d, VERTEBRAL_AUGMENTATION.text))),
    ),
  );
}

export function withinDays<T extends { date?: string }>(facts: T[], asOf: string, days: number): T[] {
  return facts.filter((f) => isWithinDays(f.date, asOf, days));
}

