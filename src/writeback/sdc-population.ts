// SDC population (Structured Data Capture, expression-based population) of the app's Questionnaire: what another
// form filler (an EHR's SDC renderer, CSIRO Smart Forms, LHC-Forms) needs to prefill it without this app. The app's
// own prefill (clinical/prefill.ts) stays the reference; tests/writeback/sdc-populate.test.ts populates this with
// CSIRO's $populate against every sample patient and compares item by item.
//
// Every code in these expressions is generated from clinical/codes.ts, never retyped. Only what FHIRPath can say
// exactly is populated; the rest (text matches, conservative care's window and failure, imaging, onset ages) is left
// for the physician: initialExpressions() names what is populated, the test lists the rest.
//
// Build time only: scripts/write-questionnaire.ts writes the result into public/questionnaire.json (a static file).
// questionnaire.ts imports it for buildQuestionnaire alone, which the app never calls: everything here is built
// inside functions, so the app's bundles drop it (no SDC extension URL appears in the built chunks).
import type { Extension, QuestionnaireItem } from 'fhir/r4';
import { CAUTION_LISTS, CONDITIONS, OBSERVATIONS, SYSTEM_ALIASES, SYSTEM_NAME_WORDS, type CodeList } from '../clinical/codes';
import { PAIN_SCORE_WINDOW_DAYS } from '../clinical/findings';
import type { Answers } from '../clinical/types';

const SDC = 'http://hl7.org/fhir/uv/sdc/StructureDefinition';
export const LAUNCH_CONTEXT_EXTENSION = `${SDC}/sdc-questionnaire-launchContext`;
export const INITIAL_EXPRESSION_EXTENSION = `${SDC}/sdc-questionnaire-initialExpression`;
export const VARIABLE_EXTENSION = 'http://hl7.org/fhir/StructureDefinition/variable';
const LAUNCH_CONTEXT_SYSTEM = 'http://hl7.org/fhir/uv/sdc/CodeSystem/launchContext';

// ---- FHIRPath from the code lists ----

const str = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const anyOf = (values: readonly string[]) => `(${values.map(str).join(' | ')})`;
const normalizedSystem = (system: string) => system.trim().replace(/\/$/, '').toLowerCase();
const normalizeIcd = (code: string) => code.replace(/\./g, '').trim().toUpperCase();

/** A range of three-character categories (`O00*-O08*`, codes.md), spelled out: FHIRPath has no range on text. */
function categoriesBetween(from: string, to: string): string[] {
  const a = normalizeIcd(from);
  const b = normalizeIcd(to);
  if (a.length !== 3 || b.length !== 3 || a[0] !== b[0] || !/^\d\d$/.test(a.slice(1)) || !/^\d\d$/.test(b.slice(1))) {
    throw new Error(`ICD-10 range ${from}-${to}: only ranges of numbered categories of one letter are written as FHIRPath`);
  }
  const out: string[] = [];
  for (let n = Number(a.slice(1)); n <= Number(b.slice(1)); n++) out.push(`${a[0]}${String(n).padStart(2, '0')}`);
  return out;
}

/** One codes.md ICD-10 entry as a regular expression on the undotted, upper-case code (codes.ts `icdTest`). */
function icdPattern(entry: string): string {
  const range = /^([^-]+)\*-([^-]+)\*$/.exec(entry);
  if (range) return `(?:${categoriesBetween(range[1]!, range[2]!).join('|')})`;
  const prefix = entry.endsWith('*');
  const body = normalizeIcd(prefix ? entry.slice(0, -1) : entry)
    .split('')
    .map((ch) => (ch === '?' ? '.' : ch.replace(/[^A-Z0-9]/g, '\\$&')))
    .join('');
  return `(?:${body}${prefix ? '' : '$'})`;
}

const icdRegex = (entries: readonly string[]) => `^(?:${entries.map(icdPattern).join('|')})`;

