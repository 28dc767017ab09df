// What the rules read from each Observation list (issue 12, query plan v2): the newest usable result, the results
// within a window, or every result. The loader turns this into searches; the equivalence test proves that reading
// only this gives the same assessment as reading every matching result. A rule that starts reading an older
// result must say so here.
import { HCG_TESTS, OBSERVATIONS, LAB_PANEL_REPORTS } from './codes';
import { LAB_WINDOW_DAYS, NEGATIVE_PREGNANCY_WINDOW_DAYS, POSITIVE_HCG_WINDOW_DAYS, PREGNANCY_WINDOW_DAYS } from './contraindications';
import { FRACTURE_WINDOW_DAYS, PAIN_SCORE_WINDOW_DAYS } from './findings';

export interface ObservationRead {
  /** Names the search in progress and data gaps: "Observation (pain score)". */
  name: string;
  /** The list whose newest usable result a rule reads (an own code or a panel component code). */
  loinc: readonly string[];
  /**
   * Panel codes asked for beside the list because a panel Observation may carry the list's code as a component
   * (a CBC panel with its platelet count): the newest such panel may be the newest result of the list.
   */
  carriedBy?: readonly string[];
  /** Every usable result within this many days is read; absent: only the newest. */
  windowDays?: number;
  /** Every usable result of every date is read (no rule looks at the newest alone). */
  all?: true;
  /**
   * Arrives as a `component` of a panel under a local code too (flowsheets, vital-signs panels), which `code=` never
   * returns: searched with combo-code or component-code, else through the vital-signs and survey categories (v3).
   */
  components?: true;
  /** The rules this read serves (clinical-rules.md ids). */
  rules: readonly string[];
}

export const OBSERVATION_READS: readonly ObservationRead[] = [
  // severe-pain: the newest score within 14 days, else the newest score (shown as too old); pain-course: every score within 84 days.
  { name: 'pain score', loinc: OBSERVATIONS.painScore.loinc, components: true, windowDays: Math.max(FRACTURE_WINDOW_DAYS, PAIN_SCORE_WINDOW_DAYS), rules: ['severe-pain', 'pain-course', 'pain-score'] },
  { name: 'heart rate', loinc: OBSERVATIONS.heartRate.loinc, components: true, rules: ['physical-exam'] },
  { name: 'blood pressure', loinc: OBSERVATIONS.bloodPressure.loinc, components: true, rules: ['physical-exam'] },
  { name: 'blood count', loinc: OBSERVATIONS.cbc.loinc, rules: ['cbc'] },
  // coagulopathy reads the newest platelet count and INR within 30 days, and (v3, §0 Latest) every result of the
  // newest that cannot be ordered against it (same instant, or same day with one without a time): the window whole.
  { name: 'platelets', loinc: OBSERVATIONS.platelets.loinc, carriedBy: LAB_PANEL_REPORTS.cbc.loinc, windowDays: LAB_WINDOW_DAYS, rules: ['coagulopathy'] },
  { name: 'INR', loinc: OBSERVATIONS.inr.loinc, windowDays: LAB_WINDOW_DAYS, rules: ['coagulopathy', 'coagulation'] },
  { name: 'PT', loinc: OBSERVATIONS.pt.loinc, rules: ['coagulation'] },
  { name: 'metabolic panel', loinc: OBSERVATIONS.metabolicPanel.loinc, rules: ['metabolic-panel'] },
  // pregnancy: a positive hCG within 30 days, a negative one within 7; the pregnancy-test item and the note on hCG in
  // a patient who cannot be pregnant read the newest.
  { name: 'hCG', loinc: HCG_TESTS.loinc, windowDays: Math.max(POSITIVE_HCG_WINDOW_DAYS, NEGATIVE_PREGNANCY_WINDOW_DAYS), rules: ['pregnancy', 'pregnancy-test'] },
  { name: 'pregnancy status', loinc: OBSERVATIONS.pregnancyStatus.loinc, windowDays: PREGNANCY_WINDOW_DAYS, rules: ['pregnancy', 'pregnancy-test'] },
  // Osteoporosis evidence is any T-score at or below -2.5, of any date.
  { name: 'bone density', loinc: [...OBSERVATIONS.dxaTScore.loinc, ...OBSERVATIONS.dxaBoneDensity.loinc], all: true, rules: ['pathway', 'vcf', 'bone-density'] },
];

/** Lab panel reports (DiagnosticReport) the workup reads the newest of: CBC and metabolic panel. */
export const LAB_REPORT_READS: ReadonlyArray<{ name: string; loinc: readonly string[]; rules: readonly string[] }> = [
  { name: 'blood count report', loinc: LAB_PANEL_REPORTS.cbc.loinc, rules: ['cbc'] },
  { name: 'metabolic panel report', loinc: LAB_PANEL_REPORTS.metabolicPanel.loinc, rules: ['metabolic-panel'] },
];
