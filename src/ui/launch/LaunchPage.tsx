// The launch page: with `iss`, hand over to the authorization server (or say why not); without, the picker.
// A problem's explanation loads only when one is shown (LazyProblemView): a launch that works never runs it, and the
// launch page's script stays that much smaller (issue 12).
import { useEffect, useState } from 'preact/hooks';
import type { EhrConfig } from '../../app/config';
import type { LaunchOutcome, LaunchRequest } from '../../app/launch';
import { firstLine } from '../../app/first-line';
import { LazyProblemView } from '../LazyProblemView';
import { Shell } from '../Shell';
import { ServerPicker } from './ServerPicker';

export interface LaunchPageProps {
  request: LaunchRequest | undefined;
  start(request: LaunchRequest): Promise<LaunchOutcome>;
  /** The configuration, for the picker's local sandbox link (no request: the launch reads it in start). */
  config?: () => Promise<readonly EhrConfig[]>;
}

export function LaunchPage({ request, start, config }: LaunchPageProps) {
  const [outcome, setOutcome] = useState<LaunchOutcome | undefined>();
  useEffect(() => {
    if (!request) return;
    start(request)
      .then(setOutcome)
      .catch((error: unknown) => setOutcome({ kind: 'failed', problem: { kind: 'unexpected', message: firstLine(error) } }));
  }, [request, start]);

  return (
    <Shell subtitle="Launch">
      {!request ? (
        <ServerPicker {...(config ? { config } : {})} />
      ) : outcome?.kind === 'failed' ? (
        <LazyProblemView problem={outcome.problem} />
      ) : (
        <section aria-labelledby="launch-heading">
          <h2 id="launch-heading">Connecting</h2>
          <p role="status" aria-live="polite" data-testid="launch-status">
            {outcome ? `Signing in at ${outcome.entry.name}…` : 'Contacting the EHR…'} <code>{request.iss}</code>
          </p>
        </section>
      )}
    </Shell>
  );
}
