// A payer's answer on the draft order, read (never written) from the Da Vinci CRD coverage-information extension
// (http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information): whether prior authorization
// or documentation is needed, and the payer's questionnaire to fill (DTR). The extension is request data from
// outside: each value is bounded in length and count, shown as text, and only an http(s) questionnaire URL
// becomes a link.

export const CRD_COVERAGE_INFORMATION = 'http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information';

const MAX_EXTENSIONS = 10;
const MAX_TEXT = 200;
const MAX_URL = 2000;

export interface PayerAsk {
  /** Lines for the card's detail, each read after "Payer: ": "prior authorization needed", "documentation needed (clinical)". */
  lines: string[];
  /** The payer's questionnaires, as http(s) URLs (the canonical's "|version" dropped). */
  questionnaires: string[];
  /** The shortest form of the most important ask, for the summary: "payer: prior authorization needed". */
  headline?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bounded = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text);

const COVERED: Readonly<Record<string, string>> = { covered: 'covered', 'not-covered': 'not covered', conditional: 'coverage conditional: more information needed' };
const PA_NEEDED: Readonly<Record<string, string>> = {
  'auth-needed': 'prior authorization needed',
  'no-auth': 'no prior authorization needed',
  satisfied: 'prior authorization already satisfied',
  performpa: 'prior authorization needed, requested by the performing provider',
  conditional: 'prior authorization may be needed',
};
const DOC_NEEDED: Readonly<Record<string, string>> = {
  clinical: 'documentation needed (clinical)',
  admin: 'documentation needed (administrative)',
  patient: 'documentation needed (from the patient)',
  conditional: 'documentation may be needed',
};

function subValues(extension: Json, url: string): unknown[] {
  const subs = Array.isArray(extension.extension) ? extension.extension.slice(0, 50) : [];
  return subs.filter((s): s is Json => isObject(s) && s.url === url).map((s) => s.valueCode ?? s.valueCanonical ?? s.valueString ?? s.valueUri ?? s.valueUrl ?? s.valueCodeableConcept);
}

function codeWords(value: unknown, words: Readonly<Record<string, string>>, prefix: string): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  return words[value] ?? `${prefix}: ${bounded(value)}`;
}

function conceptText(value: unknown): string | undefined {
  if (!isObject(value)) return typeof value === 'string' && value ? bounded(value) : undefined;
  if (typeof value.text === 'string' && value.text) return bounded(value.text);
  const coding = (Array.isArray(value.coding) ? value.coding : []).find((c): c is Json => isObject(c) && (typeof c.display === 'string' || typeof c.code === 'string'));
  const text = coding ? String(coding.display ?? coding.code) : undefined;
  return text ? bounded(text) : undefined;
}

/** An http(s) URL for a questionnaire canonical ("https://payer.example/Questionnaire/q|2.0" -> without the version). */
function questionnaireUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > MAX_URL) return undefined;
  const url = value.split('|')[0]!;
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
}

function askOf(extension: Json): PayerAsk {
  const lines: string[] = [];
  const covered = subValues(extension, 'covered').map((v) => codeWords(v, COVERED, 'coverage')).find(Boolean);
  const pa = subValues(extension, 'pa-needed').map((v) => codeWords(v, PA_NEEDED, 'prior authorization')).find(Boolean);
  const docs = [...new Set(subValues(extension, 'doc-needed').map((v) => codeWords(v, DOC_NEEDED, 'documentation')).filter((v): v is string => !!v))];
  const info = [...new Set(subValues(extension, 'info-needed').filter((v): v is string => typeof v === 'string' && !!v).map(bounded))];
  const reasons = subValues(extension, 'reason').map(conceptText).filter((v): v is string => !!v);
  if (covered) lines.push(covered);
  if (pa) lines.push(pa);
  lines.push(...docs);
  if (info.length) lines.push(`more information needed: ${info.join(', ')}`);
  for (const reason of reasons) lines.push(`reason: ${reason}`);
  const questionnaires = [...new Set(subValues(extension, 'questionnaire').map(questionnaireUrl).filter((v): v is string => !!v))];
  if (questionnaires.length) lines.push('questionnaire to complete (linked on this card)');
  const paCodes = subValues(extension, 'pa-needed');
  let headline: string | undefined;
  if (paCodes.includes('auth-needed') || paCodes.includes('performpa')) headline = 'payer: prior authorization needed';
  else if (paCodes.includes('conditional')) headline = 'payer: prior authorization may be needed';
  else if (docs.length > 0 || questionnaires.length > 0) headline = 'payer: documentation needed';
  else if (subValues(extension, 'covered').includes('not-covered')) headline = 'payer: not covered';
  return { lines, questionnaires, ...(headline ? { headline } : {}) };
}

/** Every coverage-information extension on the order (one per coverage), merged into one ask. */
export function payerAsk(resource: Record<string, unknown>): PayerAsk | undefined {
  const extensions = (Array.isArray(resource.extension) ? resource.extension : [])
    .filter((e): e is Json => isObject(e) && e.url === CRD_COVERAGE_INFORMATION)
    .slice(0, MAX_EXTENSIONS);
  if (extensions.length === 0) return undefined;
  const asks = extensions.map(askOf);
  const lines = [...new Set(asks.flatMap((a) => a.lines))];
  const questionnaires = [...new Set(asks.flatMap((a) => a.questionnaires))];
  const headline = asks.map((a) => a.headline).find((h) => h?.startsWith('payer: prior')) ?? asks.map((a) => a.headline).find(Boolean);
  if (lines.length === 0) return undefined;
  return { lines, questionnaires, ...(headline ? { headline } : {}) };
}
