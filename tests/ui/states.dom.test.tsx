import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'preact/test-utils';
import type { Problem } from '../../src/app/problems';
import type { AppPhase } from '../../src/app/session';
import { App } from '../../src/ui/App';
import { CopySummary } from '../../src/ui/CopySummary';
import { LoadingView } from '../../src/ui/LoadingView';
import { ProblemView } from '../../src/ui/ProblemView';
import { Shell } from '../../src/ui/Shell';
import { assess } from '../../src/clinical/assess';
import { summaryText } from '../../src/clinical/summary';
import { AS_OF, needsInformationRecord } from './fixtures';
import { click, mount, waitFor, type Mounted } from './render';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});

const cases: Array<{ problem: Problem; expects: string[] }> = [
  {
    problem: { kind: 'not-launched', detail: "No 'state' parameter found. Please (re)launch the app." },
    expects: ['Open this app from the patient\'s chart', 'http://localhost:4013/', 'launch.html', "No 'state' parameter found"],
  },
  {
    problem: { kind: 'auth-error', stage: 'authorize', error: 'unauthorized_client', description: 'Unknown client_id "nope"' },
    expects: ['The EHR refused the authorization', 'unauthorized_client', 'Unknown client_id "nope"', 'client id', 'redirect URI', 'used twice'],
  },
  {
    problem: { kind: 'auth-error', stage: 'token', error: 'invalid_grant', description: 'The authorization code was already used' },
    expects: ['The sign-in could not be completed', 'invalid_grant', 'already used', 'Relaunch'],
  },
  { problem: { kind: 'session-expired', detail: 'Patient: not authorized (session expired?) (401)' }, expects: ['Your session has expired', 'Relaunch the app'] },
  { problem: { kind: 'no-patient' }, expects: ['No patient selected', 'patient\'s chart'] },
  {
    problem: { kind: 'patient-unreadable', message: 'Patient: not found (404): Resource Patient/x is not known' },
    expects: ['could not be read', 'Resource Patient/x is not known', 'patient/Patient.rs'],
  },
  { problem: { kind: 'config', message: 'smart-config.json: entry 2 ("Epic"): clientId: must be a non-empty string' }, expects: ['configuration needs fixing', 'entry 2 ("Epic"): clientId'] },
  { problem: { kind: 'no-config-match', iss: 'https://unknown.example/fhir' }, expects: ['This EHR is not configured', 'https://unknown.example/fhir', 'issMatch'] },
  { problem: { kind: 'launch-failed', iss: 'https://down.example/fhir', message: 'Failed to fetch the well-known json' }, expects: ['The launch could not start', 'well-known', 'pkceMode'] },
  { problem: { kind: 'unexpected', message: 'boom' }, expects: ['Something went wrong', 'boom', 'Reload'] },
];

