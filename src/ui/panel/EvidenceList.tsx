// Evidence lines: the kind of record, its display text and its date. FHIR text is rendered as text only.
import type { Evidence } from '../../clinical/types';
import { day, recordKind } from '../format';

export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  if (evidence.length === 0) return null;
  return (
    <ul class="evidence">
      {evidence.map((e, i) => (
        <li key={`${e.resourceType}/${e.id ?? i}/${i}`}>
          {/* bdi: right-to-left or override characters in record text must not reorder the app's own words */}
          <span class="evidence-kind">{recordKind(e)}</span>: <bdi>{e.display}</bdi>
          {e.date ? <span class="evidence-date"> ({day(e.date)})</span> : null}
        </li>
      ))}
    </ul>
  );
}
