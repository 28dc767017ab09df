// The launch page: with `iss`, hand over to the authorization server (or say why not); without, the picker.
import { useEffect, useState } from 'preact/hooks';
import type { LaunchOutcome, LaunchRequest } from '../../app/launch';
import { firstLine } from '../../app/first-line';
import { ProblemView } from '../ProblemView';
import { Shell } from '../Shell';
import { ServerPicker } from './ServerPicker';

export interface LaunchPageProps {
  request: LaunchRequest | undefined;
  start(request: LaunchRequest): Promise<LaunchOutcome>;
}

export function LaunchPage({ request, start }: LaunchPageProps) {
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
        <ServerPicker />
      ) : outcome?.kind === 'failed' ? (
        <ProblemView problem={outcome.problem} />
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
