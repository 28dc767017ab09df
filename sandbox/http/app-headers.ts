// Response headers for the app's files: the README's hosting recipe ("Hosting the app"), applied by the
// sandbox so the browser tests run against it. The pages carry the rest of the Content-Security-Policy in a
// <meta> (build-tools/csp.ts; the launch page's with the hashes of its inline script and stylesheet); a header adds
// what a <meta> cannot: which pages may frame the app. It sets no script-src or style-src: both policies apply, and
// one without the launch page's hashes would stop its script.
export type HeaderMap = Record<string, string>;

export interface AppHeaders {
  /** On every response. */
  all: HeaderMap;
  /** On the HTML pages (launch.html, index.html) in addition. */
  pages: HeaderMap;
}

/** `ehrOrigins`: the EHR pages allowed to embed the app in a frame. */
export function appHostingHeaders(ehrOrigins: readonly string[]): AppHeaders {
  return {
    all: { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' },
    pages: {
      'Content-Security-Policy': `frame-ancestors 'self' ${ehrOrigins.join(' ')}`.trim(),
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    },
  };
}
