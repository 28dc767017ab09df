// Issue 19 item 9: src/writeback/ imports nothing from src/ui/ or src/app/ (the answer field definitions and the
// workup-applicability rule it needs live in src/clinical/); src/clinical/ stays free of the UI too.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const importsOf = (dir: string) => readdirSync(dir).filter((f) => /\.tsx?$/.test(f))
  .flatMap((f) => [...readFileSync(`${dir}/${f}`, 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => `${f}: ${m[1]}`));

describe('layers', () => {
  it('src/writeback/ imports nothing from src/ui/ or src/app/', () => {
    expect(importsOf('src/writeback').filter((line) => /'?\.\.\/(ui|app)\//.test(line.split(': ')[1]!))).toEqual([]);
  });

  it('src/clinical/ imports nothing from src/ui/, src/app/ or src/writeback/', () => {
    expect(importsOf('src/clinical').filter((line) => /\.\.\/(ui|app|writeback)\//.test(line.split(': ')[1]!))).toEqual([]);
  });
});
