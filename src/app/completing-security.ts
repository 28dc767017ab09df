// Stands in for fhirclient's `security/browser` module on the app page only (vite.config.ts, appPageCompletesLaunch).
// The app page completes a launch the launch page started: fhirclient's ready() exchanges the code with the PKCE
// verifier the launch page stored, and this app is a public client, so nothing on the app page generates a PKCE
// challenge, imports a private key or signs a client assertion. Those belong to the launch page, which keeps the
// real module. About 0.8 KB gzip off the JavaScript before the verdict (issue 22). The names match fhirclient's
// module (tests/app/completing-security.test.ts), so an upgrade that adds one fails a test instead of a launch.

function onlyOnTheLaunchPage(what: string): never {
  throw new Error(`${what} runs on the launch page only: the app page completes a launch, it never starts one.`);
}

export function randomBytes(count: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

export async function digestSha256(payload: string): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(payload)));
}

export async function generatePKCEChallenge(): Promise<never> {
  return onlyOnTheLaunchPage('A PKCE challenge');
}

export async function importJWK(): Promise<never> {
  return onlyOnTheLaunchPage('A private key import');
}

export async function signCompactJws(): Promise<never> {
  return onlyOnTheLaunchPage('A signed client assertion');
}