/** The ICD-10 part of a list on `code` (a Coding's code): the entries, minus exceptions and excluded 7th characters. */
function icdCodeTest(list: CodeList): string {
  const code = "code.replace('.', '').trim().upper()";
  const parts = [`${code}.matches(${str(icdRegex(list.icd10!))})`];
  if (list.icd10Except) parts.push(`${code}.matches(${str(icdRegex(list.icd10Except))}).not()`);
  if (list.icd10SeventhNot) parts.push(`(${code}.length() < 7 or (${code}.substring(6, 1) in ${anyOf(list.icd10SeventhNot)}).not())`);
  return parts.join(' and ');
}

function systemIn(aliases: readonly string[]): string {
  return `system.trim().replaceMatches('/$', '').lower() in ${anyOf(aliases.map(normalizedSystem))}`;
}

/**
 * §0 Matching what stops or cautions (v3), its coded part: the system in any spelling (a name containing icd10 or
 * snomed, the OID with or without `urn:oid:`), or no system and a code of the ICD-10-CM shape.
 */
function generousSystem(key: 'icd10' | 'snomed'): string {
  const oids = SYSTEM_ALIASES[key].filter((a) => a.startsWith('urn:oid:')).map((a) => a.slice('urn:oid:'.length));
  return `(${systemIn([...SYSTEM_ALIASES[key], ...oids])} or system.lower().replaceMatches('[-_ ]', '').contains(${str(SYSTEM_NAME_WORDS[key])}))`;
}

const ICD10_SHAPE = "code.trim().matches('^[A-Za-z][A-Za-z0-9]{2}(\\\\.?[A-Za-z0-9]{1,4})?$')";

/** A FHIRPath test on a Coding: it is in the list (strictly, as the candidacy rules read; or generously, as the cautions read). */
export function codingInList(list: CodeList, reading: 'strict' | 'generous'): string {
  const tests: string[] = [];
  if (list.icd10) {
    const system = reading === 'strict' ? systemIn(SYSTEM_ALIASES.icd10) : `(${generousSystem('icd10')} or (system.empty() and ${ICD10_SHAPE}))`;
    tests.push(`(${system} and ${icdCodeTest(list)})`);
  }
  if (list.snomed) tests.push(`(${reading === 'strict' ? systemIn(SYSTEM_ALIASES.snomed) : generousSystem('snomed')} and code.trim() in ${anyOf(list.snomed)})`);
  if (list.loinc) tests.push(`(${systemIn(SYSTEM_ALIASES.loinc)} and code.trim() in ${anyOf(list.loinc)})`);
  if (list.cpt || list.rxnorm || list.hcpcs) throw new Error('codingInList: only ICD-10, SNOMED CT and LOINC lists are written as FHIRPath');
  return tests.join(' or ');
}

// ---- Variables: what the rules read, fetched by x-fhir-query, then narrowed in FHIRPath ----

interface Variable {
  name: string;
  language: 'application/x-fhir-query' | 'text/fhirpath';
  expression: string;
  description: string;
}

const ACTIVE = `(clinicalStatus.empty() or clinicalStatus.coding.code in ${anyOf(['active', 'recurrence', 'relapse'])}) and verificationStatus.coding.where(code in ${anyOf(['refuted', 'entered-in-error'])}).empty()`;
/** recordAsOf: what is dated after today is not yet in the record the rules read. */
const CONDITION_NOT_FUTURE = "(onset.ofType(dateTime) | recordedDate).first().empty() or (onset.ofType(dateTime) | recordedDate).first().toString().substring(0, 10) <= %today";
/** §0 Usable observation. */
const USABLE = `status in ${anyOf(['final', 'amended', 'corrected', 'preliminary'])}`;
/** normalize.ts observationDate, as a day. */
const OBSERVATION_DAY = "(effective.ofType(dateTime) | effective.ofType(Period).end | effective.ofType(Period).start | effective.ofType(instant) | issued).first().toString().substring(0, 10)";
/** findings.ts INPATIENT_CLASSES (§0 Inpatient stay): v3 ActCode classes of a hospital stay. */
const INPATIENT_CLASSES = ['IMP', 'ACUTE'];
const NOT_ENDED = 'period.end.empty() or period.end.toString().substring(0, 10) >= %today';

