// clinical-rules.md §3 Contraindications: one table entry per rule id, in the spec's order.
import {
  ALTERNATIVE_PAIN_TEXT,
  CAUTION_LISTS,
  CONDITIONS,
  HCG_POSITIVE_ABOVE_MIU_PER_ML,
  HCG_TESTS,
  OBSERVATIONS,
  PLATELET_DISPLAY_UNITS,
  PLATELET_UCUM_UNITS,
  PREGNANCY_STATUS_ANSWERS,
  QUALITATIVE,
  conceptMatches,
  conceptTexts,
  textHasAnyTerm,
} from './codes';
import { unreadNote, unreadTypes } from './completeness';
import { compareDates, dayOf, dayRange, extremeGroup, windowFit } from './dates';
import {
  activeConditionsIn,
  activeConditionsInCautionList,
  anticoagulantMedications,
  cementAllergies,
  conditionsInCautionList,
  isAspirin,
  type CautionMatch,
  newestFirst,
  newestOf,
  numericValue,
  priorAugmentations,
  usableObservationsIn,
} from './facts';
import { FRACTURE_WINDOW_DAYS } from './findings';
import type { PathwayContext } from './context';
import { recordLevels } from './levels';
import { MATCHED_BY_TEXT, withMatchNote } from './matching';
import type { ConditionFact, ObservationFact } from './record';
import {
  answerEvidence,
  conditionDate,
  conditionEvidence,
  couldBePregnant,
  evidenceOf,
  isActiveCondition,
  isNotRefuted,
  SAME_DAY_DISAGREE,
  citedOf,
  disagree,
  latestObservations,
  observationEvidence,
} from './reading';
import type { ContraindicationStatus, Evidence } from './types';

export interface ContraindicationOutcome {
  status: ContraindicationStatus;
  evidence: Evidence[];
  note?: string;
}

export interface ContraindicationRule {
  id: string;
  label: string;
  kind: 'absolute' | 'relative';
  evaluate(ctx: PathwayContext): ContraindicationOutcome;
}

export const PREGNANCY_WINDOW_DAYS = 280;
export const POSITIVE_HCG_WINDOW_DAYS = 30;
export const NEGATIVE_PREGNANCY_WINDOW_DAYS = 7;
const INFECTION_UNDATED_STATUS_WINDOW_DAYS = 90;
const ADULT_AGE = 18;
const MENOPAUSE_AGE = 55;
/** Local-practice defaults after SIR 2019 (high bleeding-risk procedures). */
export const LAB_WINDOW_DAYS = 30;
export const INR_ABOVE = 1.5;
export const PLATELETS_BELOW = 50;
const MAX_LEVELS = 3;

const NONE_DOCUMENTED: Evidence = { resourceType: 'Record', display: 'none documented' };

const yesNo = (v: boolean) => (v ? 'yes' : 'no');
const result = (status: ContraindicationStatus, evidence: Evidence[], note?: string): ContraindicationOutcome =>
  note ? { status, evidence, note } : { status, evidence };
const conditionsEvidence = (ctx: PathwayContext, conditions: ConditionFact[]) =>
  conditions.map((c) => conditionEvidence(c, ctx.record.patient.birthDate));
/** Conditions of a caution list as evidence; one found by its text alone says so (§0 v3: "matched by its text"). */
const matchesEvidence = (ctx: PathwayContext, matches: CautionMatch[]) =>
  matches.map((m) => withMatchNote(conditionEvidence(m.condition, ctx.record.patient.birthDate), m.by === 'text' ? MATCHED_BY_TEXT : undefined));

/**
 * "Absent otherwise (none documented)", unless a resource type the rule reads could not be read completely:
 * then nothing documented proves nothing, and the rule is unknown.
 */
function noneDocumented(ctx: PathwayContext, readsFrom: readonly string[], evidence: Evidence[] = []): ContraindicationOutcome {
  const unread = unreadTypes(ctx, readsFrom);
  if (unread.length === 0) return result('absent', [NONE_DOCUMENTED, ...evidence]);
  return result('unknown', evidence, `Not found, but ${unreadNote(unread)}`);
}

