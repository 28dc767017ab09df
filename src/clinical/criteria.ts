// clinical-rules.md §2 Criteria: one table entry per rule id, in the spec's order.
import { CANDIDACY_WORDS, CONDITIONS, NONUNION, OBSERVATIONS, conceptMatches, conceptTexts, icdCodes, icdSeventhCharacter, textHasAnyTerm, type CodeList, type WordList } from './codes';
import { PANEL_PAIN_GAP, readLimitsOf, unreadNote, unreadReads, unreadTypes } from './completeness';
import { dayOf, dayRange, daysBetween, sortKey, windowFit } from './dates';
import { formatPain } from './display';
import type { ConditionFact } from './record';
import { activeConditionsIn, imagingOfKind, newestFirst, withinDays } from './facts';
import { NOT_CODED, notCodedMatch, withMatchNote } from './matching';
import {
  CARE_MIN_DAYS,
  FRACTURE_WINDOW_DAYS,
  PAIN_SCORE_WINDOW_DAYS,
  conservativeCareEvidence,
  painValue,
  currentPain,
  hospitalization,
  osteoporosisConditions,
  osteoporoticTScores,
  painScores,
} from './findings';
import type { PathwayContext, RuleContext } from './context';
import {
  answerEvidence,
  answered,
  conditionEvidence,
  conditionOnset,
  evidenceOf,
  isActiveCondition,
  imagingEvidence,
  isNotRefuted,
  SAME_DAY_DISAGREE,
  disagree,
  latestObservation,
  latestObservations,
  observationEvidence,
} from './reading';
import type { CriterionStatus, Evidence } from './types';

export interface CriterionOutcome {
  status: CriterionStatus;
  evidence: Evidence[];
  note?: string;
}

export interface CriterionRule {
  id: string;
  label: string;
  /** The "required on" column: where the criterion decides the verdict. */
  requiredOn(ctx: PathwayContext): boolean;
  evaluate(ctx: PathwayContext): CriterionOutcome;
}

/** Onset between 43 and 84 days is "subacute". */
const SUBACUTE_FROM_DAYS = 43;
export const PAIN_THRESHOLD = { hospitalized: 8, otherwise: 5 } as const;
const RDQ_SEVERE_ABOVE = 17;
const AGE_CONTEXT_YEARS = 70;

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const outcome = (status: CriterionStatus, evidence: Evidence[], note?: string): CriterionOutcome =>
  note ? { status, evidence, note } : { status, evidence };

/** Limits long evidence lists (Synthea holds dozens of pain scores) to what a reader needs. */
const MAX_EVIDENCE = 5;
const firstFew = (evidence: Evidence[]) => evidence.slice(0, MAX_EVIDENCE);

// ---- candidacy lists stay strict (§0 v3) ----

/**
 * Active conditions a strict candidacy list cannot count but the physician should see: a system-less code, a system
 * spelled otherwise, or text alone (clinical-rules §0 *Matching what stops or cautions*). Shown with "not coded:
 * confirm"; they meet nothing.
 */
function notCodedEvidence(ctx: RuleContext, list: CodeList, words: WordList): Evidence[] {
  const birthDate = ctx.record.patient.birthDate;
  return ctx.record.conditions
    .filter((c) => isActiveCondition(c) && notCodedMatch(c.code, list, words))
    .map((c) => withMatchNote(conditionEvidence(c, birthDate), NOT_CODED));
}

const NOT_CODED_VCF_NOTE = 'A vertebral fracture is recorded without a code the rules can count (not coded: confirm).';

// ---- vcf ----

/** vcf: an answer, else an active condition in Vertebral fracture; 443165006 is evidence only. */
export function evaluateVcf(ctx: RuleContext): CriterionOutcome {
  const { record, answers } = ctx;
  const birthDate = record.patient.birthDate;
  const fractures = activeConditionsIn(record, CONDITIONS.vertebralFracture);
  const unsitedOsteoporotic = record.conditions.filter(
    (c) =>
      conceptMatches(c.code, { snomed: CONDITIONS.osteoporoticFracture.snomed }) &&
      !fractures.includes(c) &&
      isNotRefuted(c),
  );
  const notCoded = notCodedEvidence(ctx, CONDITIONS.vertebralFracture, CANDIDACY_WORDS.vertebralFracture);
  const recordEvidence = [...[...fractures, ...unsitedOsteoporotic].map((c) => conditionEvidence(c, birthDate)), ...notCoded];
  if (answers.vcf !== undefined) {
    return outcome(answers.vcf ? 'met' : 'not-met', [answered('Vertebral fracture confirmed', answers.vcf), ...recordEvidence]);
  }
  if (fractures.length > 0) return outcome('met', recordEvidence);
  const note = [
    unsitedOsteoporotic.length > 0 ? 'An osteoporotic fracture is recorded without its site: confirm whether it is vertebral.' : undefined,
    notCoded.length > 0 ? NOT_CODED_VCF_NOTE : undefined,
  ].filter(Boolean).join(' ');
  return outcome('unknown', recordEvidence, note || undefined);
}

