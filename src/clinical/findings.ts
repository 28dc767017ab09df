// What the record shows about the patient now, read once and shared by the rules and the form's prefill:
// the current pain score, a hospital stay, conservative care, and the evidence of osteoporosis.
import { CONDITIONS, OBSERVATIONS, conceptMatches } from './codes';
import { dayOf, isWithinDays } from './dates';
import { activeConditionsIn, analgesicMedications, nonDrugConservativeCare, numericValue, usableObservationsIn, withinDays } from './facts';
import type { RuleContext } from './context';
import type { ObservationFact } from './record';
import { answered, evidenceOf, isNotRefuted, latestObservation, observationEvidence } from './reading';
import type { Evidence } from './types';

/** 12 weeks (current LCDs), for fracture age, conservative care and imaging. */
export const FRACTURE_WINDOW_DAYS = 84;
export const PAIN_SCORE_WINDOW_DAYS = 14;

/** Pain scores on a 0-10 scale: a VAS recorded in millimetres is not an NRS. */
export function painScores(ctx: RuleContext): ObservationFact[] {
  return usableObservationsIn(ctx.record, OBSERVATIONS.painScore).filter((o) => {
    const quantity = numericValue(o);
    return quantity !== undefined && quantity.value >= 0 && quantity.value <= 10 && quantity.unit !== 'mm';
  });
}

export interface CurrentPain {
  /** The score the rules use; absent when only an older score (or none) is recorded. */
  score?: number;
  evidence?: Evidence;
  /** The latest recorded score, within the window or not. */
  latest?: { score: number; observation: ObservationFact };
}

/** The pain score the rules use: the answer, else the latest pain score within 14 days. */
export function currentPain(ctx: RuleContext): CurrentPain {
  if (ctx.answers.painScore !== undefined) {
    return { score: ctx.answers.painScore, evidence: answered('Pain score now (0-10)', ctx.answers.painScore) };
  }
  const observation = latestObservation(painScores(ctx));
  if (!observation) return {};
  const latest = { score: numericValue(observation)!.value, observation };
  const evidence = observationEvidence(observation);
  if (!isWithinDays(observation.date, ctx.asOf, PAIN_SCORE_WINDOW_DAYS)) return { evidence, latest };
  return { score: latest.score, evidence, latest };
}

/** Inpatient: an in-progress Encounter of class IMP or ACUTE (an emergency visit is not a hospital stay). */
export function hospitalization(ctx: RuleContext): { hospitalized: boolean; evidence: Evidence[]; unknown: boolean } {
  if (ctx.answers.hospitalized !== undefined) {
    return { hospitalized: ctx.answers.hospitalized, evidence: [answered('Hospitalized', ctx.answers.hospitalized)], unknown: false };
  }
  // A stay whose period ended is over, whatever its status says: a stale status must not lower the bar.
  const stays = ctx.record.encounters.filter(
    (e) => e.status === 'in-progress' && (e.classCode === 'IMP' || e.classCode === 'ACUTE') && !(dayOf(e.endDate) && dayOf(e.endDate)! <= ctx.asOf),
  );
  return {
    hospitalized: stays.length > 0,
    evidence: stays.map((e) => evidenceOf(e)),
    unknown: stays.length === 0 && ctx.record.incompleteTypes.includes('Encounter'),
  };
}

export function conservativeCareEvidence(ctx: RuleContext): { recent: Evidence[]; older: Evidence[] } {
  const items = [
    ...analgesicMedications(ctx.record).map((m) => ({ date: m.date, evidence: evidenceOf(m) })),
    ...nonDrugConservativeCare(ctx.record).map(({ kind, fact }) => ({
      date: fact.date,
      evidence: evidenceOf({ ...fact, display: `${kind}: ${fact.display}` }),
    })),
  ].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  const recent = withinDays(items, ctx.asOf, FRACTURE_WINDOW_DAYS);
  return { recent: recent.map((i) => i.evidence), older: items.filter((i) => !recent.includes(i)).map((i) => i.evidence) };
}

export const DXA_OSTEOPOROSIS_T_SCORE = -2.5;

export function osteoporoticTScores(ctx: RuleContext): ObservationFact[] {
  return usableObservationsIn(ctx.record, OBSERVATIONS.dxaTScore).filter((o) => {
    const value = numericValue(o, OBSERVATIONS.dxaTScore)?.value;
    return value !== undefined && value <= DXA_OSTEOPOROSIS_T_SCORE;
  });
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
