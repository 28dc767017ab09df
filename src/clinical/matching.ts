// clinical-rules §0 *Matching what stops or cautions* (v3): the generous matcher for the lists that can make a
// patient not-candidate or add a caution. A missed contraindication is the dangerous error, so a code counts in any
// spelling of its system, a system-less ICD-10-CM shape counts, and the list's words count in the record's text.
// Candidacy lists keep the strict matcher of codes.ts (codingMatches); this module only tells them what they
// must show as "not coded: confirm".
import {
  NEGATIONS,
  SYSTEM_ALIASES,
  SYSTEM_NAME_WORDS,
  codingMatches,
  conceptTexts,
  type CautionList,
  type CodeList,
  type WordList,
} from './codes';
import type { Coding, Concept, ConditionFact } from './record';

export type MatchedBy = 'code' | 'text';

/** The evidence note of a record counted by its text alone. */
export const MATCHED_BY_TEXT = 'matched by its text';
/** The evidence note of a record a candidacy list cannot count (system-less code, odd system spelling, text only). */
export const NOT_CODED = 'not coded: confirm';

// ---- systems in any spelling ----

type GenerousSystem = keyof typeof SYSTEM_ALIASES;

/** codes.md Systems: each URI, and each OID read with or without `urn:oid:` (§0 v3: a bare OID is the same system). */
const KNOWN_SYSTEMS = new Map<string, GenerousSystem>();
for (const [system, aliases] of Object.entries(SYSTEM_ALIASES) as Array<[GenerousSystem, readonly string[]]>) {
  for (const alias of aliases) KNOWN_SYSTEMS.set(alias.toLowerCase().replace(/^urn:oid:/, ''), system);
}

/** A record repeats a few system strings: each is read once (bounded, so endless distinct strings cannot grow it). */
const systemsRead = new Map<string, GenerousSystem | null>();
const MAX_SYSTEMS_READ = 512;

function readSystem(system: string): GenerousSystem | null {
  const lower = system.trim().replace(/\/$/, '').toLowerCase();
  const known = KNOWN_SYSTEMS.get(lower.replace(/^urn:oid:/, ''));
  if (known) return known;
  // "any system string containing icd-10/icd10, snomed, rxnorm": spaces, hyphens and underscores alike ("ICD 10-CM").
  const squeezed = lower.replace(/[\s_-]/g, '');
  for (const [name, word] of Object.entries(SYSTEM_NAME_WORDS) as Array<[GenerousSystem, string]>) if (squeezed.includes(word)) return name;
  return null;
}

function generousSystem(system: string): GenerousSystem | null {
  let read = systemsRead.get(system);
  if (read === undefined) {
    read = readSystem(system);
    if (systemsRead.size < MAX_SYSTEMS_READ) systemsRead.set(system, read);
  }
  return read;
}

/** The URI the strict matcher knows for each system (its first alias): a generous coding is re-read under it. */
const canonical = (system: GenerousSystem): string => SYSTEM_ALIASES[system][0];

/** The ICD-10-CM shape (§0): a letter, two characters, then optionally a dot and up to four characters. */
const ICD10_SHAPE = /^[A-Za-z][A-Za-z0-9]{2}(?:\.?[A-Za-z0-9]{1,4})?$/;

/**
 * A coding in a list, generously (§0): its system in any spelling (URI, OID with or without `urn:oid:`, a string
 * containing icd-10/icd10, snomed, rxnorm), or no system and a code of the ICD-10-CM shape against the ICD-10-CM
 * entries. The list's own rules (prefixes, exceptions, 7th character) still apply.
 */
export function codingMatchesGenerously(coding: Coding, list: CodeList): boolean {
  if (codingMatches(coding, list)) return true;
  const code = coding.code?.trim();
  if (!code) return false;
  const system = coding.system?.trim();
  if (!system) return !!list.icd10 && ICD10_SHAPE.test(code) && codingMatches({ system: canonical('icd10'), code }, list);
  const read = generousSystem(system);
  return read !== null && codingMatches({ system: canonical(read), code }, list);
}

export function conceptMatchesGenerously(concept: Concept | undefined, list: CodeList): boolean {
  return !!concept && concept.codings.some((coding) => codingMatchesGenerously(coding, list));
}

// ---- words in text ----

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}])';

/**
 * One alternative of a word list: whole words, a trailing `*` a prefix, a phrase its words in sequence. A plural
 * (`-s`, `-es`) of a whole word is the same word ("unstable fractures"): the generous reading.
 */
function wordPattern(word: string, plural: boolean): string {
  const prefix = word.endsWith('*');
  const body = (prefix ? word.slice(0, -1) : word).trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  if (prefix) return `${body}[\\p{L}\\p{N}]*`;
  return plural ? `${body}(?:e?s)?${NOT_WORD_AFTER}` : `${body}${NOT_WORD_AFTER}`;
}

