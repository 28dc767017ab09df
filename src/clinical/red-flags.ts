// clinical-rules §6 Red flags: signs that a fracture may be malignant (consider a biopsy during augmentation).
// They never change the verdict; each line starts with its fixed words, then ": " and the evidence.
import { CAUTION_LISTS, CONDITIONS } from './codes';
import type { PathwayContext } from './context';
import { activeConditionsIn, conditionsInCautionList } from './facts';
import { levelsCovered } from './levels';
import { MATCHED_BY_TEXT, withMatchNote } from './matching';
import { isNotRefuted } from './reading';
import type { CriterionResult } from './types';

const HIGH_THORACIC = ['T1', 'T2', 'T3', 'T4', 'T5'];
const YOUNG_AGE = 50;

export interface RedFlagInput {
  recordLevels: readonly string[];
  osteoporosis: CriterionResult | undefined;
}

function names(items: ReadonlyArray<{ display: string }>): string {
  return items.map((i) => i.display).join('; ');
}

export function redFlags(ctx: PathwayContext, input: RedFlagInput): string[] {
  const flags: string[] = [];
  const { answers, record } = ctx;
  const levels = answers.levels && answers.levels.length > 0 ? answers.levels : input.recordLevels;
  const high = levels.filter((level) => levelsCovered(level).some((l) => HIGH_THORACIC.includes(l)));
  if (high.length > 0) flags.push(`Fracture at T5 or above: ${high.join(', ')}${answers.levels?.length ? ' (levels entered)' : ' (record)'}`);

  // A caution list (§0 v3): a cancer coded in any spelling, or named only in its text ("matched by its text").
  const cancers = conditionsInCautionList(record, CAUTION_LISTS.malignancy)
    .filter((m) => isNotRefuted(m.condition))
    .map((m) => withMatchNote(m.condition, m.by === 'text' ? MATCHED_BY_TEXT : undefined));
  if (cancers.length > 0 && answers.etiology !== 'malignant') flags.push(`Cancer history: ${names(cancers)}`);

  const neoplastic = activeConditionsIn(record, CONDITIONS.neoplasticFracture);
  if (neoplastic.length > 0) flags.push(`Neoplastic fracture code: ${names(neoplastic)}`);

  if (ctx.age && ctx.age.age < YOUNG_AGE && input.osteoporosis?.status !== 'met') {
    flags.push(`Under 50 without osteoporosis: age ${ctx.age.age}${ctx.age.approximate ? ' (approximate)' : ''}, no osteoporosis documented`);
  }
  return flags;
}
