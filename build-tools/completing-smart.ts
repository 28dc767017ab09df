// fhirclient's `lib/smart.js` for the app page only (vite.config.ts, appPageCompletesLaunch): the app page completes a
// launch the launch page started (ready(): the code exchange), so the functions that only start one (authorize() and
// the discovery of its security extensions) are replaced by a function that refuses, naming the launch page. About
// 1 KB gzip off the JavaScript before the verdict (issue 22); the launch page keeps fhirclient's module whole.
// fhirclient is CommonJS, so the bundler cannot drop what the app page never calls: done here on its source text.
// A function that is not found exactly once (an upgrade that renamed or reshaped it) fails the build, never silently
// ships fhirclient's code or a broken module (tests/app/completing-smart.test.ts).

/** The top-level functions of lib/smart.js that only start a launch. */
export const LAUNCH_ONLY_FUNCTIONS = ['getSecurityExtensionsFromWellKnownJson', 'getSecurityExtensionsFromConformanceStatement', 'getSecurityExtensions', 'authorize', 'shouldIncludeChallenge', 'init'] as const;

export const REFUSAL = 'runs on the launch page only: the app page completes a launch, it never starts one.';

/**
 * The source with each launch-only function's body replaced. fhirclient's compiled output declares them at column 0
 * (`async function authorize(env, params = {}) {`) and closes each with a `}` alone on a line.
 */
export function withoutLaunchOnlyFunctions(source: string): string {
  const lines = source.split('\n');
  for (const name of LAUNCH_ONLY_FUNCTIONS) {
    const declaration = new RegExp(`^(async )?function ${name}\\(.*\\{\\s*$`);
    const starts = lines.flatMap((line, index) => (declaration.test(line) ? [index] : []));
    if (starts.length !== 1) throw new Error(`fhirclient/lib/smart.js: expected one declaration of ${name}, found ${starts.length} (fhirclient changed: review build-tools/completing-smart.ts)`);
    const start = starts[0]!;
    const end = lines.findIndex((line, index) => index > start && line === '}');
    if (end < 0) throw new Error(`fhirclient/lib/smart.js: ${name} has no closing brace at column 0`);
    const isAsync = lines[start]!.startsWith('async ');
    const refusal = `throw new Error(${JSON.stringify(`fhirclient's ${name}() ${REFUSAL}`)});`;
    lines.splice(start, end - start + 1, `${isAsync ? 'async ' : ''}function ${name}() { ${refusal} }`);
  }
  return lines.join('\n');
}
