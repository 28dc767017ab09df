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
  const segments: string[] = [];
  let start = 0;
  // One scan; runs of slashes make no empty entries (a megabyte of them is not a million-entry array).
  for (let i = 0; i <= pathname.length; i++) {
    if (i === pathname.length || pathname.charCodeAt(i) === 0x2f) {
      if (i > start) segments.push(pathname.slice(start, i));
      start = i + 1;
    }
  }
  return segments;
}
