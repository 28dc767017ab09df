// Evidence lines, newest first: the kind of record, its text with values formatted, and its date. FHIR text is
// rendered as text only.
import { clinicalText } from '../../clinical/display';
import type { Evidence } from '../../clinical/types';
import { day, recordKind } from '../format';

/** Newest first; undated lines keep their order after the dated ones. */
export function newestFirst(evidence: Evidence[]): Evidence[] {
  return evidence.map((e, i) => ({ e, i })).sort((a, b) => (b.e.date ?? '').localeCompare(a.e.date ?? '') || a.i - b.i).map(({ e }) => e);
}

export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <ul class="evidence">
      {newestFirst(evidence).map((e, i) => (
        <li key={`${e.resourceType}/${e.id ?? i}/${i}`}>
          {/* bdi: right-to-left or override characters in record text must not reorder the app's own words */}
          <span class="evidence-kind">{recordKind(e)}</span>: <bdi>{clinicalText(e.display)}</bdi>
          {e.date ? <span class="evidence-date"> ({day(e.date)})</span> : null}
          {/* v3: an imaging report's conclusion, as text, so the physician can confirm from it */}
          {e.conclusion ? <span class="evidence-conclusion" data-testid="evidence-conclusion">. Conclusion: <q><bdi>{e.conclusion}</bdi></q></span> : null}
        </li>
      ))}
    </ul>
  );
}