const conditionsIn = (list: CodeList, reading: 'strict' | 'generous') =>
  `%conditions.entry.resource.ofType(Condition).where((${ACTIVE}) and (${CONDITION_NOT_FUTURE}) and code.coding.where(${codingInList(list, reading)}).exists())`;

const painCoded = codingInList(OBSERVATIONS.painScore, 'strict');
/** findings.ts painValue: the score of the observation, or of its pain component, as a 0-10 number (never a VAS in mm). */
const PAIN_VALUE = `iif(code.coding.where(${painCoded}).exists(), value, component.where(code.coding.where(${painCoded}).exists()).value).ofType(Quantity).where(value >= 0 and value <= 10 and (code | unit).where(lower() = 'mm').empty()).value`;

/** Built on demand (functions, not module constants), so a bundle that imports questionnaire.ts without buildQuestionnaire drops all of this. */
const variables = (): Variable[] => [
  { name: 'today', language: 'text/fhirpath', expression: 'today().toString()', description: 'The day the form is filled (asOf)' },
  { name: 'conditions', language: 'application/x-fhir-query', expression: 'Condition?patient={{%patient.id}}', description: 'Every Condition of the patient (the code lists use prefixes a token search cannot express)' },
  {
    name: 'painObservations',
    language: 'application/x-fhir-query',
    expression: `Observation?patient={{%patient.id}}&code=${OBSERVATIONS.painScore.loinc.map((c) => `${SYSTEM_ALIASES.loinc[0]}|${c}`).join(',')}`,
    description: 'Pain-score Observations (codes.md pain score)',
  },
  { name: 'encounters', language: 'application/x-fhir-query', expression: 'Encounter?patient={{%patient.id}}&status=in-progress', description: 'Encounters in progress (§0 Inpatient stay)' },
  { name: 'fractures', language: 'text/fhirpath', expression: conditionsIn(CONDITIONS.vertebralFracture, 'strict'), description: 'Active vertebral fractures (codes.md vertebral fracture)' },
  { name: 'painSince', language: 'text/fhirpath', expression: `(today() - ${PAIN_SCORE_WINDOW_DAYS} days).toString()`, description: `First day of the pain-score window (${PAIN_SCORE_WINDOW_DAYS} days)` },
  { name: 'painInWindow', language: 'text/fhirpath', expression: `%painObservations.entry.resource.ofType(Observation).where(${USABLE} and (code.coding.where(${painCoded}) | component.code.coding.where(${painCoded})).exists() and ${OBSERVATION_DAY} >= %painSince and ${OBSERVATION_DAY} <= %today)`, description: 'Usable pain scores within the window' },
  { name: 'latestPainDay', language: 'text/fhirpath', expression: `%painInWindow.select(${OBSERVATION_DAY}).aggregate(iif($total.empty() or $this > $total, $this, $total))`, description: 'Day of the latest pain score within the window (§0 Latest)' },
];

/** A yes from a condition the record holds; absence proves nothing, so no answer then (prefill.ts PRESENT_MEANS_YES). */
const presentMeansYes = (list: CodeList, reading: 'strict' | 'generous') => `${conditionsIn(list, reading)}.exists().where($this)`;

/**
 * What the record settles, by field. Each expression gives the answer the app's prefill gives, or nothing.
 * Not here (left for the physician): conservativeCareTried (spec v3 conservative-care: the record shows care tried,
 * never failed), imagingConfirmsAcute, painAttributable, etiology, levels, rdqScore, the exam findings, and the
 * cement allergy (read from allergy text).
 */
