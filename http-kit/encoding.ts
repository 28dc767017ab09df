// Which content encoding a client accepts (Accept-Encoding), for the servers' compressed answers.

export type Encoding = 'br' | 'gzip';

/** The encodings offered, lower-case, without those refused by a q-value of 0. */
function offered(header: string | string[] | undefined): Set<string> {
  return new Set(
    String(header ?? '')
      .split(',')
      .map((part) => part.trim().toLowerCase())
      .filter((part) => !/;\s*q=0(\.0*)?$/.test(part))
      .map((part) => part.split(';')[0]!.trim()),
  );
}

/** The best encoding the browser accepts (brotli, then gzip), ignoring q-values of 0. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | undefined {
  const encodings = offered(header);
  if (encodings.has('br')) return 'br';
  if (encodings.has('gzip')) return 'gzip';
  return undefined;
}

/** True when the client accepts gzip (what a FHIR server compresses its answers with, made per request). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  return offered(header).has('gzip');
}

/**
 * The response's Vary header with `field` added: a CORS answer already varies on Origin (./cors.ts), which a
 * compressed answer must keep (a cache would otherwise hand one origin's answer to another).
 */
export function varyAlso(existing: number | string | string[] | undefined, field: string): string {
  const fields = (Array.isArray(existing) ? existing.join(',') : String(existing ?? '')).split(',').map((f) => f.trim()).filter(Boolean);
  if (!fields.some((f) => f.toLowerCase() === field.toLowerCase())) fields.push(field);
  return fields.join(', ');
}
