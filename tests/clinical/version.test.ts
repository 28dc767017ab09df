import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { computeVersions } from '../../scripts/versions.mjs';
import { ENGINE_VERSION, SPEC_VERSION } from '../../src/clinical/version';

describe('versions carried by every assessment', () => {
  it('match package.json and the current ../shared/spec (run `npm run version:write` after a change)', () => {
    const { engineVersion, specVersion } = computeVersions() as { engineVersion: string; specVersion: string };
    expect(ENGINE_VERSION).toBe(engineVersion);
    expect(SPEC_VERSION).toBe(specVersion);
  });
});
