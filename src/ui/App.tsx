// The app page: starts the session once and renders its phase. The flow is one-way: launch -> load -> evaluate -> render.
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import type { ChartSession } from '../writeback/chart-access';
import { firstLine } from '../app/first-line';
import type { AppPhase } from '../app/session';
import { AssessmentScreen } from './AssessmentScreen';
import { CloseSession } from './CloseSession';
import { LoadingView } from './LoadingView';
import { LazyProblemView } from './LazyProblemView';
import { Shell } from './Shell';
import { afterCardShown } from './after-card';

export type StartSession = (update: (phase: AppPhase) => void) => Promise<void> | void;

/**
 * The signed-in clinician, named only from a verified id_token's fhirUser (a Practitioner): the evaluator of the note
 * and the print. Checked after the card shows (the check loads its own code), so the first screen does not wait.
 */
export function useEvaluator(chart: ChartSession | undefined): string | undefined {
  const [evaluator, setEvaluator] = useState<string | undefined>();
  useEffect(() => {
    if (!chart) return undefined;
    let live = true;
    const cancel = afterCardShown(() => {
      import('../writeback/chart-access')
        .then(async ({ chartAccess, evaluatorOf }) => evaluatorOf(await chartAccess(chart).author()))
        .then((name) => live && setEvaluator(name), () => undefined);
    });
    return () => {
      live = false;
      cancel();
    };
  }, [chart]);
  return evaluator;
}

export function PhaseView({ phase }: { phase: AppPhase }) {
  const evaluator = useEvaluator(phase.kind === 'loaded' ? phase.chart : undefined);
  switch (phase.kind) {
    case 'starting':
      return <LoadingView progress={[]} starting />;
    case 'loading':
      return <LoadingView progress={phase.progress} />;
    case 'loaded':
      return (
        <>
          <AssessmentScreen record={phase.record} asOf={phase.asOf} showBanner={phase.showBanner} order={phase.order} {...(phase.chart ? { chart: phase.chart } : {})}
            {...(evaluator ? { evaluator } : {})} />
          {/* After the card in Tab order: a stray Enter on the first stops must not end the session. */}
          {phase.close ? <CloseSession close={phase.close} /> : null}
        </>
      );
    case 'failed':
      return <LazyProblemView problem={phase.problem} />;
  }
}

export function App({ start }: { start: StartSession }) {
  const [phase, setPhase] = useState<AppPhase>({ kind: 'starting' });
  // A layout effect runs as soon as the first render is committed; an effect would wait for the next frame (Preact
  // runs effects after paint), and the token request with it: 15-30 ms of the time to verdict (issue 22).
  useLayoutEffect(() => {
    Promise.resolve()
      .then(() => start(setPhase))
      .catch((error: unknown) => setPhase({ kind: 'failed', problem: { kind: 'unexpected', message: firstLine(error) } }));
  }, [start]);
  return (
    <Shell>
      <PhaseView phase={phase} />
    </Shell>
  );
}
