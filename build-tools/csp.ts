// The pages' Content-Security-Policy, one definition for both (vite.config.ts injects it into index.html, the launch
// page's build into launch.html), so the two cannot drift apart.

/**
 * connect-src must reach any FHIR server an EHR names (https) and the local sandbox. Scripts and styles come from the
 * app's origin; the launch page adds the sha256 of its one inline script and stylesheet (build-tools/launch-page.ts),
 * never 'unsafe-inline'.
 */
export function contentSecurityPolicy(inline: { scripts?: readonly string[]; styles?: readonly string[]; devStyles?: boolean } = {}): string {
  const hashes = (bodies: readonly string[] = []) => bodies.map((hash) => ` '${hash}'`).join('');
  return [
    "default-src 'self'",
    "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
    `script-src 'self'${hashes(inline.scripts)}`,
    // The dev server injects CSS as <style> elements; the built pages keep the strict policy.
    `style-src 'self'${inline.devStyles ? " 'unsafe-inline'" : hashes(inline.styles)}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}
