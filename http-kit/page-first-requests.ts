// What a built page asks for first, read from its <head>: its preloads, its module script and module preloads, and
// its stylesheets (each as the preload that would fetch it). What the page keeps inert (a <template>, e.g. the launch
// page's links that fetch the next page's files, sent once discovery is on its way) and text inside scripts are not
// requests; only paths on the page's own origin, in visible ASCII. Used for the sandbox's Link headers
// (sandbox/http/early-links.ts) and for the files the launch page fetches ahead for the app page
// (build-tools/launch-page-build.ts).

export interface FirstRequest {
  /** As written in the page (relative to it). */
  href: string;
  rel: 'preload' | 'modulepreload';
  /** The preload's destination (`style` for a stylesheet); none for a module preload. */
  as?: string;
  crossorigin?: 'anonymous' | 'use-credentials';
}

const INERT = /<(script|template)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of tag.matchAll(/([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    // The first of a repeated attribute counts, as in the browser.
    const name = match[1]!.toLowerCase();
    if (!found.has(name)) found.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/**
 * A request's target: relative to the page, as in the page. Only a path that stays on the page's origin (a browser reads a
 * backslash as a slash, so `/\\host` is another origin) and only visible ASCII without the header's own separators:
 * anything else is left out (it could not go into a Link header either).
 */
function target(href: string | undefined): string | undefined {
  if (!href || !/^[\x21-\x7e]+$/.test(href) || /[<>,;\\"]/.test(href)) return undefined;
  const page = 'http://page.invalid/dir/';
  let resolved: URL;
  try {
    resolved = new URL(href, page);
  } catch {
    return undefined;
  }
  return resolved.origin === new URL(page).origin ? href : undefined;
}

/** A preload's destination (`as`): one lower-case word, as the HTML standard lists them. */
const DESTINATION = /^[a-z]+$/;

/** The requests a page's <head> makes first, in document order. */
export function pageFirstRequests(html: string): FirstRequest[] {
  // The head without script bodies, templates and comments (a script keeps its opening tag: its src counts); script
  // bodies first, so a `<!--` inside a script cannot hide the tags after it.
  const head = (/<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(html)?.[1] ?? '')
    .replace(INERT, (block, name: string) => (name.toLowerCase() === 'script' ? /^<script\b[^>]*>/i.exec(block)![0] : ''))
    .replace(/<!--[\s\S]*?-->/g, '');
  const requests: FirstRequest[] = [];
  for (const match of head.matchAll(/<(link|script)\b[^>]*>/gi)) {
    const attrs = attributes(match[0].slice(match[1]!.length + 1));
    const crossorigin = !attrs.has('crossorigin') ? {} : { crossorigin: attrs.get('crossorigin')?.toLowerCase() === 'use-credentials' ? ('use-credentials' as const) : ('anonymous' as const) };
    if (match[1]!.toLowerCase() === 'script') {
      const src = target(attrs.get('src'));
      if (src && attrs.get('type') === 'module') requests.push({ href: src, rel: 'modulepreload', ...crossorigin });
      continue;
    }
    const rel = (attrs.get('rel') ?? '').toLowerCase();
    const href = target(attrs.get('href'));
    if (!href) continue;
    const as = attrs.get('as') ?? '';
    if (rel === 'preload' && DESTINATION.test(as)) requests.push({ href, rel: 'preload', as, ...crossorigin });
    else if (rel === 'modulepreload') requests.push({ href, rel: 'modulepreload', ...crossorigin });
    else if (rel === 'stylesheet') requests.push({ href, rel: 'preload', as: 'style', ...crossorigin });
  }
  return requests;
}
