// Parsed FHIRPath expressions, once per expression: Medplum's evalFhirPath re-tokenises and re-parses its string on
// every call, which was most of the sandbox's search time (issue 22 item 4). A search parameter's expression is the
// same for every resource, so the sort, the _include and the index evaluate one parsed tree each time.
import { evalFhirPath, evalFhirPathTyped, parseFhirPath, toTypedValue, type TypedValue } from '@medplum/core';

type FhirPathAtom = ReturnType<typeof parseFhirPath>;

// The expressions are those of the search parameter definitions (a few hundred at most), so the map stays small.
const parsed = new Map<string, FhirPathAtom>();

function atom(expression: string): FhirPathAtom {
  let tree = parsed.get(expression);
  if (!tree) {
    tree = parseFhirPath(expression);
    parsed.set(expression, tree);
  }
  return tree;
}

/** evalFhirPath(expression, input) with the expression parsed once. */
export function evalCached(expression: string, input: unknown): unknown[] {
  return evalFhirPath(atom(expression), input);
}

/** evalFhirPathTyped(expression, [resource]) with the expression parsed once: what Medplum's matcher evaluates. */
export function evalTypedCached(expression: string, resource: unknown): TypedValue[] {
  return evalFhirPathTyped(atom(expression), [toTypedValue(resource)]);
}
