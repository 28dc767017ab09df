// One write's life on screen: idle, saving, saved (id and date), or failed with words that say what is true: "Not
// saved" only when nothing can have been stored; "Not confirmed" after a 5xx or a timeout (it may be in the chart).
// A Retry, where one can succeed, sends the very same resource with the very same identifier (conditional create or
// search-then-create: the first write is found, not doubled); after a refusal (403) there is no Retry, Copy note instead.
import type { Identifier, Resource } from 'fhir/r4';
import type { WriteOutcome } from '../writeback/post-resource';

export interface PendingWrite {
  resource: Resource;
  identifier: Identifier;
}

export type WriteState =
  | { kind: 'idle' }
  | { kind: 'saving'; pending: PendingWrite }
  | { kind: 'saved'; id: string; at: string; pending: PendingWrite }
  | { kind: 'failed'; message: string; pending: PendingWrite; mayHaveSaved: boolean; retry: boolean };

export function afterOutcome(pending: PendingWrite, outcome: WriteOutcome, now: Date): WriteState {
  if (outcome.ok) return { kind: 'saved', id: outcome.id, at: outcome.lastUpdated ?? now.toISOString(), pending };
  return { kind: 'failed', message: outcome.message, pending, mayHaveSaved: outcome.mayHaveSaved === true, retry: outcome.retry !== false };
}

export function WriteStatus({ state, what, onRetry, testId }: { state: WriteState; what: string; onRetry: () => void; testId: string }) {
  switch (state.kind) {
    case 'idle':
      return null;
    case 'saving':
      return <p role="status" data-testid={testId} data-state="saving">Saving {what}…</p>;
    case 'saved':
      return (
        <p role="status" class="notice" data-testid={testId} data-state="saved" data-resource-id={state.id}>
          Saved {what} to the chart: {state.pending.resource.resourceType}/{state.id}, {state.at.replace('T', ' ').slice(0, 16)} UTC.
        </p>
      );
    case 'failed':
      return (
        <div role="alert" class="notice notice-warn" data-testid={testId} data-state="failed">
          <p>{state.mayHaveSaved ? 'Not confirmed' : 'Not saved'}: {state.message}</p>
          {state.retry ? <button type="button" data-action={`retry-${testId}`} onClick={onRetry}>Retry</button> : null}
        </div>
      );
  }
}
