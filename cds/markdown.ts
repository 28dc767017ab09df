// Record text goes into the card's markdown as text only: inline syntax, HTML and entities are
// escaped, line breaks cannot start a new block, and a list item cannot open a nested list or heading.
const INLINE = /[\\`*_[\]<>|~&]/g;
const BLOCK_START = /^(\s*)(?:([-+#>=])|(\d+)([.)]))/;

// A run of whitespace holding a line break becomes one space. Matched run by run: the former pattern
// (spaces, line breaks, spaces) was retried from every space of a long line without a break, which is
// quadratic on record text.
function oneLine(value: string): string {
  return value.replace(/\s+/g, (run) => (run.includes('\n') || run.includes('\r') ? ' ' : run));
}

export function markdownText(value: string): string {
  return oneLine(value).replace(INLINE, (c) => `\\${c}`);
}

/** Text that starts a line (a list item's content): also escapes a leading block marker. */
function lineText(value: string): string {
  // Only punctuation can be backslash-escaped: "1. x" becomes "1\. x".
  return markdownText(value).replace(BLOCK_START, (_m, space: string, marker?: string, digits?: string, punct?: string) =>
    marker ? `${space}\\${marker}` : `${space}${digits}\\${punct}`,
  );
}

export function bulletList(items: readonly string[]): string {
  return items.map((item) => `- ${lineText(item)}`).join('\n');
}
