// clinical-rules §0 Record levels: the vertebral levels the record's fracture conditions name; and v3 Report levels:
// the levels spine imaging report conclusions name (proposals only, never counted by a rule).
import { FRACTURE_LEVEL_CODES, conceptTexts, icdCodes, icdMatches } from './codes';
import { isWithinDays } from './dates';
import { imagingKind, isIgnoredStatus, isSpineStudy, newestFirst } from './facts';
import type { ConditionFact, StudyFact } from './record';
import type { ReportLevel } from './types';

const ORDER = [...Array.from({ length: 12 }, (_, i) => `T${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `L${i + 1}`)];
const LEVEL_WORD = /(?:^|[^A-Za-z0-9])([TL])(1[0-2]|[1-9])(?![0-9])/g;

/** Position of a level or pair ("T11-T12" sorts as T11) from top to bottom. */
function rank(level: string): number {
  return ORDER.indexOf(level.split('-')[0]!);
}

function levelsOf(condition: ConditionFact): string[] {
  const found: string[] = [];
  for (const code of icdCodes(condition.code)) {
    const entry = FRACTURE_LEVEL_CODES.find((e) => icdMatches(code, [e.prefix]));
    if (entry) found.push(entry.level);
  }
  for (const text of condition.bodySites.flatMap(conceptTexts)) {
    for (const match of text.matchAll(LEVEL_WORD)) {
      const level = `${match[1]!.toUpperCase()}${match[2]}`;
      if (level === 'L1' || ORDER.includes(level)) found.push(level);
    }
  }
  return found;
}

/** Distinct, top to bottom; a pair is dropped when a level inside it is also listed. */
export function recordLevels(conditions: readonly ConditionFact[]): string[] {
  const levels = new Set(conditions.flatMap(levelsOf));
  const kept = [...levels].filter((level) => !level.includes('-') || !level.split('-').some((inside) => levels.has(inside)));
  return kept.sort((a, b) => rank(a) - rank(b));
}

/** The levels a pair or single level covers: "T5-T6" -> ["T5", "T6"]. */
export function levelsCovered(level: string): string[] {
  return level.split('-');
}

/** §0 Report levels: reports dated within 84 days (the imaging window). */
const REPORT_WINDOW_DAYS = 84;

/**
 * "T1" and "T2" in an MRI report are also sequence names ("T2 hyperintense", "T1-weighted", "on T2", "STIR/T2"):
 * those are not levels.
 */
const SEQUENCE_WORDS = '(?:weighted|w\\b|wi\\b|hyper|hypo|iso|signal|sequence|series|image|flair|fat|fs\\b|stir|bright|dark|shine|post[\\s-]*(?:contrast|gad)|pre[\\s-]*(?:contrast|gad)|map|tse|fse|\\/)';
const SEQUENCE_AFTER = new RegExp(`^[\\s-]*(?:${SEQUENCE_WORDS}|and\\s+T2[\\s-]*${SEQUENCE_WORDS})`, 'i');
const SEQUENCE_BEFORE = /(?:\bon|\/)\s*$/i;

/** The levels T1-T12, L1-L5 one text names, in order of appearance. */
export function levelsNamedIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(LEVEL_WORD)) {
    const level = `${match[1]}${match[2]}`;
    if (!ORDER.includes(level)) continue;
    const end = match.index + match[0].length;
    const start = end - level.length;
    if ((level === 'T1' || level === 'T2') && (SEQUENCE_AFTER.test(text.slice(end, end + 24)) || SEQUENCE_BEFORE.test(text.slice(Math.max(0, start - 8), start)))) continue;
    found.push(level);
  }
  return found;
}

/** The conclusion texts of a report: `conclusion`, then each `conclusionCode` text and display. */
function conclusionTexts(report: StudyFact): string[] {
  return [...(report.conclusion ? [report.conclusion] : []), ...(report.conclusionCodes ?? []).flatMap(conceptTexts)];
}

/**
 * §0 Report levels (v3): the distinct levels named in the conclusion (or conclusionCode display) of spine imaging
 * reports dated within 84 days, top to bottom, each with the newest report naming it. Never read by a rule.
 */
export function reportLevels(studies: readonly StudyFact[], asOf: string): ReportLevel[] {
  const reports = studies.filter(
    (s) =>
      s.resourceType === 'DiagnosticReport' &&
      (!!s.conclusion || !!s.conclusionCodes?.length) &&
      !isIgnoredStatus(s.status) &&
      isWithinDays(s.date, asOf, REPORT_WINDOW_DAYS) &&
      imagingKind(s) !== undefined &&
      isSpineStudy(s),
  );
  const byLevel = new Map<string, ReportLevel>();
  for (const report of newestFirst(reports)) {
    for (const level of conclusionTexts(report).flatMap(levelsNamedIn)) {
      if (!byLevel.has(level)) byLevel.set(level, { level, reportId: report.id ?? '', ...(report.date ? { date: report.date } : {}) });
    }
  }
  return [...byLevel.values()].sort((a, b) => rank(a.level) - rank(b.level));
}
