// A base URL joined with a path (issue 20: the trailing-slash trim must not be quadratic on a hostile `iss`).
import { describe, expect, it } from 'vitest';
import { withoutTrailingSlashes } from '../../src/fhir/base-url';

describe('withoutTrailingSlashes', () => {
  it('drops every trailing slash and nothing else', () => {
    expect(withoutTrailingSlashes('https://ehr.example/fhir/r4///')).toBe('https://ehr.example/fhir/r4');
    expect(withoutTrailingSlashes('https://ehr.example//fhir')).toBe('https://ehr.example//fhir');
    expect(withoutTrailingSlashes('///')).toBe('');
  });

  it('costs one pass on a long run of slashes that does not end the URL', () => {
    const hostile = `https://x/${'/'.repeat(200_000)}a`;
    // /\/+$/ takes seconds on this (it retries the run from each slash); the loop looks at one character.
    expect(withoutTrailingSlashes(hostile)).toBe(hostile);
  });
});
