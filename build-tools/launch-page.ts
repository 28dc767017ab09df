// The built launch page with its script and stylesheet inside the HTML (issue 22, token-ms): the launch needs no
// request of its own before it reads the configuration and starts SMART discovery. As files, the script and the
// stylesheet each took a round trip (on HTTP/1.1 a new connection each) next to the configuration, and the module
// script ran only once both had arrived. The policy allows exactly these two bodies by their sha256, not
// 'unsafe-inline': an injected script still does not run.
import { createHash } from 'node:crypto';
import { APP_PAGE_FILES_TEMPLATE } from '../src/app/app-page-files.ts';
import { contentSecurityPolicy } from './csp.ts';

export interface LaunchPageParts {
  /** launch.html as the bundler wrote it: one module script and its stylesheet as files under assets/. */
  html: string;
  /** That script, self-contained (no import of another chunk: an inline script cannot share a chunk's instance). */
  script: { fileName: string; code: string };
  stylesheets: ReadonlyArray<{ fileName: string; source: string }>;
  /** The app page's files, fetched ahead by the launch script once discovery is on its way (src/app/app-page-files.ts). */
  appPageFiles: ReadonlyArray<{ href: string; as: 'script' | 'style' }>;
}

/** CSP source expression of an inline element's text, as the browser hashes it (after the parser's newline rule). */
export const sha256Source = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

// The HTML parser turns CR LF and lone CR into LF before hashing: the source is hashed as the browser will see it.
const asParsed = (text: string) => text.replace(/\r\n?/g, '\n');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const assetRef = (fileName: string) => `"\\.?/?${escapeRegExp(fileName)}"`;

/** Replaces the one element matching `pattern`; a build whose HTML differs fails instead of shipping a broken page. */
function replaceOnce(html: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = html.match(new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`)) ?? [];
  if (matches.length !== 1) throw new Error(`launch page: expected one ${what}, found ${matches.length}`);
  return html.replace(pattern, () => replacement);
}

/** Text the HTML parser would end early inside a <script> or <style> element. */
function assertInlineable(text: string, element: 'script' | 'style', fileName: string): void {
  if (new RegExp(`</${element}|<!--|<script`, 'i').test(text)) throw new Error(`launch page: ${fileName} holds text that would end its <${element}> early`);
}

/**
 * How the launch page fetches one of the app page's files ahead (src/app/app-page-files.ts). A script as a module
 * preload: the app page, same site, takes the module without reading the HTTP cache (the token request left 40-50 ms
 * sooner than after a prefetch, bench/ttv.ts). A prefetch would be no safer when the EHR's authorize shows a page of
 * its own (sign-in, consent, a patient picker): measured with a download held in flight, Chromium cancels a prefetch
 * with its page just as it cancels a module preload, and the app page fetches the file again either way. The
 * stylesheet as a prefetch (a style preload this page never applies would only draw the browser's "preloaded but not
 * used" warning).
 */
export function appPageFileLink(file: { href: string; as: 'script' | 'style' }): string {
  return file.as === 'script' ? `<link rel="modulepreload" crossorigin href="${file.href}">` : `<link rel="prefetch" as="style" crossorigin href="${file.href}">`;
}

export function inlineLaunchPage({ html, script, stylesheets, appPageFiles }: LaunchPageParts): string {
  const code = asParsed(script.code);
  assertInlineable(code, 'script', script.fileName);
  let page = replaceOnce(html, new RegExp(`<script\\b[^>]*\\ssrc=${assetRef(script.fileName)}[^>]*></script>`), `<script type="module">${code}</script>`, `<script src="${script.fileName}">`);
  const styles: string[] = [];
  for (const sheet of stylesheets) {
    const css = asParsed(sheet.source);
    assertInlineable(css, 'style', sheet.fileName);
    // Inline, a relative url() would resolve against the page, not assets/.
    if (/url\(\s*(?!['"]?data:)/i.test(css)) throw new Error(`launch page: ${sheet.fileName} refers to a file by url(): it cannot be inlined as it is`);
    page = replaceOnce(page, new RegExp(`<link\\b[^>]*\\shref=${assetRef(sheet.fileName)}[^>]*>`), `<style>${css}</style>`, `<link href="${sheet.fileName}">`);
    styles.push(css);
  }
  // Nothing else of the launch page's own may stay a file: each would be one more round trip before discovery.
  const leftover = /<(?:script|link)\b[^>]*\s(?:src|href)="\.?\/?assets\/[^"]+"[^>]*>/i.exec(page);
  if (leftover) throw new Error(`launch page: ${leftover[0]} is still a file`);
  if (/http-equiv="Content-Security-Policy"/i.test(page)) throw new Error('launch page: the bundler\'s HTML already has a policy');

  const policy = contentSecurityPolicy({ scripts: [sha256Source(code)], styles: styles.map(sha256Source) });
  const links = appPageFiles.map(appPageFileLink).join('');
  // The policy first in <head>, before anything that loads; the template last, after the page's own elements.
  page = replaceOnce(page, /<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${policy}">`, '<head>');
  return replaceOnce(page, /\n?\s*<\/head>/i, `\n    <template id="${APP_PAGE_FILES_TEMPLATE}">${links}</template>\n  </head>`, '</head>');
}