// ---- fracture-age ----

type FractureAge = 'acute' | 'chronic' | 'nonunion' | 'undated';

export const NONUNION_ANSWER_NOTE = "Nonunion or intravertebral cleft: outside the LCD's 12 weeks; document it.";
export const NONUNION_CODED_NOTE =
  'Nonunion or delayed healing coded: a chronic painful fracture with nonunion or an intravertebral cleft may still qualify; review the MRI.';

/** codes.md Nonunion: a vertebral fracture code with 7th character G or K, or nonunion words on the condition. */
export function isNonunion(condition: ConditionFact): boolean {
  if (icdCodes(condition.code).some((code) => (NONUNION.seventhCharacters as readonly string[]).includes(icdSeventhCharacter(code) ?? ''))) return true;
  return conceptTexts(condition.code).some((text) => textHasAnyTerm(text, NONUNION.text));
}

/** "Subacute" when any day of the onset lies 43 to 84 days before asOf. */
function isSubacute(onset: string | undefined, asOf: string): boolean {
  return windowFit(onset, asOf, FRACTURE_WINDOW_DAYS, SUBACUTE_FROM_DAYS) !== 'outside' && windowFit(onset, asOf, SUBACUTE_FROM_DAYS - 1) !== 'inside';
}

function classifyFracture(condition: ConditionFact, ctx: PathwayContext): FractureAge {
  if (ctx.answers.nonunionOrCleft !== false && isNonunion(condition)) return 'nonunion';
  const onset = conditionOnset(condition, ctx.record.patient.birthDate);
  if (onset) {
    const fit = windowFit(onset, ctx.asOf, FRACTURE_WINDOW_DAYS);
    return fit === 'inside' ? 'acute' : fit === 'outside' ? 'chronic' : 'undated';
  }
  // No onset: a recordedDate more than 12 weeks ago makes the fracture at least that old.
  return condition.recordedDate && windowFit(condition.recordedDate, ctx.asOf, FRACTURE_WINDOW_DAYS) === 'outside' ? 'chronic' : 'undated';
}

function evaluateFractureAge(ctx: PathwayContext): CriterionOutcome {
  const { record, answers, asOf } = ctx;
  const birthDate = record.patient.birthDate;
  const fractures = activeConditionsIn(record, CONDITIONS.vertebralFracture);
  const recordEvidence = fractures.map((c) => conditionEvidence(c, birthDate));
  if (answers.nonunionOrCleft === true) {
    return outcome('met', [answered('Nonunion or intravertebral cleft on imaging', true), ...recordEvidence], NONUNION_ANSWER_NOTE);
  }
  if (answers.onsetDate !== undefined) {
    const days = daysBetween(answers.onsetDate, asOf);
    const evidence = [answered('Symptom onset', answers.onsetDate)];
    if (days >= 0 && days <= FRACTURE_WINDOW_DAYS) return outcome('met', evidence, days >= SUBACUTE_FROM_DAYS ? 'subacute' : undefined);
    return outcome('not-met', evidence, `Onset ${days} days before ${asOf}`);
  }
  const classified = fractures.map((condition) => ({ condition, age: classifyFracture(condition, ctx) }));
  const notes: string[] = [];
  if (classified.some((c) => c.age === 'nonunion')) notes.push(NONUNION_CODED_NOTE);
  const acute = classified.filter((c) => c.age === 'acute');
  if (acute.length > 0) {
    if (acute.every((c) => isSubacute(conditionOnset(c.condition, birthDate), asOf))) notes.unshift('subacute');
    return outcome('met', recordEvidence, notes.join(' ') || undefined);
  }
  if (classified.length > 0 && classified.every((c) => c.age === 'chronic')) {
    // A newer fracture may sit in what could not be read: chronic only when the Conditions were read completely.
    const unread = unreadTypes(ctx, ['Condition']);
    if (unread.length > 0) return outcome('unknown', recordEvidence, unreadNote(unread));
    return outcome('not-met', recordEvidence, 'Every recorded vertebral fracture is older than 12 weeks (chronic).');
  }
  if (classified.some((c) => c.age === 'undated')) notes.push('A fracture has no usable onset date: enter the symptom onset.');
  return outcome('unknown', recordEvidence, notes.join(' ') || undefined);
}

