// What a page will ask for first, said in its response headers (`Link`, RFC 8288): the browser starts those requests
// when the headers arrive instead of when its parser reaches the tags, 20-50 ms sooner on the launch path (issue 22,
// token-ms). Read from the page itself, so the headers cannot drift from the build: its preloads (launch.html's
// smart-config.json), its module script and module preloads, and its stylesheets. What the page keeps inert (a
// <template>, e.g. the launch page's prefetches for the next page, sent only once discovery is on its way) and text
// inside scripts are not links. The README's hosting recipe says how to send the same from a CDN (or as 103 Early Hints).

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
 * A Link target: relative to the page, as in the page. Only a path that stays on the page's origin (a browser reads a
 * backslash as a slash, so `/\\host` is another origin) and only visible ASCII without the header's own separators:
 * anything else is left out, never sent.
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

/** The `Link` header value for an HTML page, or undefined when it names nothing to start early. */
export function earlyLinks(html: string): string | undefined {
  // The head without script bodies, templates and comments (a script keeps its opening tag: its src counts); script
  // bodies first, so a `<!--` inside a script cannot hide the tags after it.
  const head = (/<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(html)?.[1] ?? '')
    .replace(INERT, (block, name: string) => (name.toLowerCase() === 'script' ? /^<script\b[^>]*>/i.exec(block)![0] : ''))
    .replace(/<!--[\s\S]*?-->/g, '');
  const links: string[] = [];
  for (const match of head.matchAll(/<(link|script)\b[^>]*>/gi)) {
    const attrs = attributes(match[0].slice(match[1]!.length + 1));
    // `crossorigin` alone (anonymous) is what the pages use; use-credentials is said as such.
    const crossorigin = !attrs.has('crossorigin') ? '' : attrs.get('crossorigin')?.toLowerCase() === 'use-credentials' ? '; crossorigin=use-credentials' : '; crossorigin';
    if (match[1]!.toLowerCase() === 'script') {
      const src = target(attrs.get('src'));
      if (src && attrs.get('type') === 'module') links.push(`<${src}>; rel=modulepreload${crossorigin}`);
      continue;
    }
    const rel = (attrs.get('rel') ?? '').toLowerCase();
    const href = target(attrs.get('href'));
    if (!href) continue;
    const as = attrs.get('as') ?? '';
    if (rel === 'preload' && DESTINATION.test(as)) links.push(`<${href}>; rel=preload; as=${as}${crossorigin}`);
    else if (rel === 'modulepreload') links.push(`<${href}>; rel=modulepreload${crossorigin}`);
    else if (rel === 'stylesheet') links.push(`<${href}>; rel=preload; as=style${crossorigin}`);
  }
  return links.length ? links.join(', ') : undefined;
}
