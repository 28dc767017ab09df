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

/** Sums the scripts and module preloads a built HTML page references. */
export function pageScriptSize(distDir: string, page: string): SizeFigures {
  const html = readFileSync(join(distDir, page), 'utf8');
  const files = [...new Set([...html.matchAll(/(?:src|href)="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!))];
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const content = readFileSync(join(distDir, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { page, files, rawKb: raw / 1024, gzipKb: gzip / 1024 };
}
