// "Copy note" puts the short clinical note on the clipboard, "Copy full detail" the plain-text summary with every
// criterion and its evidence; where the clipboard is unavailable (an EHR iframe without permission, an insecure
// origin) the text is shown selected, to copy by hand. And "Print" (the print-only report). Text only, never markup.
import { useEffect, useRef, useState } from 'preact/hooks';
import { summaryText } from '../clinical/summary';
import type { Assessment } from '../clinical/types';

type CopyState = 'idle' | 'copied' | 'fallback';
type Which = 'note' | 'detail';

const WORDS: Record<Which, { button: string; copied: string; label: string }> = {
  note: { button: 'Copy note', copied: 'Note copied to the clipboard.', label: 'Note text' },
  detail: { button: 'Copy full detail', copied: 'Full detail copied to the clipboard.', label: 'Summary text' },
};

export function CopySummary({ assessment, note }: { assessment: Assessment; note?: () => string }) {
  const [state, setState] = useState<CopyState>('idle');
  const [which, setWhich] = useState<Which>(note ? 'note' : 'detail');
  const [text, setText] = useState('');
  const detail = summaryText(assessment);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setState((s) => (s === 'copied' ? 'idle' : s)), [detail]);
  useEffect(() => {
    if (state === 'fallback') area.current?.select();
  }, [state, text]);

  async function copy(kind: Which) {
    const value = kind === 'note' && note ? note() : detail;
    setWhich(kind);
    setText(value);
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('fallback');
    }
  }

  return (
    <div class="actions no-print">
      {note ? <button type="button" onClick={() => copy('note')}>{WORDS.note.button}</button> : null}
      <button type="button" onClick={() => copy('detail')}>{note ? WORDS.detail.button : 'Copy summary'}</button>
      <button type="button" onClick={() => window.print()}>Print</button>
      <span class="copy-status" role="status" aria-live="polite">
        {state === 'copied' ? (note ? WORDS[which].copied : 'Summary copied to the clipboard.') : ''}
      </span>
      {state === 'fallback' ? (
        <div class="copy-fallback">
          <p>The clipboard is not available here. The text is selected below: copy it with Ctrl+C (⌘C on a Mac).</p>
          <label for="summary-text">{WORDS[which].label}</label>
          <textarea id="summary-text" ref={area} readOnly rows={12} value={text} />
        </div>
      ) : null}
    </div>
  );
}
