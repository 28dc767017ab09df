// The JavaScript a physician's browser downloads for the app page, gzip-compressed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeFigures {
  page: string;
  files: string[];
  rawKb: number;
  gzipKb: number;
}

// A prefetch is for the next page (the launch page prefetches the app page's scripts): not this page's.
const scriptFiles = (html: string) =>
  [...new Set([...html.replace(/<link[^>]*\brel="prefetch"[^>]*>/g, '').matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!))];
const entryScript = (html: string) => /<script[^>]*\ssrc="\.?\/?([^"]+\.js)"/.exec(html)?.[1];

/**
 * Sums the scripts and module preloads a built HTML page references. The entry scripts of `otherPages` are left
 * out: the launch page preloads the app page's script for the next page, it does not run it.
 */
export function pageScriptSize(distDir: string, page: string, otherPages: string[] = []): SizeFigures {
  const html = readFileSync(join(distDir, page), 'utf8');
  const notRunHere = new Set(otherPages.map((other) => entryScript(readFileSync(join(distDir, other), 'utf8'))));
  const files = scriptFiles(html).filter((file) => !notRunHere.has(file));
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const content = readFileSync(join(distDir, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { page, files, rawKb: raw / 1024, gzipKb: gzip / 1024 };
}