// ---- imaging-confirmation ----

function evaluateImagingConfirmation(ctx: PathwayContext): CriterionOutcome {
  const { record, answers } = ctx;
  // Report text is never parsed into a verdict: the records are listed for the clinician to confirm from.
  const studies = [...imagingOfKind(record, 'spine-mri'), ...imagingOfKind(record, 'bone-scan')];
  const evidence = firstFew(studies.map(imagingEvidence));
  if (answers.imagingConfirmsAcute !== undefined) {
    const confirmed = answers.imagingConfirmsAcute;
    // The answer stands in for a record: say so, since coverage needs the report itself.
    const note = confirmed && studies.length === 0 ? 'Met by your answer; no spine MRI or bone scan report in the record: attach it for coverage.' : undefined;
    return outcome(confirmed ? 'met' : 'not-met', [answered('Imaging shows an acute fracture', confirmed), ...evidence], note);
  }
  const note = studies.length > 0 ? 'Confirm from the imaging report whether it shows an acute fracture.' : 'No spine MRI or bone scan found.';
  return outcome('unknown', evidence, note);
}

// ---- severe-pain ----

export function painThreshold(ctx: PathwayContext): number {
  return (ctx.hospitalized || ctx.settingUnknown) && ctx.pathway !== 'malignant' ? PAIN_THRESHOLD.hospitalized : PAIN_THRESHOLD.otherwise;
}

function evaluateSeverePain(ctx: PathwayContext): CriterionOutcome {
  const pain = currentPain(ctx);
  const threshold = painThreshold(ctx);
  const evidence = [...(pain.evidence ? [pain.evidence] : []), ...hospitalization(ctx).evidence];
  const setting = ctx.settingUnknown
    ? 'hospital stays could not be read: answer "Hospitalized now" to settle it'
    : ctx.hospitalized ? 'hospitalized' : 'not hospitalized';
  const note = `Threshold: NRS ${threshold} or more (${ctx.pathway === 'malignant' ? 'malignant pathway' : setting}).`;
  if (pain.score === undefined) {
    if (pain.latest?.withinWindow) return outcome('unknown', evidence, `${note} The latest pain score has no readable 0-10 value: enter the pain score now.`);
    return outcome('unknown', evidence, pain.latest ? `${note} The latest pain score is older than ${PAIN_SCORE_WINDOW_DAYS} days.` : note);
  }
  // From the record, the latest score is only the latest when every Observation was read.
  const unread = ctx.answers.painScore === undefined ? unreadTypes(ctx, ['Observation']) : [];
  if (unread.length > 0) return outcome('unknown', evidence, `${note} ${unreadNote(unread)}`);
  // §0 Latest (v3): newest scores that cannot be ordered and would give different statuses settle nothing.
  if (ctx.answers.painScore === undefined && pain.sameDay && disagree(pain.sameDay, (s) => (s.score === undefined ? 'unreadable' : s.score >= threshold))) {
    const sameDay = newestFirst(pain.sameDay.map((s) => s.observation)).map((o) => observationEvidence(o, OBSERVATIONS.painScore));
    return outcome('unknown', [...sameDay, ...hospitalization(ctx).evidence], `${note} The newest pain scores, ${SAME_DAY_DISAGREE}: enter the pain score now.`);
  }
  // §0 (1): panel components unsearched, a newer pain score may sit in a panel: the record's score may make the
  // criterion not-met but never met.
  if (ctx.answers.painScore === undefined && pain.score >= threshold && readLimitsOf(ctx, ['panel-components']).length > 0) {
    return outcome('unknown', evidence, `${note} The latest pain score read meets it, but ${PANEL_PAIN_GAP}: enter the pain score now.`);
  }
  // Setting unread: a score between the two thresholds meets one and not the other, so it settles nothing.
  if (ctx.settingUnknown && ctx.pathway !== 'malignant' && pain.score >= PAIN_THRESHOLD.otherwise && pain.score < PAIN_THRESHOLD.hospitalized) {
    return outcome('unknown', evidence, note);
  }
  return outcome(pain.score >= threshold ? 'met' : 'not-met', evidence, note);
}

