// Record text goes into the card's markdown as text only: inline syntax, HTML and entities are
// escaped, line breaks cannot start a new block, and nothing at the start can open a list or heading.
const INLINE = /[\\`*_[\]<>|~&]/g;
const BLOCK_START = /^(\s*)([-+#>=]|\d+[.)])/;

export function markdownText(value: string): string {
  return value
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(INLINE, (c) => `\\${c}`)
    .replace(BLOCK_START, (_m, space: string, marker: string) => `${space}\\${marker}`);
}

export function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${markdownText(item)}`).join('\n');
}
