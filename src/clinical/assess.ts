// The one entry point: record + answers + asOf in, Assessment out. Pure and deterministic.
import { CAUTION_LISTS, CONDITIONS } from './codes';
import { CONTRAINDICATIONS } from './contraindications';
import { CRITERIA, evaluateVcf } from './criteria';
import { hospitalization, osteoporosisConditions, osteoporoticTScores } from './findings';
import type { PathwayContext, RuleContext } from './context';
import { activeConditionsIn, activeConditionsInCautionList } from './facts';
import type { PatientRecord } from './record';
import { isDeceased, patientAge, recordAsOf } from './reading';
import type { Answers, Assessment, Etiology, Pathway } from './types';
import { decideVerdict } from './verdict';
import { ENGINE_VERSION, SPEC_VERSION } from './version';
import { WORKUP, evaluateWorkup } from './workup';
import { recordLevels, reportLevels } from './levels';
import { limitAbsence } from './read-limits';
import { PANEL_PAIN_GAP, readLimitsOf } from './completeness';
import { redFlags } from './red-flags';

/**
 * §1: an active malignancy (remission counts) with a documented vertebral fracture, or an active neoplastic
 * fracture code (M84.58*), which states neoplastic disease by itself.
 * The pathway moves a patient toward `candidate` (the malignant pathway requires fewer criteria), so it takes the
 * strict match of §0 v3 (a known system, the code as listed); a malignancy matched only generously (by its text, a
 * system-less code, an odd system spelling) is an etiology and a red flag, never the malignant pathway.
 * `looselyOnly`: an active malignancy found only by the generous match, with a documented vertebral fracture.
 */
function malignantFracture(ctx: RuleContext): { pathway: boolean; looselyOnly: boolean } {
  if (activeConditionsIn(ctx.record, CONDITIONS.neoplasticFracture).length > 0) return { pathway: true, looselyOnly: false };
  const generous = activeConditionsInCautionList(ctx.record, CAUTION_LISTS.malignancy, { remissionCounts: true });
  if (generous.length === 0 || evaluateVcf(ctx).status !== 'met') return { pathway: false, looselyOnly: false };
  const strict = activeConditionsIn(ctx.record, CONDITIONS.malignancy, { remissionCounts: true }).length > 0;
  return { pathway: strict, looselyOnly: !strict };
}

/** §1 Pathway: the clinician's etiology answer, else malignant when the record shows a malignant fracture. */
function pathwayOf(ctx: RuleContext, recordMalignant: boolean): Pathway {
  if (ctx.answers.etiology !== undefined) return ctx.answers.etiology === 'malignant' ? 'malignant' : 'osteoporotic';
  return recordMalignant ? 'malignant' : 'osteoporotic';
}

/** §1 etiology: every cause the record supports (a malignancy known by its text too, §0 v3), plus the clinician's answer. */
function etiologyOf(ctx: RuleContext, recordMalignant: boolean): Etiology[] {
  const causes = new Set<Etiology>();
  if (osteoporosisConditions(ctx).length > 0 || osteoporoticTScores(ctx).length > 0) causes.add('osteoporotic');
  if (activeConditionsIn(ctx.record, CONDITIONS.traumaticFracture).length > 0) causes.add('traumatic');
  if (recordMalignant) causes.add('malignant');
  if (ctx.answers.etiology) causes.add(ctx.answers.etiology);
  return (['osteoporotic', 'traumatic', 'malignant'] as const).filter((c) => causes.has(c));
}

export function assess(fullRecord: PatientRecord, answers: Answers, asOf: string): Assessment {
  const record = recordAsOf(fullRecord, asOf);
  const age = patientAge(record.patient, asOf);
  const base: RuleContext = { record, answers, asOf, ...(age ? { age } : {}) };
  const malignant = malignantFracture(base);
  const pathway = pathwayOf(base, malignant.pathway);
  const stay = hospitalization(base);
  const ctx: PathwayContext = { ...base, pathway, hospitalized: stay.hospitalized, settingUnknown: stay.unknown };

  const criteria = CRITERIA.map((rule) => ({ id: rule.id, label: rule.label, required: rule.requiredOn(ctx), ...rule.evaluate(ctx) }));
  const contraindications = CONTRAINDICATIONS.map((rule) => ({ id: rule.id, label: rule.label, kind: rule.kind, ...limitAbsence(rule.id, rule.evaluate(ctx), ctx) }));
  const workup = WORKUP.map((rule) => ({ id: rule.id, label: rule.label, window: `${rule.windowDays} days`, ...evaluateWorkup(rule, ctx) }));
  const levels = recordLevels(activeConditionsIn(record, CONDITIONS.vertebralFracture));
  const flags = redFlags(ctx, { recordLevels: levels, osteoporosis: criteria.find((c) => c.id === 'osteoporosis') });
  const deceased = isDeceased(record.patient, asOf);
  const { verdict, reasons } = decideVerdict({ deceased, criteria, contraindications });
  const { patient } = record;
  // §0 (1): the gap the spec names when pain scores inside panels could not be searched.
  const gaps = readLimitsOf(ctx, ['panel-components']).length > 0 && !record.dataGaps.includes(PANEL_PAIN_GAP) ? [PANEL_PAIN_GAP] : [];

  return {
    asOf,
    patient: {
      id: patient.id,
      ...(patient.name ? { name: patient.name } : {}),
      ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
      ...(age ? { age: age.age, ageApproximate: age.approximate } : {}),
      ...(patient.sex ? { sex: patient.sex } : {}),
      deceased,
    },
    pathway,
    hospitalized: stay.hospitalized,
    etiology: etiologyOf(ctx, malignant.pathway || malignant.looselyOnly),
    verdict,
    reasons,
    criteria,
    contraindications,
    workup,
    workupComplete: workup.every((item) => !item.required || item.status === 'done'),
    redFlags: flags,
    recordLevels: levels,
    reportLevels: reportLevels(record.studies, asOf),
    engineVersion: ENGINE_VERSION,
    specVersion: SPEC_VERSION,
    dataGaps: [...record.dataGaps, ...gaps],
  };
}

