// clinical-rules.md §3 Contraindications: one table entry per rule id, in the spec's order.
import { CONDITIONS, HCG_POSITIVE_ABOVE_MIU_PER_ML, HCG_TESTS, OBSERVATIONS, PLATELET_UNITS, PREGNANCY_STATUS_ANSWERS, QUALITATIVE, conceptMatches, conceptTexts, textHasAnyTerm, ALTERNATIVE_PAIN_TEXT } from './codes';
import { isWithinDays } from './dates';
import { activeConditionsIn, anticoagulantMedications, cementAllergies, newestFirst, numericValue, usableObservationsIn } from './facts';
import type { PathwayContext } from './context';
import type { ConditionFact, ObservationFact } from './record';
import { answerEvidence, conditionEvidence, couldBePregnant, evidenceOf, latestObservation, observationEvidence, isActiveCondition } from './reading';
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

const PREGNANCY_STATUS_WINDOW_DAYS = 280;
const POSITIVE_HCG_WINDOW_DAYS = 30;
const NEGATIVE_PREGNANCY_WINDOW_DAYS = 7;
/** Local-practice defaults after SIR 2019 (high bleeding-risk procedures). */
export const LAB_WINDOW_DAYS = 30;
export const INR_ABOVE = 1.5;
export const PLATELETS_BELOW = 50;
const MAX_LEVELS = 3;

const NONE_DOCUMENTED: Evidence = { resourceType: 'Record', display: 'none documented' };

/**
 * "Absent otherwise (none documented)", unless a resource type the rule reads could not be read:
 * then nothing documented proves nothing, and the rule is unknown.
 */
function noneDocumented(ctx: PathwayContext, readsFrom: readonly string[]): ContraindicationOutcome {
  const unread = readsFrom.filter((type) => ctx.record.incompleteTypes.includes(type));
  if (unread.length === 0) return result('absent', [NONE_DOCUMENTED]);
  return result('unknown', [], `Not found, but ${unread.join(' and ')} could not be read completely.`);
}
const yesNo = (v: boolean) => (v ? 'yes' : 'no');
const result = (status: ContraindicationStatus, evidence: Evidence[], note?: string): ContraindicationOutcome =>
  note ? { status, evidence, note } : { status, evidence };
const conditionsEvidence = (ctx: PathwayContext, conditions: ConditionFact[]) =>
  conditions.map((c) => conditionEvidence(c, ctx.record.patient.birthDate));

// ---- qualitative results (codes.md: positive and negative) ----

type Qualitative = 'positive' | 'negative' | undefined;

