// Path helpers that stay linear on any input. A pattern such as /\/+$/ is retried from every slash of
// a long run of slashes not at the end (quadratic): 15 kB of them held the whole service for a second.

/** The text without its trailing slashes, in one backward scan. */
export function trimTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x2f) end--;
  return end === value.length ? value : value.slice(0, end);
}

/** The non-empty segments of a URL path: "/fhir//r4/" -> ["fhir", "r4"]. */
export function pathSegments(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment !== '');
}
