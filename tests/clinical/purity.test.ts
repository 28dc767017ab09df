// Issue 18 item 6: src/clinical is pure and imports nothing outside itself (the common brief's layering rule).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(__dirname, '../../src/clinical');
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

describe('src/clinical purity', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('finds the clinical modules', () => {
    expect(files).toContain('assess.ts');
    expect(files).toContain('plain-text.ts');
  });

  it.each(files)('%s imports only from src/clinical', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    const outside = [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2]!).filter((spec) => !spec.startsWith('./'));
    expect(outside).toEqual([]);
  });
});
