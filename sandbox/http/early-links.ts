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
    found.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
  return found;
}

/** A Link target: relative to the page, as in the page (only plain relative or same-origin paths; never another origin). */
function target(href: string | undefined): string | undefined {
  if (!href || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href) || /[<>\s,;]/.test(href)) return undefined;
  return href;
}

/** The `Link` header value for an HTML page, or undefined when it names nothing to start early. */
export function earlyLinks(html: string): string | undefined {
  // The head without comments, templates and script bodies (a script keeps its opening tag: its src counts).
  const head = (/<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(html)?.[1] ?? '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(INERT, (block, name: string) => (name.toLowerCase() === 'script' ? /^<script\b[^>]*>/i.exec(block)![0] : ''));
  const links: string[] = [];
  for (const match of head.matchAll(/<(link|script)\b[^>]*>/gi)) {
    const attrs = attributes(match[0].slice(match[1]!.length + 1));
    const crossorigin = attrs.has('crossorigin') ? '; crossorigin' : '';
    if (match[1]!.toLowerCase() === 'script') {
      const src = target(attrs.get('src'));
      if (src && attrs.get('type') === 'module') links.push(`<${src}>; rel=modulepreload${crossorigin}`);
      continue;
    }
    const rel = (attrs.get('rel') ?? '').toLowerCase();
    const href = target(attrs.get('href'));
    if (!href) continue;
    if (rel === 'preload' && attrs.get('as')) links.push(`<${href}>; rel=preload; as=${attrs.get('as')}${crossorigin}`);
    else if (rel === 'modulepreload') links.push(`<${href}>; rel=modulepreload${crossorigin}`);
    else if (rel === 'stylesheet') links.push(`<${href}>; rel=preload; as=style${crossorigin}`);
  }
  return links.length ? links.join(', ') : undefined;
}
