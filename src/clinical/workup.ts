// clinical-rules.md §5 Workup: one table entry per item id, in the spec's order.
import { CONDITIONS, DENOSUMAB, HCG_TESTS, LAB_PANEL_REPORTS, OBSERVATIONS, type CodeList, type ImagingKind } from './codes';
import { unreadReads } from './completeness';
import { addDays, isWithinDays, sortKey } from './dates';
import {
  activeConditionsIn,
  conceptNames,
  dxaReferrals,
  dxaStudies,
  imagingOfKind,
  labEvidence,
  newestOf,
  osteoporosisMedications,
  osteoporosisReferrals,
  usableObservationsIn,
} from './facts';
import type { PathwayContext } from './context';
import type { ReadLimit, Source, StudyFact } from './record';
import { painScores } from './findings';
import { answerEvidence, couldBePregnant, evidenceOf, formatValue, imagingEvidence } from './reading';
import type { Evidence, WorkupStatus } from './types';

export interface WorkupOutcome {
  status: WorkupStatus;
  evidence: Evidence[];
  note?: string;
}

export interface WorkupRule {
  id: string;
  label: string;
  windowDays: number;
  required(ctx: PathwayContext): boolean;
  evaluate(ctx: PathwayContext, windowDays: number): WorkupOutcome;
  /** The resource types its evidence comes from: when one was not read completely, "missing" may not be true. */
  readsFrom: readonly string[];
  /** The searches §0 *Reading through a server* says may miss its evidence (v3). */
  limitedBy?: readonly ReadLimit[];
}

/**
 * A workup item as the Assessment lists it. v3 §5: with nothing within its window, when a type it is read from could
 * not be read completely (or a search known to miss it was all there was), the item is `unknown`, never "missing":
 * the app cannot claim a test is missing from a record it could not read, and never proposes it as an order.
 */
