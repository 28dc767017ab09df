// After ready(): the token's granted scope, its encounter and the EHR entry's categories become loader options.
import { describe, expect, it } from 'vitest';
import { ConfigError, scopeFor, validateConfig, type EhrConfig } from '../../src/app/config';
import { grantedLoadOptions } from '../../src/app/granted-access';
import { READ_RESOURCE_TYPES } from '../../src/fhir/queries';

const REQUESTED = `launch openid fhirUser online_access launch/encounter ${READ_RESOURCE_TYPES.map((t) => `patient/${t}.rs`).join(' ')}`;
const entry = (extra: Record<string, unknown> = {}) => ({
  name: 'Epic', issMatch: '^https://epic\\.example/', clientId: 'abc', scope: 'openid patient/*.rs', pkceMode: 'ifSupported', ...extra,
});

function problemsOf(json: unknown): string[] {
  try {
    validateConfig(json);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('grantedLoadOptions', () => {
  it('a full grant: no gap; the token\'s encounter becomes the context encounter', () => {
    const options = grantedLoadOptions({ scope: REQUESTED, tokenResponse: { scope: REQUESTED, encounter: 'enc-7' } }, undefined);
    expect(options.accessGaps).toEqual({ incompleteTypes: [], dataGaps: [] });
    expect(options.contextEncounterId).toBe('enc-7');
    expect(options.conditionCategories).toBeUndefined();
  });

  it('a Condition grant narrowed to the problem list: the gap the panel shows', () => {
    const granted = REQUESTED.replace('patient/Condition.rs', 'patient/Condition.rs?category=problem-list-item');
    const options = grantedLoadOptions({ scope: REQUESTED, tokenResponse: { scope: granted } }, undefined);
    expect(options.accessGaps).toEqual({ incompleteTypes: ['Condition'], dataGaps: ['Condition: access limited to category problem-list-item'] });
    expect(options.contextEncounterId).toBeUndefined();
  });

  it('neither the requested nor the granted scope known: nothing claimed', () => {
    expect(grantedLoadOptions({ tokenResponse: {} }, undefined)).toEqual({});
  });

  it('the EHR entry\'s categories are passed on', () => {
    const ehr = validateConfig([entry({ conditionCategories: ['problem-list-item', 'encounter-diagnosis'] })])[0] as EhrConfig;
    expect(grantedLoadOptions({ scope: REQUESTED }, ehr).conditionCategories).toEqual(['problem-list-item', 'encounter-diagnosis']);
  });
});

describe('smart-config.json conditionCategories', () => {
  it('accepts codes and system|code tokens', () => {
    expect(problemsOf([entry({ conditionCategories: ['problem-list-item', 'http://terminology.hl7.org/CodeSystem/condition-category|encounter-diagnosis'] })])).toEqual([]);
  });

  it.each([
    ['a string', 'problem-list-item', 'must be a list of 1 to 10 categories'],
    ['an empty list', [], 'must be a list of 1 to 10 categories'],
    ['a comma list in one item', ['problem-list-item,health-concern'], 'without spaces or commas'],
    ['a number', [3], 'without spaces or commas'],
    ['a repeat', ['health-concern', 'health-concern'], 'lists a category twice'],
  ])('refuses %s, naming the entry and the field', (_, value, words) => {
    const problems = problemsOf([entry({ conditionCategories: value })]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('entry 1 ("Epic"): conditionCategories: ');
    expect(problems[0]).toContain(words);
  });
});

describe('launch/encounter, a hint for EHR launches', () => {
  const local = validateConfig([entry({ scope: 'openid fhirUser online_access launch/encounter patient/*.rs' })])[0] as EhrConfig;
  it('is asked for in an EHR launch', () => {
    expect(scopeFor(local, 'ehr').split(' ')).toContain('launch/encounter');
  });
  it('is left out of a standalone launch, where it would make the EHR ask the user to pick an encounter', () => {
    expect(scopeFor(local, 'standalone').split(' ')).toEqual(['launch/patient', 'openid', 'fhirUser', 'online_access', 'patient/*.rs']);
  });
});
