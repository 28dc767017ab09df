// clinical-rules §0 Record levels: the vertebral levels the record's fracture conditions name.
import { FRACTURE_LEVEL_CODES, conceptTexts, icdCodes, icdMatches } from './codes';
import type { ConditionFact } from './record';

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
