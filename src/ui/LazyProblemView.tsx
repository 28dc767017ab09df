// The app page's named problem states, loaded when one is shown: the explanations are long and most launches never
// need them. Until they arrive (a moment: same origin as the page), a short notice stands in; if they cannot be
// loaded at all, the notice says what to do, so a problem never ends in a blank screen.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Problem } from '../app/problems';

type ProblemModule = typeof import('./ProblemView');
let loaded: ProblemModule | undefined;
let loading: Promise<ProblemModule> | undefined;

function loadProblemView(): Promise<ProblemModule> {
  loading ??= import('./ProblemView').then((module) => (loaded = module));
  return loading;
}

export function LazyProblemView({ problem, actions }: { problem: Problem; actions?: ComponentChildren }) {
  const [module, setModule] = useState<ProblemModule | undefined>(loaded);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!module) loadProblemView().then(setModule, () => setFailed(true));
  }, [module]);
  if (module) return <module.ProblemView problem={problem} {...(actions ? { actions } : {})} />;
  return (
    <section class="problem" role="alert" aria-busy={!failed}>
      <h2>{failed ? 'The app could not finish' : 'One moment'}</h2>
      <p>{failed ? 'Reload the app, or open it again from the patient\'s chart. If it happens again, call your EHR support desk.' : 'Loading what to do next…'}</p>
    </section>
  );
}