/** "Absent" settled by the record's own evidence (a test, lab values) holds only when the types it rests on were read completely. */
function absentUnlessUnread(ctx: PathwayContext, readsFrom: readonly string[], evidence: Evidence[], note?: string): ContraindicationOutcome {
  const unread = unreadTypes(ctx, readsFrom);
  if (unread.length === 0) return result('absent', evidence, note);
  return result('unknown', evidence, [note, unreadNote(unread)].filter(Boolean).join(' '));
}

// ---- qualitative results (codes.md: positive and negative) ----

type Qualitative = 'positive' | 'negative' | undefined;

function qualitativeText(text: string | undefined): Qualitative {
  const whole = text?.trim().toLowerCase();
  if (!whole) return undefined;
  if ((QUALITATIVE.negativeText as readonly string[]).includes(whole)) return 'negative';
  if ((QUALITATIVE.positiveText as readonly string[]).includes(whole)) return 'positive';
  return undefined;
}

function qualitativeResult(observation: ObservationFact): Qualitative {
  const value = observation.value;
  if (value?.kind === 'concept') {
    if (value.concept.codings.some((c) => c.code === QUALITATIVE.positiveSnomed)) return 'positive';
    if (value.concept.codings.some((c) => c.code === QUALITATIVE.negativeSnomed)) return 'negative';
    for (const text of conceptTexts(value.concept)) {
      const read = qualitativeText(text);
      if (read) return read;
    }
  }
  if (value?.kind === 'string') {
    const read = qualitativeText(value.value);
    if (read) return read;
  }
  const flags = observation.interpretation.map((c) => c.code?.toUpperCase());
  if (flags.some((f) => f && (QUALITATIVE.positiveInterpretation as readonly string[]).includes(f))) return 'positive';
  if (flags.some((f) => f && (QUALITATIVE.negativeInterpretation as readonly string[]).includes(f))) return 'negative';
  return undefined;
}

export function hcgResult(observation: ObservationFact): Qualitative {
  if (conceptMatches(observation.code, OBSERVATIONS.hcgQuantitative)) {
    const quantity = numericValue(observation);
    if (quantity) return quantity.value > HCG_POSITIVE_ABOVE_MIU_PER_ML ? 'positive' : 'negative';
  }
  return qualitativeResult(observation);
}

function pregnancyStatus(observation: ObservationFact): 'pregnant' | 'not-pregnant' | undefined {
  const value = observation.value;
  if (value?.kind !== 'concept') return undefined;
  if (value.concept.codings.some((c) => c.code === PREGNANCY_STATUS_ANSWERS.pregnant)) return 'pregnant';
  if (value.concept.codings.some((c) => c.code === PREGNANCY_STATUS_ANSWERS.notPregnant)) return 'not-pregnant';
  return undefined;
}

// ---- pregnancy ----

interface PregnancyItem {
  sign: 'positive' | 'negative';
  /** Its date (§0 ordering, v3); undefined for an undated condition, older than any dated item. */
  date?: string | undefined;
  /** v3: a positive hCG is overruled only by a newer negative hCG, so the rule needs to know which items are hCG. */
  hcg: boolean;
  evidence: Evidence;
}