export const initialExpressions = (): Partial<Record<keyof Answers, { expression: string; description: string }>> => ({
  vcf: { expression: '%fractures.exists().where($this)', description: 'An active vertebral fracture is recorded' },
  onsetDate: {
    expression: `%fractures.select(onset.ofType(dateTime).toString().substring(0, 10)).where($this <= %today).aggregate(iif($total.empty() or $this > $total, $this, $total))`,
    description: 'Onset of the newest recorded vertebral fracture',
  },
  painScore: {
    expression: `%painInWindow.where(${OBSERVATION_DAY} = %latestPainDay).last().select(${PAIN_VALUE})`,
    description: `The latest pain score within ${PAIN_SCORE_WINDOW_DAYS} days, when readable as 0-10`,
  },
  hospitalized: {
    // Only once the Encounter search answered: a failed search leaves the question open (prefill.ts `unknown`).
    // The app lets the launch encounter decide first; FHIRPath cannot test whether %encounter was given (an undefined
    // launch context is an error, not an empty value), so the in-progress search alone decides here.
    expression: `iif(%encounters.exists(), %encounters.entry.resource.ofType(Encounter).where(status = 'in-progress' and class.code in ${anyOf(INPATIENT_CLASSES)} and (${NOT_ENDED})).exists(), {})`,
    description: 'An inpatient stay is in progress',
  },
  kyphoticDeformity: { expression: presentMeansYes(CONDITIONS.kyphosis, 'strict'), description: 'Kyphosis recorded' },
  limitedMobility: { expression: presentMeansYes(CONDITIONS.reducedMobility, 'strict'), description: 'Reduced mobility recorded' },
  activeInfection: { expression: presentMeansYes(CAUTION_LISTS.spinalInfection.codes, 'generous'), description: 'Infection recorded (coded)' },
  neurologicDeficit: { expression: presentMeansYes(CAUTION_LISTS.neurologicCompromise.codes, 'generous'), description: 'Neurologic compromise recorded (coded)' },
  pregnant: { expression: presentMeansYes(CAUTION_LISTS.pregnancy.codes, 'generous'), description: 'Pregnancy recorded (coded)' },
});

// ---- Extensions ----

function launchContext(code: 'patient' | 'user' | 'encounter', types: string[], description: string): Extension {
  return {
    url: LAUNCH_CONTEXT_EXTENSION,
    extension: [
      { url: 'name', valueCoding: { system: LAUNCH_CONTEXT_SYSTEM, code } },
      ...types.map((valueCode) => ({ url: 'type', valueCode })),
      { url: 'description', valueString: description },
    ],
  };
}

/** Questionnaire-level population: launch contexts, then the variables in the order they depend on each other. */
export function populationExtensions(): Extension[] {
  return [
    launchContext('patient', ['Patient'], 'The patient the answers are about'),
    launchContext('user', ['Practitioner', 'PractitionerRole'], 'The physician filling the form'),
    // Declared for fillers that pass it; no expression reads it (see hospitalized).
    launchContext('encounter', ['Encounter'], 'The encounter of the launch, when there is one'),
    ...variables().map(({ name, language, expression, description }): Extension => ({ url: VARIABLE_EXTENSION, valueExpression: { name, language, expression, description } })),
  ];
}

/** The item's initialExpression, when the record can settle the field. */
export function initialExpression(field: keyof Answers): Extension | undefined {
  const found = initialExpressions()[field];
  return found && { url: INITIAL_EXPRESSION_EXTENSION, valueExpression: { language: 'text/fhirpath', expression: found.expression, description: found.description } };
}

export function withInitialExpression(item: QuestionnaireItem): QuestionnaireItem {
  const extension = initialExpression(item.linkId as keyof Answers);
  return extension ? { ...item, extension: [...(item.extension ?? []), extension] } : item;
}
