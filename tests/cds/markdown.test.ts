// Record text in the card's markdown detail stays text in any markdown renderer.
import { describe, expect, it } from 'vitest';
import { bulletList, markdownText } from '../../cds/markdown';

describe('markdownText', () => {
  it('escapes markup, links, emphasis and entities', () => {
    expect(markdownText('<img src=x onerror="alert(1)">')).toBe('\\<img src=x onerror="alert(1)"\\>');
    expect(markdownText('[click](javascript:alert(1)) *bold* _it_ `code` &lt;')).toBe('\\[click\\](javascript:alert(1)) \\*bold\\* \\_it\\_ \\`code\\` \\&lt;');
  });

  it('keeps one line, so record text cannot open a new block', () => {
    expect(markdownText('line one\n# Heading\r\n\n- item')).toBe('line one # Heading - item');
    expect(markdownText('# Heading')).toBe('\\# Heading');
    expect(markdownText('1. first')).toBe('\\1. first');
    expect(bulletList(['- nested', 'plain'])).toBe('- \\- nested\n- plain');
  });

  it('leaves ordinary clinical text readable', () => {
    expect(markdownText('Blood work: coagulation (INR / PT). T12-L1, 30% height loss!')).toBe('Blood work: coagulation (INR / PT). T12-L1, 30% height loss!');
  });
});
