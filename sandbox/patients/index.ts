// The hand-built sample patients, one per pathway and verdict of the spec. The engine's tests
// import these too: `build(today)` gives the record, `expected` what the rules should conclude.
import type { Vignette } from './vignette';
import { osteoporoticL1 } from './vignettes/osteoporotic-l1';
import { littleData } from './vignettes/little-data';
import { hospitalized } from './vignettes/hospitalized';
import { myeloma } from './vignettes/myeloma';
import { chronic } from './vignettes/chronic';
import { pregnant } from './vignettes/pregnant';
import { discitis } from './vignettes/discitis';
import { warfarin } from './vignettes/warfarin';
import { messy } from './vignettes/messy';
import { cementAllergy } from './vignettes/cement-allergy';
import { hostile } from './vignettes/hostile';

export type { Vignette, VignetteExpectation, ExpectedVerdict } from './vignette';
export { WORKUP_IDS } from './vignette';

export const VIGNETTES: readonly Vignette[] = [
  osteoporoticL1,
  littleData,
  hospitalized,
  myeloma,
  chronic,
  pregnant,
  discitis,
  warfarin,
  messy,
  cementAllergy,
  hostile,
];

export function findVignette(id: string): Vignette | undefined {
  return VIGNETTES.find((v) => v.id === id);
}
