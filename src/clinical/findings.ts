// What the record shows about the patient now, read once and shared by the rules and the form's prefill:
// the current pain score, a hospital stay, conservative care, and the evidence of osteoporosis.
import { CONDITIONS, OBSERVATIONS, conceptMatches } from './codes';
import { dayOf, isWithinDays, windowFit } from './dates';
import { activeConditionsIn, analgesicMedications, careStartDate, nonDrugConservativeCare, numericValue, usableObservationsIn } from './facts';
import type { RuleContext } from './context';
import type { ObservationFact } from './record';
import { answered, citedOf, evidenceOf, isNotRefuted, latestObservation, latestObservations, observationEvidence } from './reading';
import type { Evidence } from './types';

/** 12 weeks (current LCDs), for fracture age, conservative care and imaging. */
export const FRACTURE_WINDOW_DAYS = 84;
export const PAIN_SCORE_WINDOW_DAYS = 14;

/** Usable pain-score observations (own code or a panel component), readable or not: §0 picks the latest first. */
export function painScores(ctx: RuleContext): ObservationFact[] {
  return usableObservationsIn(ctx.record, OBSERVATIONS.painScore);
}

/** §0: a pain score outside 0-10, or a VAS in millimetres, is unreadable. */
export function painValue(observation: ObservationFact): number | undefined {
  const quantity = numericValue(observation, OBSERVATIONS.painScore);
  if (!quantity || quantity.value < 0 || quantity.value > 10 || quantity.unit?.toLowerCase() === 'mm') return undefined;
  return quantity.value;
}

export interface CurrentPain {
  /** The score the rules use; absent when the latest score is older than the window, unreadable, or missing. */
  score?: number;
  evidence?: Evidence;
  /** The latest recorded pain score, within the window or not, and its value when readable. */
  latest?: { score?: number; observation: ObservationFact; withinWindow: boolean };
  /**
   * §0 Latest (v3): the newest scores that cannot be ordered (the same instant, or the same day with one of them
   * without a time), the cited one included, when there are several: each is read (undefined: unreadable).
   */
  sameDay?: Array<{ score?: number; observation: ObservationFact }>;
}

/** The pain score the rules use: the answer, else the value of the latest pain score within 14 days (§0 Latest). */
export function currentPain(ctx: RuleContext): CurrentPain {
  if (ctx.answers.painScore !== undefined) {
    return { score: ctx.answers.painScore, evidence: answered('Pain score now (0-10)', ctx.answers.painScore) };
  }
  const scores = painScores(ctx);
  const group = latestObservations(scores.filter((o) => isWithinDays(o.date, ctx.asOf, PAIN_SCORE_WINDOW_DAYS)));
  const inWindow = citedOf(group);
  const observation = inWindow ?? latestObservation(scores);
  if (!observation) return {};
  const score = painValue(observation);
  const latest = { ...(score !== undefined ? { score } : {}), observation, withinWindow: !!inWindow };
  const evidence = observationEvidence(observation, OBSERVATIONS.painScore);
  const sameDay = group.length > 1 ? { sameDay: group.map((o) => ({ ...withScore(painValue(o)), observation: o })) } : {};
  return inWindow && score !== undefined ? { score, evidence, latest, ...sameDay } : { evidence, latest, ...sameDay };
}

const withScore = (score: number | undefined) => (score !== undefined ? { score } : {});

const INPATIENT_CLASSES = ['IMP', 'ACUTE'];

/**
 * §0 Inpatient stay: an in-progress Encounter of class IMP or ACUTE (an emergency visit is not a hospital stay)
 * with no period.end before asOf. The Encounter of the launch context, when read, decides first (issue 8).
 */
