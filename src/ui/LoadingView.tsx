// Sign-in and record reading in progress: one line per resource type as its results arrive, announced politely.
import type { LoadProgress } from '../fhir/loader';

const STATE_WORDS = { loading: 'reading…', done: 'done', failed: 'could not read' } as const;
const STATE_ICONS = { loading: '…', done: '✓', failed: '⚠' } as const;

export function LoadingView({ progress, starting }: { progress: LoadProgress[]; starting?: boolean }) {
  const finished = progress.filter((p) => p.state !== 'loading').length;
  const summary = starting
    ? 'Completing the sign-in with the EHR…'
    : progress.length === 0
      ? 'Reading the record…'
      : `Reading the record: ${finished} of ${progress.length} record types done.`;
  return (
    <section class="loading" aria-labelledby="loading-heading" aria-busy="true">
      <h2 id="loading-heading">Loading</h2>
      <p role="status" aria-live="polite" data-testid="loading-status">{summary}</p>
      {progress.length > 0 ? (
        <ul class="progress-list">
          {progress.map((p) => (
            <li key={p.resourceType} data-state={p.state}>
              <span aria-hidden="true">{STATE_ICONS[p.state]} </span>
              <span class="progress-type">{p.resourceType}</span>: {STATE_WORDS[p.state]}
              {p.state === 'done' ? ` (${p.count} found)` : ''}
              {p.gap ? <span class="progress-gap"> ({p.gap})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
