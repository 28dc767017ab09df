// What the record gives the clinician's form: read-only facts (age, sex, diagnoses) and, for each answer the
// record can suggest, its value and source. Pure: no DOM, no fetch, no clock (asOf is given).
//
// A prefilled value is what the rules would read from the record anyway; the app sends it to assess() only once
// the physician changes it, so untouched fields keep the record's own evidence (an answer "comes from the clinician").
import { CAUTION_LISTS, CONDITIONS, type CautionList, type CodeList } from './codes';
import { conditionEvidence, evidenceOf, observationEvidence, patientAge, recordAsOf } from './reading';
import { activeConditionsIn, activeConditionsInCautionList, cementAllergies } from './facts';
import { MATCHED_BY_TEXT, withMatchNote } from './matching';
import { conservativeCareEvidence, currentPain, hospitalization, osteoporosisConditions, osteoporoticTScores, CARE_MIN_DAYS, FRACTURE_WINDOW_DAYS, PAIN_SCORE_WINDOW_DAYS } from './findings';
import { dayOf, sortKey } from './dates';
import type { RuleContext } from './context';
import { newestOnset } from './fracture-onset';
import type { ConditionFact, PatientRecord } from './record';
import type { Answers, Evidence } from './types';

/** A read-only line: what the record says, with where it says it. */
export interface PrefillFact {
  id: string;
  label: string;
  value: string;
  evidence: Evidence[];
}

/** What the record said about one answer, whether or not it gave a value for it. */
export interface PrefillSource {
  display: string;
  evidence: Evidence[];
}

export interface Prefill {
  facts: PrefillFact[];
  /** The record's value for each answer it can suggest. */
  answers: Answers;
  /** Per answer: the record's statement and evidence (also when it gives no value, e.g. a stale pain score). */
  sources: Partial<Record<keyof Answers, PrefillSource>>;
}

/**
 * `list`: a strict code list (candidacy and context), or a caution list (CAUTION_LISTS: what stops or cautions),
 * matched generously as the rules match it (clinical-rules §0 v3), so the form suggests what the rules will read.
 */
const DIAGNOSES: ReadonlyArray<{ id: string; label: string; list: CodeList | CautionList; remissionCounts?: boolean }> = [
  { id: 'vertebral-fracture', label: 'Vertebral fracture', list: CONDITIONS.vertebralFracture },
  { id: 'malignancy', label: 'Malignancy', list: CAUTION_LISTS.malignancy, remissionCounts: true },
  { id: 'kyphosis', label: 'Kyphosis', list: CONDITIONS.kyphosis },
  { id: 'reduced-mobility', label: 'Reduced mobility', list: CONDITIONS.reducedMobility },
  { id: 'spinal-infection', label: 'Spinal or systemic infection', list: CAUTION_LISTS.spinalInfection },
  { id: 'neurologic-compromise', label: 'Neurologic compromise', list: CAUTION_LISTS.neurologicCompromise },
  { id: 'pregnancy', label: 'Pregnancy', list: CAUTION_LISTS.pregnancy },
  { id: 'coagulopathy', label: 'Coagulopathy', list: CAUTION_LISTS.coagulopathy },
  { id: 'alternative-pain-source', label: 'Alternative pain source', list: CONDITIONS.alternativePainSource },
];

const isCautionList = (list: CodeList | CautionList): list is CautionList => 'codes' in list;

/** Conditions that answer a yes/no question when present (absence proves nothing, so no value then). */
const PRESENT_MEANS_YES: ReadonlyArray<{ field: keyof Answers; diagnosis: string; display: string }> = [
  { field: 'kyphoticDeformity', diagnosis: 'kyphosis', display: 'Kyphosis recorded' },
  { field: 'limitedMobility', diagnosis: 'reduced-mobility', display: 'Reduced mobility recorded' },
  { field: 'activeInfection', diagnosis: 'spinal-infection', display: 'Infection recorded' },
  { field: 'neurologicDeficit', diagnosis: 'neurologic-compromise', display: 'Neurologic compromise recorded' },
  { field: 'pregnant', diagnosis: 'pregnancy', display: 'Pregnancy recorded' },
];

const names = (conditions: ConditionFact[]) => [...new Set(conditions.map((c) => c.display))].join('; ');

