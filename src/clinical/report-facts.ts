// What the note and the prior-authorization print state beyond the assessment's own lines: the fracture's ICD-10-CM
// codes (from the Conditions its vcf evidence cites), the treated levels with where they came from, the imaging
// impression, the planned procedure's CPT by region, and the pre-procedure labs. Pure: reads the record and the
// assessment, decides nothing (the rules have decided).
import { icdCodes } from './codes';
import { dayOf, daysBetween, isValidDay } from './dates';
import type { PatientRecord } from './record';
import type { Answers, Assessment, Evidence } from './types';

const isRecordLine = (e: Evidence) => e.resourceType !== 'Record' && e.resourceType !== 'ClinicianInput' && e.resourceType !== 'Patient';
export const newestFirst = (evidence: readonly Evidence[]) => [...evidence].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));

/** The ICD-10-CM codes of the fracture Conditions the vcf criterion cites, each once ("M80.08XA"). */
export function fractureIcdCodes(record: Pick<PatientRecord, 'conditions'>, a: Assessment): string[] {
  const cited = new Set((a.criteria.find((c) => c.id === 'vcf')?.evidence ?? []).filter((e) => e.resourceType === 'Condition' && e.id).map((e) => e.id));
  return [...new Set(record.conditions.filter((c) => cited.has(c.id)).flatMap((c) => icdCodes(c.code)))];
}

export interface TreatedLevels {
  levels: string[];
  /** "entered by the physician", "from the order", "coded in the record", "from the MRI report", or "not entered". */
  source: string;
}

/** v3 `reportLevels` (assessment.md), read defensively until every assessment carries it. */
function reportLevelsOf(a: Assessment): string[] {
  const found = (a as { reportLevels?: ReadonlyArray<{ level?: unknown }> }).reportLevels ?? [];
  return [...new Set(found.map((r) => r.level).filter((l): l is string => typeof l === 'string'))];
}

/** The levels to treat, with their source: the physician's, else the order's, else the coded ones, else the report's. */
export function treatedLevelsWithSource(a: Assessment, answers: Answers, orderLevels: readonly string[] = []): TreatedLevels {
  if (answers.levels?.length) {
    const fromOrder = orderLevels.length > 0 && answers.levels.join(' ') === orderLevels.join(' ');
    return { levels: answers.levels, source: fromOrder ? 'from the order' : 'entered by the physician' };
  }
  if (a.recordLevels.length) return { levels: a.recordLevels, source: 'coded in the record' };
  const reported = reportLevelsOf(a);
  if (reported.length) return { levels: reported, source: 'from the MRI report (to confirm)' };
  return { levels: [], source: 'not entered' };
}

/** v3 `Evidence.conclusion`: an imaging report's impression, when the engine read one. */
export function conclusionOf(e: Evidence): string | undefined {
  const text = (e as { conclusion?: unknown }).conclusion;
  return typeof text === 'string' && text.trim() ? text.trim() : undefined;
}

/** The newest imaging record behind the imaging criterion, and the newest report impression among them. */
export function imagingOf(a: Assessment): { study?: Evidence; impression?: { text: string; date?: string } } {
  const lines = newestFirst((a.criteria.find((c) => c.id === 'imaging-confirmation')?.evidence ?? []).filter(isRecordLine));
  const withConclusion = lines.find((e) => conclusionOf(e) !== undefined);
  return {
    ...(lines[0] ? { study: lines[0] } : {}),
    ...(withConclusion ? { impression: { text: conclusionOf(withConclusion)!, ...(withConclusion.date ? { date: withConclusion.date } : {}) } } : {}),
  };
}

export interface PlannedProcedure {
  text: string;
  cpt: string[];
}

const isThoracic = (level: string) => /^T/.test(level);
const isLumbar = (level: string) => /^L/.test(level);

/**
 * Percutaneous vertebral augmentation (kyphoplasty) by region: CPT 22513 for the first thoracic level, 22514 for
 * the first lumbar level, +22515 for each additional thoracic or lumbar level (codes.md; vertebroplasty would be
 * 22510-22512). Undefined without a treated level: the CPT depends on it.
 */
export function plannedProcedure(levels: readonly string[]): PlannedProcedure | undefined {
  const bodies = levels.flatMap((l) => l.split('-')).filter((l) => isThoracic(l) || isLumbar(l));
  const unique = [...new Set(bodies)];
  if (unique.length === 0) return undefined;
  const first = unique.find(isLumbar) ?? unique[0]!;
  const primary = isLumbar(first) ? '22514' : '22513';
  const additional = unique.filter((l) => l !== first);
  const cpt = [primary, ...additional.map(() => '+22515')];
  const region = isLumbar(first) ? 'lumbar' : 'thoracic';
  return {
    text: `Percutaneous vertebral augmentation (kyphoplasty), ${unique.join(', ')}: CPT ${primary} (first ${region} level ${first})${additional.length ? `, +22515 x ${additional.length} (${additional.join(', ')})` : ''}`,
    cpt,
  };
}

export interface PreProcedureLab {
  name: string;
  /** The record line (display with value), or undefined when none is on file. */
  line?: Evidence;
}

/** INR, platelets and creatinine: the newest line of each from the workup the rules read (coagulation, CBC, metabolic panel). */
export function preProcedureLabs(a: Assessment): PreProcedureLab[] {
  const lines = (id: string) => newestFirst((a.workup.find((w) => w.id === id)?.evidence ?? []).concat(a.contraindications.find((c) => c.id === 'coagulopathy')?.evidence ?? []).filter(isRecordLine));
  const find = (id: string, name: string, test: RegExp): PreProcedureLab => {
    const line = lines(id).find((e) => test.test(e.display));
    return { name, ...(line ? { line } : {}) };
  };
  return [
    find('coagulation', 'INR', /\bINR\b|prothrombin/i),
    find('cbc', 'Platelets', /platelet/i),
    find('metabolic-panel', 'Creatinine', /creatinine/i),
  ];
}

/** "since 2026-11-04 (20 days)": conservative care from its earliest dated record, or undefined. */
export function careDuration(evidence: readonly Evidence[], asOf: string): string | undefined {
  const days = evidence.filter(isRecordLine).map((e) => dayOf(e.date) ?? e.date?.slice(0, 10)).filter((d): d is string => !!d && isValidDay(d)).sort();
  const since = days[0];
  if (!since) return undefined;
  const n = daysBetween(since, asOf);
  return `since ${since} (${n} ${n === 1 ? 'day' : 'days'})`;
}

/** " (ICD-10-CM M80.08XA, S32.010A)", or nothing. */
export function fractureCodesText(codes: readonly string[]): string {
  return codes.length ? ` (ICD-10-CM ${codes.join(', ')})` : '';
}
