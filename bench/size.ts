// The JavaScript a physician's browser downloads for a page, gzip-compressed: the script files it references and its
// inline scripts (the launch page's script is inside launch.html: build-tools/launch-page.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeFigures {
  page: string;
  files: string[];
  rawKb: number;
  gzipKb: number;
}

// A prefetch is for the next page (the launch page fetches the app page's files ahead, its links kept in a <template>
// until then): not this page's.
const ownMarkup = (html: string) => html.replace(/<template\b[\s\S]*?<\/template>/gi, '').replace(/<link[^>]*\brel="prefetch"[^>]*>/g, '');
const scriptFiles = (html: string) => [...new Set([...ownMarkup(html).matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!))];
const inlineScripts = (html: string) => [...ownMarkup(html).matchAll(/<script\b(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]!).filter((body) => body.trim());
const entryScript = (html: string) => /<script[^>]*\ssrc="\.?\/?([^"]+\.js)"/.exec(html)?.[1];

/**
 * Sums the scripts and module preloads a built HTML page references, and its inline scripts (listed as `(inline)`).
 * The entry scripts of `otherPages` are left out: the launch page fetches the app page's script ahead for the next page,
 * it does not run it.
 */
export function pageScriptSize(distDir: string, page: string, otherPages: string[] = []): SizeFigures {
  const html = readFileSync(join(distDir, page), 'utf8');
  const notRunHere = new Set(otherPages.map((other) => entryScript(readFileSync(join(distDir, other), 'utf8'))));
  const files = scriptFiles(html).filter((file) => !notRunHere.has(file));
  let raw = 0;
  let gzip = 0;
  const inline = inlineScripts(html);
  for (const content of [...files.map((file) => readFileSync(join(distDir, file))), ...inline.map((body) => Buffer.from(body, 'utf8'))]) {
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { page, files: [...files, ...inline.map(() => '(inline)')], rawKb: raw / 1024, gzipKb: gzip / 1024 };
}