function qualitativeResult(observation: ObservationFact): Qualitative {
  const value = observation.value;
  if (value?.kind === 'concept') {
    if (value.concept.codings.some((c) => c.code === QUALITATIVE.positiveSnomed)) return 'positive';
    if (value.concept.codings.some((c) => c.code === QUALITATIVE.negativeSnomed)) return 'negative';
  }
  const text = value?.kind === 'concept' ? conceptTexts(value.concept).join(' ') : value?.kind === 'string' ? value.value : '';
  // "not detected" contains "detected": test the negative words first.
  if (textHasAnyTerm(text, QUALITATIVE.negativeText)) return 'negative';
  if (textHasAnyTerm(text, QUALITATIVE.positiveText)) return 'positive';
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

function evaluatePregnancy(ctx: PathwayContext): ContraindicationOutcome {
  const { record, answers, asOf } = ctx;
  const note = 'X-ray and CT caution in pregnancy.';
  if (answers.pregnant !== undefined) return result(answers.pregnant ? 'present' : 'absent', [answerEvidence(`Pregnant: ${yesNo(answers.pregnant)}`)], note);
  const conditions = activeConditionsIn(record, CONDITIONS.pregnancy);
  const statuses = usableObservationsIn(record, OBSERVATIONS.pregnancyStatus);
  const hcg = usableObservationsIn(record, HCG_TESTS);
  const present = [
    ...conditionsEvidence(ctx, conditions),
    ...newestFirst([
      ...statuses.filter((o) => isWithinDays(o.date, asOf, PREGNANCY_STATUS_WINDOW_DAYS) && pregnancyStatus(o) === 'pregnant'),
      ...hcg.filter((o) => isWithinDays(o.date, asOf, POSITIVE_HCG_WINDOW_DAYS) && hcgResult(o) === 'positive'),
    ]).map(observationEvidence),
  ];
  // Evidence of pregnancy wins over evidence against it: the safe reading for an absolute contraindication.
  if (present.length > 0) return result('present', present, note);
  if (!couldBePregnant(record.patient, asOf)) {
    return result('absent', [evidenceOf({ resourceType: 'Patient', id: record.patient.id, display: 'Cannot be pregnant (sex or age)' })]);
  }
  const recent = (o: ObservationFact) => isWithinDays(o.date, asOf, NEGATIVE_PREGNANCY_WINDOW_DAYS);
  const negative = [
    ...statuses.filter((o) => recent(o) && pregnancyStatus(o) === 'not-pregnant'),
    ...hcg.filter((o) => recent(o) && hcgResult(o) === 'negative'),
  ];
  if (negative.length > 0) return result('absent', newestFirst(negative).map(observationEvidence));
  return result('unknown', [], `${note} No pregnancy test within ${NEGATIVE_PREGNANCY_WINDOW_DAYS} days.`);
}

// ---- answers-or-conditions contraindications ----

function byAnswerOrCondition(answerLabel: string, answer: (ctx: PathwayContext) => boolean | undefined, list: Parameters<typeof activeConditionsIn>[1]) {
  return (ctx: PathwayContext): ContraindicationOutcome => {
    const conditions = conditionsEvidence(ctx, activeConditionsIn(ctx.record, list));
    const value = answer(ctx);
    if (value !== undefined) return result(value ? 'present' : 'absent', [answerEvidence(`${answerLabel}: ${yesNo(value)}`), ...conditions]);
    return conditions.length > 0 ? result('present', conditions) : noneDocumented(ctx, ['Condition']);
  };
}

// ---- coagulopathy ----

/** Platelets in 10^9/L: 10*3/uL, 10*9/L and /nL are equal; /uL and /mm3 divide by 1000 (codes.md). */
export function plateletsPerNanoliter(observation: ObservationFact): number | undefined {
  const quantity = numericValue(observation, OBSERVATIONS.platelets);
  if (!quantity) return undefined;
  const unit = quantity.unit?.trim();
  if (!unit || (PLATELET_UNITS.perNanoliter as readonly string[]).includes(unit)) return unit ? quantity.value : undefined;
  if ((PLATELET_UNITS.perMicroliter as readonly string[]).includes(unit)) return quantity.value / 1000;
  return undefined;
}

function evaluateCoagulopathy(ctx: PathwayContext): ContraindicationOutcome {
  const { record, asOf } = ctx;
  const conditions = conditionsEvidence(ctx, activeConditionsIn(record, CONDITIONS.coagulopathy));
  const recent = (list: Parameters<typeof usableObservationsIn>[1]) =>
    latestObservation(usableObservationsIn(record, list).filter((o) => isWithinDays(o.date, asOf, LAB_WINDOW_DAYS)));
  const inr = recent(OBSERVATIONS.inr);
  const platelets = recent(OBSERVATIONS.platelets);
  const inrValue = inr ? numericValue(inr, OBSERVATIONS.inr)?.value : undefined;
  const plateletValue = platelets ? plateletsPerNanoliter(platelets) : undefined;
  const labs = [inr, platelets].filter((o): o is ObservationFact => !!o).map(observationEvidence);
  const note = `Local-practice defaults (SIR 2019): INR above ${INR_ABOVE} or platelets below ${PLATELETS_BELOW} x10^9/L within ${LAB_WINDOW_DAYS} days.`;
  const highInr = inrValue !== undefined && inrValue > INR_ABOVE;
  const lowPlatelets = plateletValue !== undefined && plateletValue < PLATELETS_BELOW;
  if (conditions.length > 0 || highInr || lowPlatelets) return result('present', [...conditions, ...labs], note);
  if (inrValue !== undefined && plateletValue !== undefined) {
    // "and no such condition": unproven when the Conditions could not be read.
    if (ctx.record.incompleteTypes.includes('Condition')) return result('unknown', labs, `${note} Conditions could not be read completely.`);
    return result('absent', labs, note);
  }
  return result('unknown', labs, note);
}

// ---- relative, record-only ----

function evaluateAnticoagulantUse(ctx: PathwayContext): ContraindicationOutcome {
  const medications = anticoagulantMedications(ctx.record).map((m) => evidenceOf(m));
  const conditions = conditionsEvidence(ctx, activeConditionsIn(ctx.record, CONDITIONS.longTermAnticoagulant));
  const evidence = [...medications, ...conditions];
  return evidence.length > 0
    ? result('present', evidence, 'Plan when to hold it before the procedure.')
    : noneDocumented(ctx, ['MedicationRequest', 'MedicationStatement', 'Condition']);
}

function evaluateCementAllergy(ctx: PathwayContext): ContraindicationOutcome {
  const allergies = cementAllergies(ctx.record).map((a) => evidenceOf(a));
  const answer = ctx.answers.cementAllergy;
  if (answer !== undefined) return result(answer ? 'present' : 'absent', [answerEvidence(`Cement or contrast allergy: ${yesNo(answer)}`), ...allergies]);
  return allergies.length > 0 ? result('present', allergies) : noneDocumented(ctx, ['AllergyIntolerance']);
}

const LEVEL = /^([CTLS])(\d{1,2})$/;

function evaluateTooManyLevels(ctx: PathwayContext): ContraindicationOutcome {
  const levels = ctx.answers.levels;
  if (!levels || levels.length === 0) return result('unknown', [], 'Enter the levels to treat.');
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

export const CONTRAINDICATIONS: readonly ContraindicationRule[] = [
  { id: 'pregnancy', label: 'Pregnancy', kind: 'absolute', evaluate: evaluatePregnancy },
  {
    id: 'spinal-infection', label: 'Active spinal or systemic infection', kind: 'absolute',
    evaluate: byAnswerOrCondition('Active infection', (ctx) => ctx.answers.activeInfection, CONDITIONS.spinalInfection),
  },
  { id: 'coagulopathy', label: 'Uncorrected coagulopathy (INR, platelets)', kind: 'relative', evaluate: evaluateCoagulopathy },
  { id: 'anticoagulant-use', label: 'Anticoagulant or antiplatelet use', kind: 'relative', evaluate: evaluateAnticoagulantUse },
  { id: 'cement-allergy', label: 'Allergy to bone cement or contrast', kind: 'relative', evaluate: evaluateCementAllergy },
  {
    id: 'neurologic-compromise', label: 'Neurologic compromise (myelopathy, cord compression, cauda equina, retropulsion, instability)', kind: 'relative',
    evaluate: byAnswerOrCondition('Neurologic deficit', (ctx) => ctx.answers.neurologicDeficit, CONDITIONS.neurologicCompromise),
  },
  { id: 'too-many-levels', label: 'More than 3 levels to treat', kind: 'relative', evaluate: evaluateTooManyLevels },
  { id: 'alternative-pain-source', label: 'Another likely pain source (spondylosis, osteoarthritis, disc degeneration)', kind: 'relative', evaluate: evaluateAlternativePainSource },
];