// ---- conservative-care ----

/** v3: pain counts as persisting despite care when scored at least 7 days after the care began. */
const CARE_FAILURE_AFTER_DAYS = 7;

/** The day a recorded start is printed with: its own calendar day, else the partial date as written. */
const shownDay = (value: string) => dayOf(value) ?? value;

interface CareFailure {
  failed: boolean;
  evidence?: Evidence;
  /** Why the record cannot show failure although care is documented (beyond "not documented"). */
  note?: string;
  metNote?: string;
}

/**
 * conservative-care v3, failure documented: the latest usable pain score (§0 Latest, the records' own dates up to
 * asOf; `answers.painScore` never counts here) dated at least 7 days after care began is at or above the patient's
 * `severe-pain` threshold. Care began on `since` (the earliest tried start: its last day, for a partial date).
 */
function careFailure(ctx: PathwayContext, since: string): CareFailure {
  const latest = latestObservation(painScores(ctx));
  const began = dayRange(since)?.last;
  const day = latest ? dayRange(latest.date)?.first : undefined;
  if (!latest || !began || !day || daysBetween(began, day) < CARE_FAILURE_AFTER_DAYS) return { failed: false };
  const evidence = observationEvidence(latest, OBSERVATIONS.painScore);
  const value = painValue(latest);
  const threshold = painThreshold(ctx);
  if (value === undefined || value < threshold) return { failed: false, evidence };
  // A newer score may sit where the record could not be read: only then is this one the latest.
  const unread = unreadReads(ctx, ['Observation'], ['panel-components']);
  if (unread.length > 0) {
    const panels = readLimitsOf(ctx, ['panel-components']).length > 0 ? ` (${PANEL_PAIN_GAP})` : '';
    return { failed: false, evidence, note: `A newer pain score may not have been read${panels}: ${unreadNote(unread)}` };
  }
  const days = daysBetween(began, day);
  return {
    failed: true,
    evidence,
    metNote: `Failure documented: pain ${formatPain(value)} on ${day}, ${days} days after conservative care began (${shownDay(since)}), at or above the threshold of ${threshold}.`,
  };
}

function evaluateConservativeCare(ctx: PathwayContext): CriterionOutcome {
  const care = conservativeCareEvidence(ctx);
  const recordEvidence = firstFew([...care.tried, ...care.tooRecent, ...care.other]);
  const tooRecentNote = care.tooRecent.length > 0 ? `${care.tooRecent.map((e) => e.display).join('; ')}: started less than ${CARE_MIN_DAYS} days ago.` : undefined;
  if (ctx.answers.conservativeCareTried !== undefined) {
    const tried = ctx.answers.conservativeCareTried;
    return outcome(tried ? 'met' : 'not-met', [answered('Conservative care tried and failed', tried), ...recordEvidence]);
  }
  if (care.tried.length > 0) {
    // v3: care documented is care tried; failure needs the physician, or pain persisting 7 days into care.
    const since = care.triedStarts.reduce((a, b) => (sortKey(b) < sortKey(a) ? b : a));
    const failure = careFailure(ctx, since);
    const evidence = failure.evidence ? [...recordEvidence, failure.evidence] : recordEvidence;
    if (failure.failed) return outcome('met', evidence, failure.metNote);
    const note = `Conservative care since ${shownDay(since)} documented; failure not documented: confirm.`;
    return outcome('unknown', evidence, [note, failure.note].filter(Boolean).join(' '));
  }
  const notes = [
    tooRecentNote,
    care.other.length > 0 ? `Conservative care found, but none started ${CARE_MIN_DAYS} to ${FRACTURE_WINDOW_DAYS} days ago.` : undefined,
  ].filter(Boolean);
  return outcome('unknown', recordEvidence, notes.join(' ') || undefined);
}

// ---- pain-course ----