describe('named states', () => {
  for (const { problem, expects } of cases) {
    it(`${problem.kind}${'stage' in problem ? ` (${problem.stage})` : ''}: says what happened and what to do next`, () => {
      mounted = mount(<ProblemView problem={problem} />);
      const section = mounted.container.querySelector(`[data-problem="${problem.kind}"]`)!;
      expect(section.getAttribute('role')).toBe('alert');
      expect(section.querySelector('h2')?.textContent).toBeTruthy();
      for (const text of expects) expect(section.textContent).toContain(text);
    });
  }

  it('every state leads with what the physician can do; technical detail is folded below it', () => {
    for (const { problem } of cases) {
      mounted = mount(<ProblemView problem={problem} />);
      const section = mounted.container.querySelector('[data-problem]')!;
      const first = section.querySelector('[data-testid="problem-first"]');
      expect(first?.textContent, problem.kind).toMatch(/relaunch|reload|open|call|go back|wait/i);
      expect(section.querySelector('h2')!.nextElementSibling).toBe(first);
      const technical = section.querySelector('details.problem-technical');
      if (technical) expect((technical as HTMLDetailsElement).open).toBe(false);
      // Developer words stay in the fold.
      const outside = [...section.children].filter((child) => child !== technical).map((child) => child.textContent).join(' ');
      expect(outside, problem.kind).not.toMatch(/clientId|smart-config|issMatch|pkceMode|redirect URI|scope/);
      mounted.unmount();
      mounted = undefined;
    }
  });

  it('renders server text as text, never markup', () => {
    mounted = mount(<ProblemView problem={{ kind: 'auth-error', stage: 'authorize', error: '<img src=x onerror=alert(1)>', description: '<script>x()</script>' }} />);
    expect(mounted.container.querySelector('img, script')).toBeNull();
    expect(mounted.container.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('the app shows each phase: starting, loading progress (aria-live), the assessment, a problem', async () => {
    let push: (phase: AppPhase) => void = () => {};
    mounted = mount(<App start={(update) => { push = update; }} />);
    const { container } = mounted;
    await waitFor(() => expect(container.textContent).toContain('Completing the sign-in'));
    expect(container.querySelector('header h1')?.textContent).toBe('Kyphoplasty candidacy');
    expect(container.querySelector('main')).toBeTruthy();
    act(() => push({ kind: 'loading', progress: [
      { resourceType: 'Patient', state: 'done', count: 1 },
      { resourceType: 'Condition', state: 'loading', count: 0 },
      { resourceType: 'Observation', state: 'failed', count: 0, gap: 'Observation: access denied (403)' },
    ] }));
    const status = container.querySelector('[data-testid="loading-status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toContain('2 of 3 record types done');
    expect(container.textContent).toContain('Observation: could not read (Observation: access denied (403))');
    act(() => push({ kind: 'loaded', record: needsInformationRecord(), asOf: AS_OF, showBanner: true }));
    expect(container.querySelector('[data-testid="verdict"] [data-status]')?.getAttribute('data-status')).toBe('needs-information');
    act(() => push({ kind: 'failed', problem: { kind: 'session-expired' } }));
    // The explanations load when a problem is shown (src/ui/LazyProblemView.tsx): a notice stands in meanwhile.
    await waitFor(() => expect(container.textContent).toContain('Your session has expired'));
  });

  it('a start that throws becomes the "Something went wrong" state, not a blank screen', async () => {
    mounted = mount(<App start={() => Promise.reject(new Error('kaput\nstack'))} />);
    await waitFor(() => expect(mounted!.container.querySelector('[data-problem="unexpected"]')?.textContent).toContain('kaput'));
  });

  it('the error boundary catches a component that throws while rendering', () => {
    function Broken(): never {
      throw new Error('render failed');
    }
    mounted = mount(<Shell><Broken /></Shell>);
    expect(mounted.container.querySelector('[data-problem="unexpected"]')?.textContent).toContain('render failed');
    expect(mounted.container.querySelector('header h1')).toBeTruthy();
  });

  it('loading view without progress says it is reading', () => {
    mounted = mount(<LoadingView progress={[]} />);
    expect(mounted.container.textContent).toContain('Reading the record');
  });
});

describe('Copy summary', () => {
  const assessment = assess(needsInformationRecord(), {}, AS_OF);
  const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  afterEach(() => {
    if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
    else delete (navigator as { clipboard?: unknown }).clipboard;
  });

  it('puts summaryText on the clipboard and says so', async () => {
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => { written.push(text); } } });
    mounted = mount(<CopySummary assessment={assessment} />);
    click([...mounted.container.querySelectorAll('button')].find((b) => b.textContent === 'Copy summary')!);
    await waitFor(() => expect(mounted!.container.textContent).toContain('Summary copied'));
    expect(written).toEqual([summaryText(assessment)]);
  });

  it('without a clipboard, shows the text to copy by hand', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    mounted = mount(<CopySummary assessment={assessment} />);
    click([...mounted.container.querySelectorAll('button')].find((b) => b.textContent === 'Copy summary')!);
    const area = await waitFor(() => mounted!.container.querySelector<HTMLTextAreaElement>('textarea#summary-text')!);
    expect(area.value).toBe(summaryText(assessment));
    expect(mounted.container.textContent).toContain('The clipboard is not available here');
  });
});