export function evaluateWorkup(rule: WorkupRule, ctx: PathwayContext): WorkupOutcome & { required: boolean } {
  const outcome = rule.evaluate(ctx, rule.windowDays);
  const required = rule.required(ctx);
  const unread = outcome.status === 'done' ? [] : unreadReads(ctx, rule.readsFrom, rule.limitedBy ?? []);
  if (unread.length === 0) return { ...outcome, required };
  const note = [outcome.note, `${unread.join(' and ')} could not be read completely: may be on file.`].filter(Boolean).join(' ');
  return { status: 'unknown', evidence: outcome.evidence, required, note };
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
function part<T extends Dated>(facts: T[], ctx: PathwayContext, windowDays: number, citing: (fact: T) => Evidence = cite): WorkupOutcome {
  // Records after asOf are already gone, so the newest record is within the window exactly when any is.
  const newest = newestOf(facts);
  if (!newest) return { status: 'missing', evidence: [] };
  return { status: isWithinDays(newest.date, ctx.asOf, windowDays) ? 'done' : 'outdated', evidence: [citing(newest)] };
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
  part<StudyFact>(imagingOfKind(ctx.record, kind), ctx, windowDays, imagingEvidence);

function physicalExam(ctx: PathwayContext, windowDays: number): WorkupOutcome {
  return combine([observations(OBSERVATIONS.heartRate)(ctx, windowDays), observations(OBSERVATIONS.bloodPressure)(ctx, windowDays)]);
}

function painScore(ctx: PathwayContext, windowDays: number): WorkupOutcome {
  if (ctx.answers.painScore !== undefined) return { status: 'done', evidence: [answerEvidence(`Pain score now (0-10): ${ctx.answers.painScore}`)] };
  return part(painScores(ctx), ctx, windowDays);
}

function boneDensity(ctx: PathwayContext, windowDays: number): WorkupOutcome {
  const { record } = ctx;
  // A referral counts only within the window (730 days), like a result.
  const results: Dated[] = [
    ...usableObservationsIn(record, { loinc: [...OBSERVATIONS.dxaTScore.loinc, ...OBSERVATIONS.dxaBoneDensity.loinc] }),
    ...dxaStudies(record),
    ...dxaReferrals(record),
  ];
  return part(results, ctx, windowDays);
}

/** Denosumab stopped or overdue (last record more than 7 months ago): rebound vertebral fractures (§5). */
const DENOSUMAB_OVERDUE_DAYS = 213;

function latestDate(dates: readonly string[]): string | undefined {
  return dates.reduce<string | undefined>((best, d) => (!best || sortKey(d) > sortKey(best) ? d : best), undefined);
}

function osteoporosisTreatment(ctx: PathwayContext, windowDays: number): WorkupOutcome {
  const { record, asOf } = ctx;
  const medications = osteoporosisMedications(record);
  // An active statement with no end is in use today.
  const dated = medications.map((m) => ({ ...m, date: m.openEnded && m.status === 'active' ? asOf : latestDate(m.dates) }));
  const treatment = dated.filter((m) => m.status === 'active' || m.status === 'completed');
  const outcome = part([...treatment, ...osteoporosisReferrals(record)], ctx, windowDays);
  const denosumab = newestOf(dated.filter((m) => conceptNames(m.medication, DENOSUMAB)));
  if (!denosumab) return outcome;
  const last = denosumab.date;
  const overdue = !last || sortKey(last) < addDays(asOf, -DENOSUMAB_OVERDUE_DAYS);
  if (denosumab.status !== 'stopped' && !overdue) return outcome;
  return { ...outcome, note: `Denosumab stopped or overdue (last ${last ? last.slice(0, 10) : 'date unknown'}): risk of rebound vertebral fractures; plan follow-on therapy.` };
}

const always = () => true;
const burstOrMalignant = (ctx: PathwayContext) =>
  ctx.pathway === 'malignant' || activeConditionsIn(ctx.record, CONDITIONS.burstFracture).length > 0;
const OBSERVATION = ['Observation'] as const;
/** §0 (1) and (2): panel components, and imaging reports filed under LAB, may be missed by a server search. */
const PANELS: readonly ReadLimit[] = ['panel-components'];
const LAB_FILED: readonly ReadLimit[] = ['lab-filed-imaging'];
const LABS = ['Observation', 'DiagnosticReport'] as const;
const IMAGING = ['DiagnosticReport', 'ImagingStudy', 'Procedure'] as const;

export const WORKUP: readonly WorkupRule[] = [
  { id: 'physical-exam', label: 'Physical exam: heart rate and blood pressure', windowDays: 30, required: always, evaluate: physicalExam, readsFrom: OBSERVATION, limitedBy: PANELS },
  { id: 'pain-score', label: 'Pain score (0-10)', windowDays: 14, required: always, evaluate: painScore, readsFrom: OBSERVATION, limitedBy: PANELS },
  { id: 'cbc', label: 'Blood work: complete blood count with platelets', windowDays: 30, required: always, evaluate: lab(OBSERVATIONS.cbc, LAB_PANEL_REPORTS.cbc), readsFrom: LABS },
  { id: 'coagulation', label: 'Blood work: coagulation (INR / PT)', windowDays: 30, required: always, evaluate: lab({ loinc: [...OBSERVATIONS.inr.loinc, ...OBSERVATIONS.pt.loinc] }), readsFrom: OBSERVATION },
  { id: 'metabolic-panel', label: 'Blood work: metabolic panel or creatinine', windowDays: 30, required: always, evaluate: lab(OBSERVATIONS.metabolicPanel, LAB_PANEL_REPORTS.metabolicPanel), readsFrom: LABS },
  { id: 'spine-xray', label: 'Spine X-ray', windowDays: 84, required: always, evaluate: imaging('spine-xray'), readsFrom: IMAGING, limitedBy: LAB_FILED },
  { id: 'spine-mri', label: 'Spine MRI (STIR / T2 fat-sat)', windowDays: 84, required: (ctx) => ctx.answers.mriContraindicated !== true, evaluate: imaging('spine-mri'), readsFrom: IMAGING, limitedBy: LAB_FILED },
  { id: 'bone-scan', label: 'Radioisotope bone scan (or SPECT)', windowDays: 84, required: (ctx) => ctx.answers.mriContraindicated === true, evaluate: imaging('bone-scan'), readsFrom: IMAGING, limitedBy: LAB_FILED },
  { id: 'spine-ct', label: 'Spine CT', windowDays: 84, required: burstOrMalignant, evaluate: imaging('spine-ct'), readsFrom: IMAGING, limitedBy: LAB_FILED },
  { id: 'bone-density', label: 'Bone density (DXA) result or referral', windowDays: 730, required: always, evaluate: boneDensity, readsFrom: ['Observation', 'DiagnosticReport', 'Procedure', 'ServiceRequest'], limitedBy: LAB_FILED },
  {
    id: 'osteoporosis-treatment', label: 'Osteoporosis treatment or referral (secondary prevention)', windowDays: 365,
    required: (ctx) => ctx.pathway === 'osteoporotic', evaluate: osteoporosisTreatment,
    readsFrom: ['MedicationRequest', 'MedicationStatement', 'ServiceRequest'],
  },
  {
    id: 'pregnancy-test', label: 'Pregnancy test', windowDays: 7,
    required: (ctx) => couldBePregnant(ctx.record.patient, ctx.asOf),
    evaluate: observations({ loinc: [...HCG_TESTS.loinc, ...OBSERVATIONS.pregnancyStatus.loinc] }),
    readsFrom: OBSERVATION,
  },
];