export function hospitalization(ctx: RuleContext): { hospitalized: boolean; evidence: Evidence[]; unknown: boolean } {
  if (ctx.answers.hospitalized !== undefined) {
    return { hospitalized: ctx.answers.hospitalized, evidence: [answered('Hospitalized', ctx.answers.hospitalized)], unknown: false };
  }
  const contextId = ctx.record.contextEncounterId;
  const inContext = contextId ? ctx.record.encounters.find((e) => e.id === contextId) : undefined;
  if (inContext?.classCode) {
    const hospitalized = INPATIENT_CLASSES.includes(inContext.classCode) && !endedBefore(inContext.endDate, ctx.asOf);
    return { hospitalized, evidence: [evidenceOf({ ...inContext, display: `${inContext.display} (this encounter, class ${inContext.classCode})` })], unknown: false };
  }
  // A stay whose period ended is over, whatever its status says: a stale status must not lower the bar.
  const stays = ctx.record.encounters.filter(
    (e) => e.status === 'in-progress' && !!e.classCode && INPATIENT_CLASSES.includes(e.classCode) && !endedBefore(e.endDate, ctx.asOf),
  );
  return {
    hospitalized: stays.length > 0,
    evidence: stays.map((e) => evidenceOf(e)),
    unknown: stays.length === 0 && ctx.record.incompleteTypes.includes('Encounter'),
  };
}

function endedBefore(endDate: string | undefined, asOf: string): boolean {
  const end = dayOf(endDate);
  return !!end && end < asOf;
}

/** conservative-care: tried means time to fail, so care counts when it started 7 to 84 days before asOf. */
export const CARE_MIN_DAYS = 7;

export interface CareEvidence {
  /** Started 7 to 84 days ago: care tried (v3: tried, not yet failed). */
  tried: Evidence[];
  /** When each tried item started, as recorded (same order as `tried`, newest first). */
  triedStarts: string[];
  /** Started less than 7 days ago (or a partial date across the 7-day edge). */
  tooRecent: Evidence[];
  /** Older than 84 days, undated, or a Device (no start date). */
  other: Evidence[];
}

export function conservativeCareEvidence(ctx: RuleContext): CareEvidence {
  const items = [
    ...analgesicMedications(ctx.record).map((m) => ({ start: m.date, evidence: evidenceOf(m) })),
    ...nonDrugConservativeCare(ctx.record).map(({ kind, fact }) => ({
      start: careStartDate(fact),
      evidence: evidenceOf({ ...fact, display: `${kind}: ${fact.display}` }, careStartDate(fact) ? { date: careStartDate(fact)! } : {}),
    })),
  ].sort((a, b) => (b.start ?? '').localeCompare(a.start ?? ''));
  const out: CareEvidence = { tried: [], triedStarts: [], tooRecent: [], other: [] };
  for (const item of items) {
    if (windowFit(item.start, ctx.asOf, FRACTURE_WINDOW_DAYS, CARE_MIN_DAYS) === 'inside') {
      out.tried.push(item.evidence);
      out.triedStarts.push(item.start!);
    }
    else if (windowFit(item.start, ctx.asOf, CARE_MIN_DAYS - 1) === 'inside') out.tooRecent.push(item.evidence);
    else out.other.push(item.evidence);
  }
  return out;
}

export const DXA_OSTEOPOROSIS_T_SCORE = -2.5;

/** Per T-score list (the index's, fixed once built): read several times in each evaluation, and on every form change. */
const osteoporoticByList = new WeakMap<readonly ObservationFact[], ObservationFact[]>();

export function osteoporoticTScores(ctx: RuleContext): ObservationFact[] {
  const tScores = usableObservationsIn(ctx.record, OBSERVATIONS.dxaTScore);
  let osteoporotic = osteoporoticByList.get(tScores);
  if (!osteoporotic) {
    osteoporotic = tScores.filter((o) => {
      const value = numericValue(o, OBSERVATIONS.dxaTScore)?.value;
      return value !== undefined && value <= DXA_OSTEOPOROSIS_T_SCORE;
    });
    osteoporoticByList.set(tScores, osteoporotic);
  }
  return [...osteoporotic];
}

/** Osteoporosis codes and osteoporotic-fracture codes that are not refuted or entered in error (any clinical status for fractures). */
export function osteoporosisConditions(ctx: RuleContext) {
  const { record } = ctx;
  const active = activeConditionsIn(record, CONDITIONS.osteoporosis);
  const fractures = record.conditions.filter(
    (c) =>
      conceptMatches(c.code, CONDITIONS.osteoporoticFracture) &&
      !active.includes(c) &&
      isNotRefuted(c),
  );
  return [...active, ...fractures];
}