function pregnancyItems(ctx: PathwayContext): { items: PregnancyItem[]; listed: Evidence[] } {
  const { record, asOf } = ctx;
  const items: PregnancyItem[] = [];
  const birthDate = record.patient.birthDate;
  for (const match of activeConditionsInCautionList(record, CAUTION_LISTS.pregnancy)) {
    const date = conditionDate(match.condition, birthDate);
    const fit = date ? windowFit(date, asOf, PREGNANCY_WINDOW_DAYS) : 'inside';
    if (fit === 'outside') continue;
    items.push({ sign: 'positive', hcg: false, date: date && fit === 'inside' ? date : undefined, evidence: matchesEvidence(ctx, [match])[0]! });
  }
  for (const o of usableObservationsIn(record, OBSERVATIONS.pregnancyStatus)) {
    const status = pregnancyStatus(o);
    if (status === 'pregnant' && windowFit(o.date, asOf, PREGNANCY_WINDOW_DAYS) === 'inside') items.push({ sign: 'positive', hcg: false, date: o.date, evidence: observationEvidence(o) });
    if (status === 'not-pregnant' && windowFit(o.date, asOf, NEGATIVE_PREGNANCY_WINDOW_DAYS) === 'inside') items.push({ sign: 'negative', hcg: false, date: o.date, evidence: observationEvidence(o) });
  }
  const hcgWindowDays = Math.max(POSITIVE_HCG_WINDOW_DAYS, NEGATIVE_PREGNANCY_WINDOW_DAYS);
  for (const o of usableObservationsIn(record, HCG_TESTS)) {
    // Outside the longer window, neither reading counts: skip reading the result (hCG lists can be long).
    if (windowFit(o.date, asOf, hcgWindowDays) !== 'inside') continue;
    const read = hcgResult(o);
    if (read === 'positive' && windowFit(o.date, asOf, POSITIVE_HCG_WINDOW_DAYS) === 'inside') items.push({ sign: 'positive', hcg: true, date: o.date, evidence: observationEvidence(o) });
    if (read === 'negative' && windowFit(o.date, asOf, NEGATIVE_PREGNANCY_WINDOW_DAYS) === 'inside') items.push({ sign: 'negative', hcg: true, date: o.date, evidence: observationEvidence(o) });
  }
  const ended = conditionsInCautionList(record, CAUTION_LISTS.pregnancyEnded).filter((m) => isNotRefuted(m.condition));
  const listed = matchesEvidence(ctx, ended);
  return { items, listed };
}

function evaluatePregnancy(ctx: PathwayContext): ContraindicationOutcome {
  const { record, answers, asOf } = ctx;
  const caution = 'X-ray and CT caution in pregnancy.';
  // 1. The answer.
  if (answers.pregnant !== undefined) return result(answers.pregnant ? 'present' : 'absent', [answerEvidence(`Pregnant: ${yesNo(answers.pregnant)}`)], caution);
  const { items, listed } = pregnancyItems(ctx);
  // 2. Sex and age come first: hCG is also a tumour marker, and often low-positive after menopause.
  if (!couldBePregnant(record.patient, asOf)) {
    const hcgTests = usableObservationsIn(record, HCG_TESTS);
    // The newest hCG only: what the note is about, and all a search for the newest result brings (issue 12).
    const newestHcg = newestOf(hcgTests);
    const hcg = newestHcg ? [observationEvidence(newestHcg)] : [];
    const male = record.patient.sex?.toLowerCase() === 'male';
    const note = hcgTests.length === 0 ? undefined
      : male ? 'hCG in a male patient is a tumour marker, not a pregnancy test.'
      : ctx.age && ctx.age.age >= MENOPAUSE_AGE ? 'A low positive hCG after menopause is common and is not read as pregnancy.'
      : undefined;
    return result('absent', [evidenceOf({ resourceType: 'Patient', id: record.patient.id, display: 'Cannot be pregnant (sex or age)' }), ...hcg], note);
  }
  // 3. The newest evidence decides, by calendar day; an undated condition is older than any dated item.
  const evidence = [...newestFirst(items.map((i) => i.evidence)), ...listed];
  const endedNote = listed.length > 0 ? 'A delivery, puerperium or pregnancy-outcome code is not a current pregnancy.' : undefined;
  const note = [caution, endedNote].filter(Boolean).join(' ');
  if (items.length === 0) return result('unknown', listed, `${note} No pregnancy test within ${NEGATIVE_PREGNANCY_WINDOW_DAYS} days.`);
  // §0 Latest (v3): the newest by the one ordering rule (instants in UTC); the rule's own "same newest day" adds
  // every item of a newest item's own day, so a positive and a negative of one day stay unknown.
  const dated = items.filter((item) => item.date);
  const newestItems = new Set(extremeGroup(dated, (item) => item.date));
  const newestDays = new Set([...newestItems].map((item) => dayRange(item.date)?.first));
  const newest = dated.length === 0 ? items : dated.filter((item) => newestItems.has(item) || newestDays.has(dayRange(item.date)?.first));
  const signs = new Set(newest.map((item) => item.sign));
  if (signs.size > 1) return result('unknown', evidence, `${note} Positive and negative evidence on the same day.`);
  if (signs.has('positive')) return result('present', evidence, note);
  // v3: a positive hCG within 30 days is overruled only by a newer negative hCG; a newer "not pregnant" status alone
  // leaves it standing, and the physician confirms.
  const positiveHcg = extremeGroup(items.filter((i) => i.hcg && i.sign === 'positive'), (i) => i.date)[0];
  // "Newer" by the one ordering rule (§0 Dates): a negative hCG that cannot be ordered against it does not overrule it.
  if (positiveHcg && !items.some((i) => i.hcg && i.sign === 'negative' && compareDates(i.date, positiveHcg.date) > 0)) {
    return result('unknown', evidence, `${note} Positive hCG on ${dayOf(positiveHcg.date) ?? positiveHcg.date}; a later status says not pregnant: confirm.`);
  }
  return absentUnlessUnread(ctx, ['Observation', 'Condition'], evidence, note);
}

