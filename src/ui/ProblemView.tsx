// The named states, for the physician who sees them: what to do first, what happened in words, and the technical
// detail (client id, redirect URI, server messages) folded below for whoever supports the EHR integration.
// Server text is shown as text only. A state may give only title and body; first and technical are optional.
import type { ComponentChildren } from 'preact';
import { LOCAL_LAUNCHER } from '../app/known-servers';
import type { Problem } from '../app/problems';

interface Guidance {
  title: string;
  /** What the physician can do first: retry, relaunch from the chart, call support. */
  first?: string;
  body: ComponentChildren;
  /** For the EHR's app administrator or support: shown folded. */
  technical?: ComponentChildren;
}

const callSupport = 'If it happens again, call your EHR support desk and tell them what is under "Technical detail".';

function Detail({ label, text }: { label: string; text?: string | undefined }) {
  if (!text) return null;
  return (
    <p class="problem-detail">
      {label}: <code>{text}</code>
    </p>
  );
}

const relaunch = 'Relaunch the app from the patient\'s chart in the EHR.';

function appUrl(page: string): string {
  return typeof location === 'undefined' ? page : new URL(page, location.href).href;
}

function guidance(problem: Problem): Guidance {
  switch (problem.kind) {
    case 'not-launched':
      return {
        title: 'Open this app from the patient\'s chart',
        first: 'Go back to the patient\'s chart in the EHR and start "Kyphoplasty Candidacy" from its app list.',
        body: (
          <>
            <p>This page was opened directly: no SMART launch is in progress in this browser tab, so the app has no patient and no access to the record.</p>
            <ul>
              <li>From an EHR: open the patient's chart and start "Kyphoplasty Candidacy" from its app list (its launch URL is <code>{appUrl('launch.html')}</code>).</li>
              <li>On this machine: use the local sandbox launcher at <a href={LOCAL_LAUNCHER}>{LOCAL_LAUNCHER}</a> (started by <code>npm start</code>).</li>
              <li>Standalone: <a href="launch.html">choose a FHIR server</a> and sign in there.</li>
            </ul>
            <Detail label="Technical detail" text={problem.detail} />
          </>
        ),
      };
    case 'auth-error':
      return {
        title: problem.stage === 'authorize' ? 'The EHR refused the authorization' : 'The sign-in could not be completed',
        first: `${relaunch} ${callSupport}`,
        body: <p>The EHR did not let the app sign in, so it cannot read the record. A reload during sign-in or declined access causes this too.</p>,
        technical: (
          <>
            <p>The authorization server sent back:</p>
            <Detail label="error" text={problem.error} />
            <Detail label="error_description" text={problem.description} />
            <p>The usual causes:</p>
            <ul>
              <li>The client id is not registered with this EHR: check <code>clientId</code> in <code>smart-config.json</code>.</li>
              <li>The redirect URI is not registered: it must be exactly the app page this EHR's entry names (by default <code>{appUrl('index.html')}</code>).</li>
              <li>The authorization code was used twice (the page was reloaded or opened twice during sign-in).</li>
              <li>Access was declined, or a requested scope is not allowed for this app.</li>
            </ul>
          </>
        ),
      };
    case 'session-expired':
      return {
        title: 'Your session has expired',
        first: relaunch,
        body: <p>The EHR no longer accepts the app's access (tokens last only minutes at some EHRs). Answers entered in this tab come back when you relaunch it in the same tab; otherwise enter them again.</p>,
        technical: <Detail label="Technical detail" text={problem.detail} />,
      };
    case 'no-patient':
      return {
        title: 'No patient selected',
        first: 'Open the app again from the patient\'s chart.',
        body: (
          <>
            <p>The launch did not give the app a patient. Open the app from a patient's chart, or choose a patient when the EHR asks during a standalone launch.</p>
            <p>
              <a href="launch.html">Start again</a>
            </p>
          </>
        ),
      };
    case 'patient-unreadable':
      return {
        title: 'The patient\'s record could not be read',
        first: `${relaunch} ${callSupport}`,
        body: <p>Nothing can be assessed without the patient's demographics, and the EHR did not return them.</p>,
        technical: (
          <>
            <Detail label="The server said" text={problem.message} />
            <p>Check that the app is allowed to read this patient (scope <code>patient/Patient.rs</code>) and that the patient still exists.</p>
          </>
        ),
      };
    case 'config':
      return {
        title: 'The app\'s configuration needs fixing',
        first: 'Call your EHR support desk: the app is set up wrongly for this EHR, and only they can fix it.',
        body: <p>Nothing is wrong with the patient's record.</p>,
        technical: (
          <>
            <Detail label="Problem" text={problem.message} />
            <p>Fix <code>smart-config.json</code> (next to this page; <code>public/smart-config.json</code> in the source) and reload. No rebuild is needed.</p>
          </>
        ),
      };
    case 'no-config-match':
      return {
        title: 'This EHR is not configured',
        first: 'Call your EHR support desk: the app has not been set up for this EHR yet.',
        body: <p>The app was launched from an EHR it does not know.</p>,
        technical: (
          <>
            <p>No entry of <code>smart-config.json</code> matches the FHIR server:</p>
            <p><code>{problem.iss}</code></p>
            <p>Nothing was sent to it. If it is an EHR you use, add an entry listing this exact URL in <code>iss</code> (or an <code>issMatch</code> pattern that pins its host), with the client id this EHR registered for the app.</p>
          </>
        ),
      };
    case 'untrusted-auth-server':
      return {
        title: 'The EHR\'s sign-in server is not the one configured for it',
        body: (
          <>
            <p>The launch was stopped before signing in: the FHIR server <code>{problem.iss}</code> names a sign-in ({problem.endpoint}) address outside the origins configured for it. The app would have sent the authorization to a server other than this EHR's.</p>
            <Detail label={`Its ${problem.endpoint}`} text={problem.url} />
            <Detail label="Allowed" text={problem.allowed.join(', ')} />
            <p>If this is expected (the EHR's authorization server is on another origin), an administrator adds that origin to the entry's <code>authOrigins</code> in <code>smart-config.json</code>. Otherwise tell your EHR's app administrator: the server's <code>.well-known/smart-configuration</code> may have been tampered with.</p>
          </>
        ),
      };
    case 'issuer-mismatch':
      return {
        title: 'The sign-in answer came from another server',
        body: (
          <>
            <p>The authorization response does not come from the authorization server this launch went to, so its code was not used (a possible OAuth mix-up).</p>
            <Detail label="Expected issuer" text={problem.expected} />
            <Detail label="Received issuer" text={problem.received ?? '(none)'} />
            <p>{relaunch}</p>
          </>
        ),
      };
    case 'launch-failed':
      return {
        title: 'The launch could not start',
        first: `Wait a minute and relaunch the app from the patient's chart. ${callSupport}`,
        body: <p>The app could not reach the EHR's sign-in. Testing a standalone launch: <a href="launch.html">choose another server</a>.</p>,
        technical: (
          <>
            <p>Contacting <code>{problem.iss}</code> failed:</p>
            <Detail label="Problem" text={problem.message} />
            <ul>
              <li>The server may be down, unreachable, or not a SMART server (no <code>.well-known/smart-configuration</code>).</li>
              <li>PKCE is required by the configuration but the server does not advertise it: set <code>pkceMode</code> to <code>ifSupported</code> or <code>unsafeV1</code>.</li>
              <li>PKCE needs a secure page: serve the app over https or from localhost.</li>
            </ul>
          </>
        ),
      };
    case 'relaunch-needed':
      return {
        title: problem.reason === 'closed' ? 'You closed the app' : 'Relaunch from the chart',
        body: (
          <>
            {problem.reason === 'closed' ? (
              <p>The app's access to the record was removed from this browser tab. Nothing more is read or shown until it is launched again.</p>
            ) : problem.reason === 'patient-changed' ? (
              <p>This app window was launched for another patient than the one its session now names, so nothing is shown: a reload must never show another patient's record.</p>
            ) : (
              <p>This app window's launch is no longer available in this browser tab (it ended, or the tab's storage was cleared).</p>
            )}
            <p>{relaunch}</p>
          </>
        ),
      };
    case 'storage-blocked':
      return {
        title: 'Your browser blocks this app inside the EHR page',
        body: (
          <>
            <p>The EHR shows the app in a frame from another site, and the browser refuses such frames the storage the sign-in needs (third-party storage is blocked). The launch cannot complete here; nothing is wrong with the EHR or the app's registration.</p>
            <ul>
              {problem.openInNewWindow ? (
                <li>
                  <a href={problem.openInNewWindow} target="_blank" rel="noopener" data-action="open-in-new-window">Open the app in a new window</a> and sign in there (the launch completes in that window).
                </li>
              ) : (
                <li>Relaunch from the chart and choose to open the app in a new window or tab, if the EHR offers it.</li>
              )}
              <li>Or ask your EHR administrator to open this app in a new window instead of embedding it.</li>
            </ul>
          </>
        ),
      };
    case 'sign-in-failed':
      return {
        title: 'The sign-in did not complete',
        body: (
          <>
            <p>This page received an error response that does not belong to a launch started in this browser tab, so its text is not shown.</p>
            <p>{relaunch}</p>
          </>
        ),
      };
    case 'unexpected':
      return {
        title: 'Something went wrong',
        first: `Reload the page. If it happens again, ${relaunch.charAt(0).toLowerCase() + relaunch.slice(1)}`,
        body: <p>The app stopped before showing the assessment. {callSupport}</p>,
        technical: <Detail label="Problem" text={problem.message} />,
      };
  }
}

/** `actions`: buttons the page adds below the guidance (e.g. asking the browser for storage). */
export function ProblemView({ problem, actions }: { problem: Problem; actions?: ComponentChildren }) {
  const { title, first, body, technical } = guidance(problem);
  return (
    <section class="problem" role="alert" aria-labelledby="problem-heading" data-problem={problem.kind}>
      <h2 id="problem-heading">
        <span aria-hidden="true">⚠ </span>
        {title}
      </h2>
      {first ? <p class="problem-first" data-testid="problem-first">{first}</p> : null}
      {body}
      {actions}
      {technical ? (
        <details class="problem-technical">
          <summary>Technical detail, for your EHR support desk</summary>
          {technical}
        </details>
      ) : null}
    </section>
  );
}