/** pain-course worsening from the record: two or more usable scores within 84 days, latest higher than earliest. */
function worseningFromRecord(ctx: PathwayContext): { worsening?: boolean; evidence: Evidence[]; note?: string } {
  const recent = withinDays(painScores(ctx), ctx.asOf, FRACTURE_WINDOW_DAYS);
  if (recent.length < 2) return { evidence: [] };
  // §0 Latest (v3): the newest and the earliest by the one ordering rule, each with the scores it cannot be ordered against.
  const latest = latestObservations(recent);
  const earliest = latestObservations(recent, true);
  // Every score of the course, oldest first: the print and the note show the whole trend.
  const evidence = newestFirst(recent).reverse().map((o) => observationEvidence(o, OBSERVATIONS.painScore));
  if ([...latest, ...earliest].some((o) => painValue(o) === undefined)) return { evidence, note: 'A pain score of the course has no readable value.' };
  const unread = unreadTypes(ctx, ['Observation']);
  if (unread.length > 0) return { evidence, note: unreadNote(unread) };
  // Every pairing of a newest with an earliest score, by their extremes (linear: a day may hold many scores); a
  // score in both groups paired with itself counts as "not higher", the safe side (unknown rather than a trend).
  const values = (group: typeof latest) => group.map((o) => painValue(o)!);
  const [to, from] = [values(latest), values(earliest)];
  const max = (xs: number[]) => xs.reduce((a, b) => (b > a ? b : a), -Infinity);
  const min = (xs: number[]) => xs.reduce((a, b) => (b < a ? b : a), Infinity);
  const someHigher = max(to) > min(from);
  const someNotHigher = min(to) <= max(from);
  if (someHigher && someNotHigher) return { evidence, note: `The first and last pain scores of the course, ${SAME_DAY_DISAGREE}.` };
  // §0 (1), the safe reading of severe-pain's rule: with panels unsearched a newer, lower score may be missing, so
  // the record may show "not worsening" but never "worsening".
  if (someHigher && readLimitsOf(ctx, ['panel-components']).length > 0) return { evidence, note: `Pain scores read show worsening, but ${PANEL_PAIN_GAP}.` };
  return { worsening: someHigher, evidence };
}

function evaluatePainCourse(ctx: PathwayContext): CriterionOutcome {
  const { answers, record } = ctx;
  const evidence: Evidence[] = [];
  let worsening: boolean | undefined;
  let courseNote: string | undefined;
  if (answers.painWorsening !== undefined) {
    worsening = answers.painWorsening;
    evidence.push(answered('Pain worsening', worsening));
  } else {
    const course = worseningFromRecord(ctx);
    worsening = course.worsening;
    courseNote = course.note;
    evidence.push(...course.evidence);
  }
  const kyphosis = activeConditionsIn(record, CONDITIONS.kyphosis);
  const findings: Array<{ label: string; value: boolean | undefined }> = [
    { label: 'Height loss over 25%', value: answers.heightLossOver25 },
    { label: 'Kyphotic deformity', value: answers.kyphoticDeformity ?? (kyphosis.length > 0 ? true : undefined) },
    { label: 'Progressive height loss', value: answers.progressiveHeightLoss },
    { label: `Roland-Morris score over ${RDQ_SEVERE_ABOVE}`, value: answers.rdqScore === undefined ? undefined : answers.rdqScore > RDQ_SEVERE_ABOVE },
  ];
  for (const finding of findings) if (finding.value !== undefined) evidence.push(answerEvidence(`${finding.label}: ${yesNo(finding.value)}`));
  if (answers.kyphoticDeformity === undefined) evidence.push(...kyphosis.map((c) => conditionEvidence(c, record.patient.birthDate)));
  const trueCount = findings.filter((f) => f.value === true).length;
  const possibleCount = findings.filter((f) => f.value !== false).length;
  if (worsening === true || trueCount >= 2) return outcome('met', evidence);
  if (worsening === false && possibleCount <= 1) return outcome('not-met', evidence);
  const need = `Worsening pain, or at least two of: ${findings.map((f) => f.label.toLowerCase()).join('; ')}.`;
  return outcome('unknown', evidence, courseNote ? `${courseNote} ${need}` : need);
}

// ---- answer-only and supporting criteria ----

function evaluatePainAttributable(ctx: PathwayContext): CriterionOutcome {
  const value = ctx.answers.painAttributable;
  if (value === undefined) return outcome('unknown', [], 'Confirm on exam that the pain matches the fracture level.');
  return outcome(value ? 'met' : 'not-met', [answered('Pain attributable to the fracture', value)]);
}

