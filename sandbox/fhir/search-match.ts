// Medplum's matchesSearchRequest (@medplum/core 4.5.2, src/search/match.ts, Apache-2.0), line for line, except that
// a parameter's FHIRPath expression is parsed once (./fhirpath-cache.ts) instead of for every resource and filter:
// after the index, that parsing was most of what a search still cost. tests/sandbox/indexed-repository.test.ts holds
// it to Medplum's own answers; re-port it if @medplum/core is upgraded.
import {
  convertToSearchableDates,
  convertToSearchableReferences,
  convertToSearchableStrings,
  convertToSearchableTokens,
  globalSchema,
  Operator,
  splitSearchOnComma,
  toPeriod,
  type Filter,
  type SearchRequest,
  type TypedValue,
} from '@medplum/core';
import { evalTypedCached } from './fhirpath-cache';

type SearchableToken = ReturnType<typeof convertToSearchableTokens>[number];
type Period = ReturnType<typeof convertToSearchableDates>[number];

export function matchesSearch(resource: { resourceType: string }, searchRequest: SearchRequest): boolean {
  if (searchRequest.resourceType !== resource.resourceType) return false;
  for (const filter of searchRequest.filters ?? []) {
    if (!matchesSearchFilter(resource, searchRequest, filter)) return false;
  }
  return true;
}

function matchesSearchFilter(resource: unknown, searchRequest: SearchRequest, filter: Filter): boolean {
  const searchParam = globalSchema.types[searchRequest.resourceType]?.searchParams?.[filter.code];
  if (!searchParam) return false;
  const typedValues = evalTypedCached(searchParam.expression as string, resource);
  if (filter.operator === Operator.MISSING || filter.operator === Operator.PRESENT) return matchesMissingOrPresent(typedValues, filter);
  switch (searchParam.type) {
    case 'reference':
      return matchesReferenceFilter(typedValues, filter);
    case 'string':
    case 'uri':
      return matchesStringFilter(typedValues, filter);
    case 'token':
      return matchesTokenFilter(typedValues, filter);
    case 'date':
      return matchesDateFilter(typedValues, filter);
    default:
      return false; // unknown parameter type: Medplum fails the check
  }
}

function matchesMissingOrPresent(typedValues: TypedValue[], filter: Filter): boolean {
  const exists = typedValues.length > 0;
  const desired = (filter.operator === Operator.MISSING && filter.value === 'false') || (filter.operator === Operator.PRESENT && filter.value === 'true');
  return desired === exists;
}

function matchesReferenceFilter(typedValues: TypedValue[], filter: Filter): boolean {
  const negated = isNegated(filter.operator);
  if (filter.value === '' && typedValues.length === 0) return filter.operator === Operator.EQUALS;
  const references = convertToSearchableReferences(typedValues);
  for (const filterValue of splitSearchOnComma(filter.value)) {
    let match = references.includes(filterValue);
    if (!match && filter.code === '_compartment') match = references.some((reference) => reference?.endsWith('/' + filterValue));
    if (match) return !negated;
  }
  return negated;
}

function matchesTokenFilter(typedValues: TypedValue[], filter: Filter): boolean {
  const resourceValues = convertToSearchableTokens(typedValues);
  const filterValues = splitSearchOnComma(filter.value);
  const negated = isNegated(filter.operator);
  for (const resourceValue of resourceValues) {
    for (const filterValue of filterValues) {
      if (matchesTokenValue(resourceValue, filterValue)) return !negated;
    }
  }
  return negated;
}

function matchesTokenValue(resourceValue: SearchableToken, filterValue: string): boolean {
  if (filterValue.includes('|')) {
    const [system, value] = filterValue.split('|').map((s) => s.toLowerCase());
    if (!system && !value) return false;
    if (!system) return !resourceValue.system && resourceValue.value?.toLowerCase() === value;
    return resourceValue.system?.toLowerCase() === system && (!value || resourceValue.value?.toLowerCase() === value);
  }
  return resourceValue.value?.toLowerCase() === filterValue.toLowerCase();
}

function matchesStringFilter(typedValues: TypedValue[], filter: Filter): boolean {
  const resourceValues = convertToSearchableStrings(typedValues);
  const filterValues = splitSearchOnComma(filter.value);
  const negated = isNegated(filter.operator);
  for (const resourceValue of resourceValues) {
    for (const filterValue of filterValues) {
      if (resourceValue.toLowerCase().includes(filterValue.toLowerCase())) return !negated;
    }
  }
  return negated;
}

function matchesDateFilter(typedValues: TypedValue[], filter: Filter): boolean {
  const resourceValues = convertToSearchableDates(typedValues);
  const filterValues = splitSearchOnComma(filter.value);
  const negated = isNegated(filter.operator);
  for (const resourceValue of resourceValues) {
    for (const filterValue of filterValues) {
      if (matchesDateValue(resourceValue, filter.operator, filterValue)) return !negated;
    }
  }
  return negated;
}

function matchesDateValue(resourceValue: Period, operator: Operator, filterValue: string): boolean {
  if (!resourceValue) return false;
  const filterPeriod = toPeriod(filterValue);
  if (!filterPeriod) return false;
  const resourceStart = resourceValue.start ?? '0000';
  const resourceEnd = resourceValue.end ?? '9999';
  const filterStart = filterPeriod.start as string;
  const filterEnd = filterPeriod.end as string;
  switch (operator) {
    case Operator.APPROXIMATELY:
    case Operator.EQUALS:
    case Operator.NOT_EQUALS: // negation handled by the caller
      return resourceStart < filterEnd && resourceEnd > filterStart;
    case Operator.LESS_THAN:
      return resourceStart < filterStart;
    case Operator.GREATER_THAN:
      return resourceEnd > filterEnd;
    case Operator.LESS_THAN_OR_EQUALS:
      return resourceStart <= filterEnd;
    case Operator.GREATER_THAN_OR_EQUALS:
      return resourceEnd >= filterStart;
    case Operator.STARTS_AFTER:
      return resourceStart > filterEnd;
    case Operator.ENDS_BEFORE:
      return resourceEnd < filterStart;
    default:
      return false;
  }
}

function isNegated(operator: Operator): boolean {
  return operator === Operator.NOT_EQUALS || operator === Operator.NOT;
}
