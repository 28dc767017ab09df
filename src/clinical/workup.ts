// clinical-rules.md §5 Workup: one table entry per item id, in the spec's order.
import { HCG_TESTS, LAB_PANEL_REPORTS, OBSERVATIONS, type CodeList, type ImagingKind } from './codes';
import { isWithinDays } from './dates';
import { dxaReferrals, dxaStudies, imagingOfKind, labEvidence, newestOf, usableObservationsIn } from './facts';
import type { PathwayContext } from './context';
import type { Source } from './record';
import { painScores } from './findings';
import { answerEvidence, couldBePregnant, evidenceOf, formatValue } from './reading';
import type { Evidence, WorkupStatus } from './types';

export interface WorkupOutcome {
  status: WorkupStatus;
  evidence: Evidence[];
}

export interface WorkupRule {
  id: string;
  label: string;
  windowDays: number;
  required(ctx: PathwayContext): boolean;
  evaluate(ctx: PathwayContext, windowDays: number): WorkupOutcome;
}

type Dated = Source & { date?: string; value?: Parameters<typeof formatValue>[0] };

function cite(fact: Dated): Evidence {
  const detail = fact.value ? formatValue(fact.value) : undefined;
  return evidenceOf(fact, detail ? { detail } : {});
}

/**
 * One part of an item from its evidence: done within the window, outdated when only older
 * (or undated: an observation with no date satisfies no window), missing when there is none.
 */
function part(facts: Dated[], ctx: PathwayContext, windowDays: number): WorkupOutcome {
  // Records after asOf are already gone, so the newest record is within the window exactly when any is.
  const newest = newestOf(facts);
  if (!newest) return { status: 'missing', evidence: [] };
  return { status: isWithinDays(newest.date, ctx.asOf, windowDays) ? 'done' : 'outdated', evidence: [cite(newest)] };
}

/** An item of parts is done when every part is, missing when some part has no evidence at all, outdated otherwise. */
function combine(parts: WorkupOutcome[]): WorkupOutcome {
  const evidence = parts.flatMap((p) => p.evidence);
  if (parts.some((p) => p.status === 'missing')) return { status: 'missing', evidence };
  return { status: parts.every((p) => p.status === 'done') ? 'done' : 'outdated', evidence };
}

const observations = (list: { loinc: readonly string[] }) => (ctx: PathwayContext, windowDays: number) =>
  part(usableObservationsIn(ctx.record, list), ctx, windowDays);
const lab = (list: { loinc: readonly string[] }, reports?: CodeList) => (ctx: PathwayContext, windowDays: number) =>
  part(labEvidence(ctx.record, list, reports), ctx, windowDays);
const imaging = (kind: ImagingKind) => (ctx: PathwayContext, windowDays: number) =>
  part(imagingOfKind(ctx.record, kind), ctx, windowDays);

function physicalExam(ctx: PathwayContext, windowDays: number): WorkupOutcome {
  return combine([observations(OBSERVATIONS.heartRate)(ctx, windowDays), observations(OBSERVATIONS.bloodPressure)(ctx, windowDays)]);
}

function painScore(ctx: PathwayContext, windowDays: number): WorkupOutcome {
  if (ctx.answers.painScore !== undefined) return { status: 'done', evidence: [answerEvidence(`Pain score now (0-10): ${ctx.answers.painScore}`)] };
  return part(painScores(ctx), ctx, windowDays);
}

function boneDensity(ctx: PathwayContext, windowDays: number): WorkupOutcome {
  const { record } = ctx;
  const referral = dxaReferrals(record)[0];
  if (referral) return { status: 'done', evidence: [cite(referral)] };
  const results: Dated[] = [
    ...usableObservationsIn(record, { loinc: [...OBSERVATIONS.dxaTScore.loinc, ...OBSERVATIONS.dxaBoneDensity.loinc] }),
    ...dxaStudies(record),
  ];
  return part(results, ctx, windowDays);
}

const always = () => true;

export const WORKUP: readonly WorkupRule[] = [
  { id: 'physical-exam', label: 'Physical exam: heart rate and blood pressure', windowDays: 30, required: always, evaluate: physicalExam },
  { id: 'pain-score', label: 'Pain score (0-10)', windowDays: 14, required: always, evaluate: painScore },
  { id: 'cbc', label: 'Blood work: complete blood count with platelets', windowDays: 30, required: always, evaluate: lab(OBSERVATIONS.cbc, LAB_PANEL_REPORTS.cbc) },
  { id: 'coagulation', label: 'Blood work: coagulation (INR / PT)', windowDays: 30, required: always, evaluate: lab({ loinc: [...OBSERVATIONS.inr.loinc, ...OBSERVATIONS.pt.loinc] }) },
  { id: 'metabolic-panel', label: 'Blood work: metabolic panel or creatinine', windowDays: 30, required: always, evaluate: lab(OBSERVATIONS.metabolicPanel, LAB_PANEL_REPORTS.metabolicPanel) },
  { id: 'spine-xray', label: 'Spine X-ray', windowDays: 84, required: always, evaluate: imaging('spine-xray') },
  { id: 'spine-mri', label: 'Spine MRI (STIR / T2 fat-sat)', windowDays: 84, required: (ctx) => ctx.answers.mriContraindicated !== true, evaluate: imaging('spine-mri') },
  { id: 'bone-scan', label: 'Radioisotope bone scan (or SPECT)', windowDays: 84, required: (ctx) => ctx.answers.mriContraindicated === true, evaluate: imaging('bone-scan') },
  { id: 'spine-ct', label: 'Spine CT', windowDays: 84, required: () => false, evaluate: imaging('spine-ct') },
  { id: 'bone-density', label: 'Bone density (DXA) result or referral', windowDays: 730, required: always, evaluate: boneDensity },
  {
    id: 'pregnancy-test', label: 'Pregnancy test', windowDays: 7,
    required: (ctx) => couldBePregnant(ctx.record.patient, ctx.asOf),
    evaluate: observations({ loinc: [...HCG_TESTS.loinc, ...OBSERVATIONS.pregnancyStatus.loinc] }),
  },
];
