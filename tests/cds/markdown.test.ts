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
    expect(bulletList(['# Heading', '1. first', '- nested', 'plain'])).toBe('- \\# Heading\n- 1\\. first\n- \\- nested\n- plain');
    expect(markdownText('engine 0.1.0')).toBe('engine 0.1.0');
    expect(markdownText('0.1.0')).toBe('0.1.0');
  });

  it('leaves ordinary clinical text readable', () => {
    expect(markdownText('Blood work: coagulation (INR / PT). T12-L1, 30% height loss!')).toBe('Blood work: coagulation (INR / PT). T12-L1, 30% height loss!');
  });
});