// ---- conditions, with or without an answer ----

function byAnswerOrCondition(answerLabel: string, answer: (ctx: PathwayContext) => boolean | undefined, list: Parameters<typeof activeConditionsInCautionList>[1]) {
  return (ctx: PathwayContext): ContraindicationOutcome => {
    const conditions = matchesEvidence(ctx, activeConditionsInCautionList(ctx.record, list));
    const value = answer(ctx);
    if (value !== undefined) return result(value ? 'present' : 'absent', [answerEvidence(`${answerLabel}: ${yesNo(value)}`), ...conditions]);
    return conditions.length > 0 ? result('present', conditions) : noneDocumented(ctx, ['Condition']);
  };
}

const ACTIVE_CLINICAL = ['active', 'recurrence', 'relapse'];

/** spinal-infection: active, recurrence or relapse; a missing or unreadable status only when dated within 90 days or undated. */
function evaluateSpinalInfection(ctx: PathwayContext): ContraindicationOutcome {
  const { record, answers, asOf } = ctx;
  const birthDate = record.patient.birthDate;
  const infections = conditionsInCautionList(record, CAUTION_LISTS.spinalInfection).filter(({ condition: c }) => {
    if (!isNotRefuted(c)) return false;
    if (c.clinicalStatus) return ACTIVE_CLINICAL.includes(c.clinicalStatus);
    const date = conditionDate(c, birthDate);
    return !date || windowFit(date, asOf, INFECTION_UNDATED_STATUS_WINDOW_DAYS) !== 'outside';
  });
  const evidence = matchesEvidence(ctx, infections);
  if (answers.activeInfection !== undefined) {
    return result(answers.activeInfection ? 'present' : 'absent', [answerEvidence(`Active infection: ${yesNo(answers.activeInfection)}`), ...evidence]);
  }
  return evidence.length > 0 ? result('present', evidence) : noneDocumented(ctx, ['Condition']);
}

/** instability: an unstable spinal injury dated within 84 days is present; undated is unknown; older ones are listed. */
function evaluateInstability(ctx: PathwayContext): ContraindicationOutcome {
  const { record, answers, asOf } = ctx;
  const birthDate = record.patient.birthDate;
  const injuries = activeConditionsInCautionList(record, CAUTION_LISTS.unstableSpinalInjury).map((match) => {
    const date = conditionDate(match.condition, birthDate);
    return { match, fit: date ? windowFit(date, asOf, FRACTURE_WINDOW_DAYS) : ('undated' as const) };
  });
  const stableBurst = activeConditionsIn(record, CONDITIONS.burstFractureStable);
  const burstNote = stableBurst.length > 0 ? 'Stable burst fracture: check the posterior wall and retropulsion on CT.' : undefined;
  const all = matchesEvidence(ctx, injuries.map((i) => i.match));
  if (answers.unstableFracture !== undefined) {
    return result(answers.unstableFracture ? 'present' : 'absent', [answerEvidence(`Unstable fracture or acute cord / cauda equina injury: ${yesNo(answers.unstableFracture)}`), ...all], burstNote);
  }
  const recent = injuries.filter((i) => i.fit === 'inside');
  if (recent.length > 0) return result('present', matchesEvidence(ctx, recent.map((i) => i.match)), burstNote);
  if (injuries.some((i) => i.fit === 'undated')) {
    return result('unknown', all, ['An unstable injury is coded without a usable date: confirm whether it is acute.', burstNote].filter(Boolean).join(' '));
  }
  const outcome = noneDocumented(ctx, ['Condition'], all);
  return burstNote ? { ...outcome, note: [outcome.note, burstNote].filter(Boolean).join(' ') } : outcome;
}