/** A negation as codes.md writes it: `no `, `not ` keep their trailing space; the others are whole words. */
function negationPattern(word: string): string {
  const spaced = word.endsWith(' ');
  const body = word.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  return spaced ? `${body}\\s` : `${body}${NOT_WORD_AFTER}`;
}

function anyOf(alternatives: string[]): RegExp | undefined {
  return alternatives.length === 0 ? undefined : new RegExp(`${NOT_WORD_BEFORE}(?:${alternatives.join('|')})`, 'iu');
}

interface CompiledWords {
  words?: RegExp;
  together: Array<{ words: RegExp; with: RegExp }>;
  stop?: RegExp;
}

const compiledWords = new WeakMap<WordList, Map<readonly string[], CompiledWords>>();

function compile(list: WordList, negations: readonly string[]): CompiledWords {
  let byNegations = compiledWords.get(list);
  if (!byNegations) compiledWords.set(list, (byNegations = new Map()));
  let compiled = byNegations.get(negations);
  if (!compiled) {
    compiled = {
      words: anyOf(list.words.map((w) => wordPattern(w, true))),
      together: (list.together ?? []).map((t) => ({ words: anyOf(t.words.map((w) => wordPattern(w, true)))!, with: anyOf(t.with.map((w) => wordPattern(w, true)))! })),
      stop: anyOf([...negations.map(negationPattern), ...(list.exclusions ?? []).map((w) => wordPattern(w, false))]),
    };
    byNegations.set(negations, compiled);
  }
  return compiled;
}

/**
 * Whether one of the texts names a word of the list (codes.md *Words*), with no negation in that same text.
 * `companions` (a condition's body-site text) may supply the second word of an "X together with Y" entry.
 */
export function textsNameWords(
  texts: readonly string[],
  list: WordList,
  options: { negations?: readonly string[]; companions?: readonly string[] } = {},
): boolean {
  const compiled = compile(list, options.negations ?? NEGATIONS);
  const companions = options.companions ?? [];
  return texts.some((text) => {
    if (!text) return false;
    const named =
      !!compiled.words?.test(text) ||
      compiled.together.some((t) => t.words.test(text) && (t.with.test(text) || companions.some((c) => t.with.test(c))));
    return named && !compiled.stop?.test(text);
  });
}

const negationPatterns = new Map<readonly string[], RegExp | undefined>();

/** Whether a text holds one of these negations (codes.md *Words*): used where a list is text by definition (allergies). */
export function hasNegation(text: string, negations: readonly string[] = NEGATIONS): boolean {
  let pattern = negationPatterns.get(negations);
  if (!negationPatterns.has(negations)) negationPatterns.set(negations, (pattern = anyOf(negations.map(negationPattern))));
  return !!pattern?.test(text);
}

// ---- conditions ----

/** Per condition and list: the condition list is small, but the panel evaluates the same record on every change. */
const conditionMatches = new WeakMap<ConditionFact, Map<CautionList, MatchedBy | null>>();

/** How a condition is in a caution list: by a code (any spelling), by its text alone, or not at all. */
export function conditionMatch(condition: ConditionFact, list: CautionList): MatchedBy | undefined {
  let byList = conditionMatches.get(condition);
  if (!byList) conditionMatches.set(condition, (byList = new Map()));
  let found = byList.get(list);
  if (found === undefined) {
    found = conceptMatchesGenerously(condition.code, list.codes)
      ? 'code'
      : list.words && textsNameWords(conceptTexts(condition.code), list.words, { companions: condition.bodySites.flatMap(conceptTexts) })
        ? 'text'
        : null;
    byList.set(list, found);
  }
  return found ?? undefined;
}

/**
 * A record a candidacy list (strict) cannot count but should show (§0): a code the generous matcher reads in the
 * list (system-less, or its system spelled otherwise), or, with `words`, text naming the list. False when the
 * strict list already counts it, or nothing relates it to the list. Remembered per concept and list (the words are
 * fixed per list).
 */
const notCodedMatches = new WeakMap<Concept, Map<CodeList, boolean>>();

export function notCodedMatch(concept: Concept, list: CodeList, words?: WordList): boolean {
  let byList = notCodedMatches.get(concept);
  if (!byList) notCodedMatches.set(concept, (byList = new Map()));
  let found = byList.get(list);
  if (found === undefined) {
    found =
      !concept.codings.some((c) => codingMatches(c, list)) &&
      (conceptMatchesGenerously(concept, list) || (!!words && textsNameWords(conceptTexts(concept), words)));
    byList.set(list, found);
  }
  return found;
}

/** An evidence display with the note of how it was matched ("... (matched by its text)"). */
export function withMatchNote<T extends { display: string }>(evidence: T, note: string | undefined): T {
  return note ? { ...evidence, display: `${evidence.display} (${note})` } : evidence;
}
