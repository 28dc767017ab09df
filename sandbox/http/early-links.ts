// What a page will ask for first, said in its response headers (`Link`, RFC 8288): the browser starts those requests
// when the headers arrive instead of when its parser reaches the tags (issue 22, token-ms): the app page's scripts.
// The launch page names none: its configuration preload is in its body on purpose (README, hosting recipe). Read from
// the page itself (http-kit/page-first-requests.ts), so the headers cannot drift from the build. The README's hosting
// recipe says how to send the same from a CDN (or as 103 Early Hints).
import { pageFirstRequests } from '../../http-kit/page-first-requests';

/** The `Link` header value for an HTML page, or undefined when it names nothing to start early. */
export function earlyLinks(html: string): string | undefined {
  const links = pageFirstRequests(html).map(({ href, rel, as, crossorigin }) =>
    [`<${href}>`, `rel=${rel}`, ...(as ? [`as=${as}`] : []), ...(crossorigin === 'use-credentials' ? ['crossorigin=use-credentials'] : crossorigin ? ['crossorigin'] : [])].join('; '),
  );
  return links.length ? links.join(', ') : undefined;
}