/** under-18: the adult indication only (RAND/UCLA pathway, Hirsch 2018). */
function evaluateUnder18(ctx: PathwayContext): ContraindicationOutcome {
  const { age, record } = ctx;
  if (!age) return result('unknown', [], 'No birth date recorded.');
  const evidence = [evidenceOf({ resourceType: 'Patient', id: record.patient.id, display: `Age ${age.age}${age.approximate ? ' (approximate: youngest possible)' : ''}` }, record.patient.birthDate ? { date: record.patient.birthDate } : {})];
  return result(age.age < ADULT_AGE ? 'present' : 'absent', evidence);
}

// ---- coagulopathy ----

function unitFactor(unit: string): number | undefined {
  const key = unit.trim().replace(/[\u00b5\u03bc]/g, 'u').toLowerCase();
  const found = [...PLATELET_UCUM_UNITS, ...PLATELET_DISPLAY_UNITS].find((u) => u.unit.toLowerCase() === key);
  return found?.factor;
}

/** Platelets in 10^9/L (codes.md Platelets); undefined when the value or its unit is unreadable. */
export function plateletsPerNanoliter(observation: ObservationFact): number | undefined {
  const quantity = numericValue(observation, OBSERVATIONS.platelets);
  if (!quantity?.unit) return undefined;
  const factor = unitFactor(quantity.unit);
  return factor === undefined ? undefined : quantity.value * factor;
}

function evaluateCoagulopathy(ctx: PathwayContext): ContraindicationOutcome {
  const { record, asOf } = ctx;
  const conditions = matchesEvidence(ctx, activeConditionsInCautionList(record, CAUTION_LISTS.coagulopathy));
  // §0 Latest: chosen before its value is read; an unreadable latest is never replaced by an older value. v3: the
  // newest results that cannot be ordered (same instant, or same day with one without a time) are all read.
  const latest = (list: Parameters<typeof usableObservationsIn>[1]) =>
    latestObservations(usableObservationsIn(record, list).filter((o) => windowFit(o.date, asOf, LAB_WINDOW_DAYS) === 'inside'));
  const inrs = latest(OBSERVATIONS.inr);
  const plateletCounts = latest(OBSERVATIONS.platelets);
  const inrOf = (o: ObservationFact) => numericValue(o, OBSERVATIONS.inr)?.value;
  const inrSplit = disagree(inrs, (o) => { const v = inrOf(o); return v === undefined ? 'unreadable' : v > INR_ABOVE; });
  const plateletSplit = disagree(plateletCounts, (o) => { const v = plateletsPerNanoliter(o); return v === undefined ? 'unreadable' : v < PLATELETS_BELOW; });
  const inr = citedOf(inrs);
  const platelets = citedOf(plateletCounts);
  const inrValue = inr && !inrSplit ? inrOf(inr) : undefined;
  const plateletValue = platelets && !plateletSplit ? plateletsPerNanoliter(platelets) : undefined;
  const labs = [
    ...(inrSplit ? newestFirst(inrs) : inr ? [inr] : []).map((o) => observationEvidence(o, OBSERVATIONS.inr)),
    ...(plateletSplit ? newestFirst(plateletCounts) : platelets ? [platelets] : []).map((o) => observationEvidence(o, OBSERVATIONS.platelets)),
  ];
  const unreadable = [inr && !inrSplit && inrValue === undefined ? 'INR' : undefined, platelets && !plateletSplit && plateletValue === undefined ? 'platelet count' : undefined].filter(Boolean);
  const split = [inrSplit ? 'INR' : undefined, plateletSplit ? 'platelet' : undefined].filter(Boolean);
  const note = [
    `Local-practice defaults (SIR 2019): INR above ${INR_ABOVE} or platelets below ${PLATELETS_BELOW} x10^9/L within ${LAB_WINDOW_DAYS} days.`,
    unreadable.length > 0 ? `The latest ${unreadable.join(' and ')} has no readable value.` : undefined,
    split.length > 0 ? `The newest ${split.join(' and ')} ${SAME_DAY_DISAGREE}.` : undefined,
  ].filter(Boolean).join(' ');
  const highInr = inrValue !== undefined && inrValue > INR_ABOVE;
  const lowPlatelets = plateletValue !== undefined && plateletValue < PLATELETS_BELOW;
  if (conditions.length > 0 || highInr || lowPlatelets) return result('present', [...conditions, ...labs], note);
  if (inrValue !== undefined && plateletValue !== undefined) return absentUnlessUnread(ctx, ['Condition', 'Observation'], labs, note);
  return result('unknown', labs, note);
}

