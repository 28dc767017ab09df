// HTML building with escaping by default: every dynamic string in a page goes through `html`
// interpolation, so patient names or request parameters can never inject markup.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => ESCAPES[c] ?? c);
}

/** Already-escaped markup, as produced by `html`. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | boolean | null | undefined | Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

/** Tagged template: literal parts are trusted, interpolations are escaped (unless SafeHtml). */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/sandbox.css">
</head>
<body>
${body}
</body>
</html>
`.value;
}

/**
 * CSP of the sandbox's own pages: our stylesheet only, no script; forms may go to the app. A
 * framing page lets its frame load the app and the EHR's origins (under both its names: the
 * cross-site chart is served as 127.0.0.1), since the framed app navigates to our authorize
 * endpoint and back during its launch.
 */
export function pageCsp(appOrigins: string[], allowFrames = false, ehrOrigins: string[] = []): string {
  const app = appOrigins.join(' ');
  const ehr = ehrOrigins.map((o) => ` ${o}`).join('');
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action 'self' ${app}`,
    allowFrames ? `frame-src 'self' ${app}${ehr}` : "frame-src 'none'",
    `frame-ancestors 'self'${ehr}`,
    "base-uri 'none'",
  ].join('; ');
}
