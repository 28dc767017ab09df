// A FHIR base URL joined with a path: without its trailing slashes. Written as a loop, not /\/+$/: that pattern
// backtracks on every run of slashes not at the end, quadratic on a long `iss` or `fhirServer` (issue 20).
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url.charCodeAt(end - 1) === 47 /* '/' */) end -= 1;
  return url.slice(0, end);
}