// ---- relative, record-only ----

export const ASPIRIN_NOTE =
  'Aspirin: vertebral augmentation is a high bleeding-risk procedure (ASRA/ESRA 2018 interventional spine and pain guideline): decide whether to hold it.';

/** anticoagulant-use (v3): aspirin at any dose and the other antiplatelets count; aspirin adds the note on holding it. */
function evaluateAnticoagulantUse(ctx: PathwayContext): ContraindicationOutcome {
  const found = anticoagulantMedications(ctx.record);
  const medications = found.map((m) => evidenceOf(m));
  const conditions = matchesEvidence(ctx, activeConditionsInCautionList(ctx.record, CAUTION_LISTS.longTermAnticoagulant));
  const evidence = [...medications, ...conditions];
  const aspirin = found.some((m) => isAspirin(m.medication)) ? ASPIRIN_NOTE : undefined;
  return evidence.length > 0
    ? result('present', evidence, [aspirin, 'Plan when to hold it before the procedure.'].filter(Boolean).join(' '))
    : noneDocumented(ctx, ['MedicationRequest', 'MedicationStatement', 'Condition']);
}

function evaluateCementAllergy(ctx: PathwayContext): ContraindicationOutcome {
  const allergies = cementAllergies(ctx.record).map((a) => evidenceOf(a));
  const answer = ctx.answers.cementAllergy;
  if (answer !== undefined) return result(answer ? 'present' : 'absent', [answerEvidence(`Cement or contrast allergy: ${yesNo(answer)}`), ...allergies]);
  return allergies.length > 0 ? result('present', allergies) : noneDocumented(ctx, ['AllergyIntolerance']);
}

const LEVEL = /^([CTLS])(\d{1,2})$/;

/** too-many-levels: the answer, else the record levels of active vertebral fractures dated within 84 days. */
function evaluateTooManyLevels(ctx: PathwayContext): ContraindicationOutcome {
  const levels = ctx.answers.levels;
  if (!levels || levels.length === 0) {
    const birthDate = ctx.record.patient.birthDate;
    const recent = activeConditionsIn(ctx.record, CONDITIONS.vertebralFracture).filter((c) => windowFit(conditionDate(c, birthDate), ctx.asOf, FRACTURE_WINDOW_DAYS) === 'inside');
    const fromRecord = recordLevels(recent);
    const evidence = fromRecord.length > 0 ? [evidenceOf({ resourceType: 'Condition', display: `Fracture levels in the record (last 12 weeks): ${fromRecord.join(', ')}` })] : [];
    if (fromRecord.length > MAX_LEVELS) return result('present', evidence);
    // The record cannot show that no other level is fractured.
    return result('unknown', evidence, 'Enter the levels to treat.');
  }
  const evidence = [answerEvidence(`Levels: ${levels.join(', ')}`)];
  const notes: string[] = [];
  const outside = levels.filter((l) => !/^(T([1-9]|1[0-2])|L[1-5])$/.test(l));
  const upperThoracic = levels.filter((l) => { const m = LEVEL.exec(l); return m?.[1] === 'T' && Number(m[2]) <= 4; });
  if (outside.length > 0) notes.push(`Caution: ${outside.join(', ')} outside T1-L5.`);
  if (upperThoracic.length > 0) notes.push(`${upperThoracic.join(', ')}: may need review.`);
  return result(levels.length > MAX_LEVELS ? 'present' : 'absent', evidence, notes.length ? notes.join(' ') : undefined);
}