export function prefill(fullRecord: PatientRecord, asOf: string): Prefill {
  const record = recordAsOf(fullRecord, asOf);
  const { patient } = record;
  const ctx: RuleContext = { record, answers: {}, asOf };
  const facts: PrefillFact[] = [];
  const answers: Answers = {};
  const sources: Prefill['sources'] = {};
  const patientEvidence = (display: string): Evidence[] => [evidenceOf({ resourceType: 'Patient', id: patient.id, display }, patient.birthDate ? { date: patient.birthDate } : {})];

  const age = patientAge(patient, asOf);
  facts.push({ id: 'age', label: 'Age', value: age ? `${age.age}${age.approximate ? ' (approximate: partial birth date)' : ''}` : 'unknown (no birth date)', evidence: age ? patientEvidence(`Born ${patient.birthDate}`) : [] });
  facts.push({ id: 'sex', label: 'Sex', value: patient.sex ?? 'not recorded', evidence: patient.sex ? [evidenceOf({ resourceType: 'Patient', id: patient.id, display: `Gender: ${patient.sex}` })] : [] });

  const found = new Map<string, ConditionFact[]>();
  for (const diagnosis of DIAGNOSES) {
    const options = { remissionCounts: !!diagnosis.remissionCounts };
    const { list } = diagnosis;
    const matches = isCautionList(list)
      ? activeConditionsInCautionList(record, list, options)
      : activeConditionsIn(record, list, options).map((condition) => ({ condition, by: 'code' as const }));
    const conditions = matches.map((m) => m.condition);
    found.set(diagnosis.id, conditions);
    if (conditions.length) {
      const evidence = matches.map((m) => withMatchNote(conditionEvidence(m.condition, patient.birthDate), m.by === 'text' ? MATCHED_BY_TEXT : undefined));
      facts.push({ id: diagnosis.id, label: diagnosis.label, value: names(conditions), evidence });
    }
  }
  const osteoporosis = [...osteoporosisConditions(ctx).map((c) => conditionEvidence(c, patient.birthDate)), ...osteoporoticTScores(ctx).map((o) => observationEvidence(o))];
  const fractureFact = facts.findIndex((f) => f.id === 'vertebral-fracture');
  const afterFracture = fractureFact >= 0 ? fractureFact + 1 : 2;
  if (osteoporosis.length) facts.splice(afterFracture, 0, { id: 'osteoporosis', label: 'Osteoporosis', value: osteoporosis.map((e) => e.display).join('; '), evidence: osteoporosis });

  // vcf and onset: the newest vertebral fracture is the one treated.
  const fractures = found.get('vertebral-fracture') ?? [];
  if (fractures.length) {
    answers.vcf = true;
    sources.vcf = { display: 'Active vertebral fracture recorded', evidence: fractures.map((c) => conditionEvidence(c, patient.birthDate)) };
    const newest = newestOnset(fractures, patient.birthDate, asOf);
    if (newest) {
      answers.onsetDate = newest.onset;
      sources.onsetDate = { display: `Onset of ${newest.condition.display}`, evidence: [conditionEvidence(newest.condition, patient.birthDate)] };
    } else {
      sources.onsetDate = { display: 'The recorded fracture has no onset date', evidence: fractures.map((c) => conditionEvidence(c, patient.birthDate)) };
    }
  }

  const stay = hospitalization(ctx);
  if (stay.unknown) {
    sources.hospitalized = { display: 'Hospital stays could not be read: answer this', evidence: [] };
  } else {
    answers.hospitalized = stay.hospitalized;
    sources.hospitalized = stay.hospitalized
      ? { display: 'Inpatient stay in progress', evidence: stay.evidence }
      : { display: 'No inpatient stay in progress found', evidence: [] };
  }

  const pain = currentPain(ctx);
  if (pain.latest && pain.evidence) {
    const { score, observation } = pain.latest;
    const day = dayOf(observation.date);
    if (score === undefined) {
      sources.painScore = { display: `Latest pain score on ${day} has no readable 0-10 value: enter today's`, evidence: [pain.evidence] };
    } else if (pain.score !== undefined) {
      answers.painScore = pain.score;
      sources.painScore = { display: `Latest pain score ${score}/10 on ${day}`, evidence: [pain.evidence] };
    } else {
      sources.painScore = { display: `Latest pain score ${score}/10 on ${day} is older than ${PAIN_SCORE_WINDOW_DAYS} days: enter today's`, evidence: [pain.evidence] };
    }
  }

  const care = conservativeCareEvidence(ctx);
  if (care.tried.length) {
    // v3 conservative-care: care documented is tried, not failed; the answer asks "tried and failed", so the
    // record gives it no value (the rule itself reads failure from pain scores).
    const since = care.triedStarts.reduce((a, b) => (sortKey(b) < sortKey(a) ? b : a));
    sources.conservativeCareTried = { display: `Conservative care since ${dayOf(since) ?? since} documented; failure: confirm`, evidence: care.tried };
  } else if (care.tooRecent.length) {
    sources.conservativeCareTried = { display: `Conservative care started less than ${CARE_MIN_DAYS} days ago: too early to call it failed`, evidence: care.tooRecent };
  } else if (care.other.length) {
    sources.conservativeCareTried = { display: `Conservative care found, none started ${CARE_MIN_DAYS} to ${FRACTURE_WINDOW_DAYS} days ago`, evidence: care.other };
  }

  for (const { field, diagnosis, display } of PRESENT_MEANS_YES) {
    const conditions = found.get(diagnosis) ?? [];
    if (!conditions.length) continue;
    (answers as Record<string, unknown>)[field] = true;
    sources[field] = { display, evidence: conditions.map((c) => conditionEvidence(c, patient.birthDate)) };
  }
  const allergies = cementAllergies(record);
  if (allergies.length) {
    answers.cementAllergy = true;
    sources.cementAllergy = { display: 'Allergy recorded', evidence: allergies.map((a) => evidenceOf(a)) };
  }
  return { facts, answers, sources };
}
