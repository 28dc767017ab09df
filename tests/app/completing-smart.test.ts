// The app page's fhirclient lib/smart.js (build-tools/completing-smart.ts, vite.config.ts): authorize() and the
// discovery it alone uses are replaced by a refusal naming the launch page; ready() and the token request, which the
// app page runs, are fhirclient's own code, untouched; an upgrade that reshapes a function fails the build.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LAUNCH_ONLY_FUNCTIONS, withoutLaunchOnlyFunctions } from '../../build-tools/completing-smart';

const require = createRequire(import.meta.url);
const smartPath = require.resolve('fhirclient/lib/smart.js');
const original = readFileSync(smartPath, 'utf8');

/** Evaluates CommonJS source as fhirclient's module would run (its own requires resolved from its folder). */
function evaluate(source: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const localRequire = createRequire(smartPath);
  new Function('exports', 'require', 'module', source)(module.exports, localRequire, module);
  return module.exports;
}

describe("the app page's fhirclient smart.js", () => {
  const completing = withoutLaunchOnlyFunctions(original);

  it('exports the same names as fhirclient (what fhirclient calls is still there)', () => {
    expect(Object.keys(evaluate(completing)).sort()).toEqual(Object.keys(evaluate(original)).sort());
  });

  it("refuses to start a launch, naming the launch page; authorize's own code is gone", async () => {
    const smart = evaluate(completing) as { authorize: (...args: unknown[]) => Promise<unknown>; getSecurityExtensions: () => Promise<unknown> };
    await expect(smart.authorize({}, {})).rejects.toThrow(/authorize\(\) runs on the launch page only/);
    await expect(smart.getSecurityExtensions()).rejects.toThrow(/launch page only/);
    for (const text of ['No server url found', 'code_challenge_method=S256', 'Invalid wellKnownJson']) {
      expect(original).toContain(text);
      expect(completing).not.toContain(text);
    }
  });

  it('keeps ready() and the token request exactly as fhirclient wrote them', () => {
    const body = (source: string, name: string) => source.slice(source.indexOf(`async function ${name}(`), source.indexOf(`exports.${name} = ${name};`));
    for (const name of ['ready', 'buildTokenRequest']) {
      expect(body(completing, name).length, name).toBeGreaterThan(500);
      expect(body(completing, name)).toBe(body(original, name));
    }
    expect(completing.length).toBeLessThan(original.length * 0.7);
  });

  it('fails the build, naming the function, when fhirclient no longer declares one as expected', () => {
    for (const name of LAUNCH_ONLY_FUNCTIONS) {
      const renamed = original.replace(new RegExp(`function ${name}\\(`), `function ${name}Renamed(`);
      expect(() => withoutLaunchOnlyFunctions(renamed), name).toThrow(new RegExp(`one declaration of ${name}, found 0`));
    }
  });
});