function mentionsAlternativePainSource(condition: ConditionFact): boolean {
  return conceptTexts(condition.code).some(
    (text) =>
      textHasAnyTerm(text, ALTERNATIVE_PAIN_TEXT.alone) ||
      (textHasAnyTerm(text, ALTERNATIVE_PAIN_TEXT.arthritis) && textHasAnyTerm(text, ALTERNATIVE_PAIN_TEXT.spine)),
  );
}

function evaluateAlternativePainSource(ctx: PathwayContext): ContraindicationOutcome {
  const conditions = ctx.record.conditions.filter(
    (c) => isActiveCondition(c) && (conceptMatches(c.code, CONDITIONS.alternativePainSource) || mentionsAlternativePainSource(c)),
  );
  if (conditions.length === 0) return noneDocumented(ctx, ['Condition']);
  return result('present', conditionsEvidence(ctx, conditions), 'Document that the pain comes from the fracture, not arthritis.');
}

function evaluatePriorAugmentation(ctx: PathwayContext): ContraindicationOutcome {
  const procedures = priorAugmentations(ctx.record).map((p) => {
    const site = p.bodySites.flatMap(conceptTexts)[0];
    return evidenceOf(site ? { ...p, display: `${p.display} (${site})` } : p);
  });
  return procedures.length > 0 ? result('present', procedures, 'Check for an adjacent-level fracture.') : noneDocumented(ctx, ['Procedure']);
}

export const CONTRAINDICATIONS: readonly ContraindicationRule[] = [
  { id: 'pregnancy', label: 'Pregnancy', kind: 'absolute', evaluate: evaluatePregnancy },
  { id: 'spinal-infection', label: 'Active spinal or systemic infection', kind: 'absolute', evaluate: evaluateSpinalInfection },
  { id: 'instability', label: 'Unstable fracture or acute spinal cord / cauda equina injury: surgical evaluation first', kind: 'absolute', evaluate: evaluateInstability },
  { id: 'under-18', label: 'Under 18: outside the adult indication; refer to paediatric spine', kind: 'absolute', evaluate: evaluateUnder18 },
  { id: 'coagulopathy', label: 'Uncorrected coagulopathy (INR, platelets)', kind: 'relative', evaluate: evaluateCoagulopathy },
  { id: 'anticoagulant-use', label: 'Anticoagulant or antiplatelet use', kind: 'relative', evaluate: evaluateAnticoagulantUse },
  { id: 'cement-allergy', label: 'Allergy to bone cement or contrast', kind: 'relative', evaluate: evaluateCementAllergy },
  {
    id: 'neurologic-compromise', label: 'Neurologic compromise (myelopathy, cord compression, cauda equina, retropulsion, instability)', kind: 'relative',
    evaluate: byAnswerOrCondition('Neurologic deficit', (ctx) => ctx.answers.neurologicDeficit, CAUTION_LISTS.neurologicCompromise),
  },
  { id: 'too-many-levels', label: 'More than 3 levels to treat', kind: 'relative', evaluate: evaluateTooManyLevels },
  { id: 'alternative-pain-source', label: 'Another likely pain source (spondylosis, osteoarthritis, disc degeneration)', kind: 'relative', evaluate: evaluateAlternativePainSource },
  { id: 'prior-augmentation', label: 'Prior vertebral augmentation: check adjacent-level fracture', kind: 'relative', evaluate: evaluatePriorAugmentation },
];