function evaluateAgeOver70(ctx: PathwayContext): CriterionOutcome {
  const { age, record } = ctx;
  if (!age) return outcome('unknown', [], 'No birth date recorded.');
  const evidence = [evidenceOf({ resourceType: 'Patient', id: record.patient.id, display: `Age ${age.age}${age.approximate ? ' (approximate)' : ''}` }, record.patient.birthDate ? { date: record.patient.birthDate } : {})];
  // §0: a partial birth date gives the youngest possible age (supporting only, so it never decides the verdict).
  return outcome(age.age >= AGE_CONTEXT_YEARS ? 'met' : 'not-met', evidence, 'Context only: no coverage policy uses an age cut-off.');
}

function evaluateLimitedMobility(ctx: PathwayContext): CriterionOutcome {
  const { answers, record } = ctx;
  const conditions = activeConditionsIn(record, CONDITIONS.reducedMobility).map((c) => conditionEvidence(c, record.patient.birthDate));
  // Both are answers: a Roland-Morris score over 17 meets it even beside a "no" (the spec lists it under met).
  if (answers.rdqScore !== undefined && answers.rdqScore > RDQ_SEVERE_ABOVE) {
    return outcome('met', [answered('Roland-Morris score', answers.rdqScore), ...conditions]);
  }
  if (answers.limitedMobility !== undefined) {
    return outcome(answers.limitedMobility ? 'met' : 'not-met', [answered('Pain limits mobility', answers.limitedMobility), ...conditions]);
  }
  return outcome(conditions.length > 0 ? 'met' : 'unknown', conditions);
}

function evaluateOsteoporosis(ctx: PathwayContext): CriterionOutcome {
  const conditions = osteoporosisConditions(ctx).map((c) => conditionEvidence(c, ctx.record.patient.birthDate));
  const scores = newestFirst(osteoporoticTScores(ctx)).map((o) => observationEvidence(o));
  const evidence = firstFew([...conditions, ...scores]);
  if (evidence.length > 0) return outcome('met', evidence);
  // Strict (§0 v3): osteoporosis known only by a system-less code or its text is shown, and meets nothing.
  const notCoded = firstFew(notCodedEvidence(ctx, CONDITIONS.osteoporosis, CANDIDACY_WORDS.osteoporosis));
  return notCoded.length > 0
    ? outcome('unknown', notCoded, 'Osteoporosis is recorded without a code the rules can count (not coded: confirm).')
    : outcome('unknown', evidence);
}

const osteoporoticOnly = (ctx: PathwayContext) => ctx.pathway === 'osteoporotic';
const osteoporoticOutpatientOrMalignant = (ctx: PathwayContext) => ctx.pathway === 'malignant' || !ctx.hospitalized;
const osteoporoticOutpatient = (ctx: PathwayContext) => ctx.pathway === 'osteoporotic' && !ctx.hospitalized;
const both = () => true;
const supporting = () => false;

export const CRITERIA: readonly CriterionRule[] = [
  { id: 'vcf', label: 'Vertebral compression fracture documented', requiredOn: both, evaluate: evaluateVcf },
  { id: 'fracture-age', label: 'Fracture is acute or subacute (onset within 12 weeks)', requiredOn: osteoporoticOnly, evaluate: evaluateFractureAge },
  { id: 'imaging-confirmation', label: 'Advanced imaging shows an acute fracture (MRI marrow edema, or bone-scan / SPECT uptake)', requiredOn: both, evaluate: evaluateImagingConfirmation },
  { id: 'severe-pain', label: 'Pain severe enough: NRS 8 or more when hospitalized, 5 or more otherwise', requiredOn: both, evaluate: evaluateSeverePain },
  { id: 'conservative-care', label: 'Non-surgical management tried and failed', requiredOn: osteoporoticOutpatientOrMalignant, evaluate: evaluateConservativeCare },
  { id: 'pain-course', label: 'Pain worsening, or at least two adverse findings', requiredOn: osteoporoticOutpatient, evaluate: evaluatePainCourse },
  { id: 'pain-attributable', label: 'Pain is primarily from the identified fracture (exam matches the imaging level)', requiredOn: both, evaluate: evaluatePainAttributable },
  { id: 'age-over-70', label: 'Age over 70 (article)', requiredOn: supporting, evaluate: evaluateAgeOver70 },
  { id: 'limited-mobility', label: 'Pain limits mobility or independent function (article)', requiredOn: supporting, evaluate: evaluateLimitedMobility },
  { id: 'osteoporosis', label: 'Osteoporosis documented', requiredOn: supporting, evaluate: evaluateOsteoporosis },
];
