// "Copy summary" puts the plain-text summary on the clipboard; where the clipboard is unavailable (an EHR
// iframe without permission, an insecure origin) the text is shown selected, to copy by hand. And "Print".
import { useEffect, useRef, useState } from 'preact/hooks';
import { summaryText } from '../clinical/summary';
import type { Assessment } from '../clinical/types';

type CopyState = 'idle' | 'copied' | 'fallback';

export function CopySummary({ assessment }: { assessment: Assessment }) {
  const [state, setState] = useState<CopyState>('idle');
  const text = summaryText(assessment);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => setState((s) => (s === 'copied' ? 'idle' : s)), [text]);
  useEffect(() => {
    if (state === 'fallback') area.current?.select();
  }, [state]);

  async function copy() {
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('fallback');
    }
  }

  return (
    <div class="actions no-print">
      <button type="button" onClick={copy}>Copy summary</button>{' '}
      <button type="button" onClick={() => window.print()}>Print</button>
      <span class="copy-status" role="status" aria-live="polite">
        {state === 'copied' ? 'Summary copied to the clipboard.' : ''}
      </span>
      {state === 'fallback' ? (
        <div class="copy-fallback">
          <p>The clipboard is not available here. The summary is selected below: copy it with Ctrl+C (⌘C on a Mac).</p>
          <label for="summary-text">Summary text</label>
          <textarea id="summary-text" ref={area} readOnly rows={12} value={text} />
        </div>
      ) : null}
    </div>
  );
}
