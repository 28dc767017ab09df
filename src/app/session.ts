// The app page's one-way flow: ready() once -> read the record in one parallel round -> hand it to the UI,
// which evaluates and renders. Every failure becomes a named Problem; nothing here logs tokens or patient data.
import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { localCalendarDay } from '../clinical/dates';
import type { PatientRecord } from '../clinical/record';
import { clientSource } from '../fhir/client-source';
import { loadRecord, type LoadProgress } from '../fhir/loader';
import { loadConfig, matchConfig, type EhrConfig } from './config';
import { launchOrder, type LaunchOrder } from './launch-order';
import { firstLine, loadProblem, readyProblem, type Problem } from './problems';

export type AppPhase =
  | { kind: 'starting' }
  | { kind: 'loading'; progress: LoadProgress[] }
  | { kind: 'loaded'; record: PatientRecord; asOf: string; showBanner: boolean; order?: LaunchOrder }
  | { kind: 'failed'; problem: Problem };

export interface SessionDeps {
  ready(): Promise<Client>;
  config(): Promise<EhrConfig[]>;
  /** YYYY-MM-DD, the evaluation date. */
  today(): string;
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

let readyOnce: Promise<Client> | undefined;

/** fhirclient's ready(), called once per page: a second concurrent call would get a client without a token. */
export function smartReady(): Promise<Client> {
  readyOnce ??= FHIR.oauth2.ready();
  return readyOnce;
}


export function browserDeps(): SessionDeps {
  return { ready: smartReady, config: () => loadConfig(), today: () => localCalendarDay(new Date()), location: window.location, history: window.history };
}

/** The authorization response's code and state must not stay in the address bar (or the history). */
function stripAuthParams(deps: SessionDeps): void {
  const url = new URL(deps.location.href);
  if (!url.searchParams.has('code') && !url.searchParams.has('state')) return;
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  deps.history.replaceState(deps.history.state, '', url.href);
}

export async function runSession(update: (phase: AppPhase) => void, deps: SessionDeps = browserDeps()): Promise<void> {
  // Read before ready(): fhirclient rewrites the URL while it exchanges the code.
  const openedWith = new URL(deps.location.href).searchParams;
  update({ kind: 'starting' });
  // The configuration only adds per-EHR search parameters here: a missing file must not block the assessment.
  const configs = deps.config().catch(() => [] as EhrConfig[]);

  // fhirclient would fall back to its stored state for a code that comes back without one: refuse it.
  if (openedWith.has('code') && !openedWith.has('state')) {
    stripAuthParams(deps);
    update({ kind: 'failed', problem: { kind: 'auth-error', stage: 'authorize', error: 'invalid_request', description: 'The EHR sent an authorization code without the state this app issued, so it was not used.' } });
    return;
  }

  let client: Client;
  try {
    client = await deps.ready();
  } catch (error) {
    stripAuthParams(deps);
    update({ kind: 'failed', problem: readyProblem(error, openedWith) });
    return;
  }
  stripAuthParams(deps);

  // A reload while the code was being exchanged leaves fhirclient's state without a token.
  if (!client.state.tokenResponse?.access_token) {
    update({ kind: 'failed', problem: { kind: 'session-expired', detail: 'The sign-in did not complete (was the page reloaded during it?).' } });
    return;
  }
  const patientId = client.patient.id;
  if (!patientId) {
    update({ kind: 'failed', problem: { kind: 'no-patient' } });
    return;
  }
  try {
    await client.refreshIfNeeded();
  } catch (error) {
    update({ kind: 'failed', problem: { kind: 'session-expired', detail: firstLine(error) } });
    return;
  }
  const showBanner = client.state.tokenResponse?.need_patient_banner !== false;
  // Opened from a CDS Hooks card: the order under review.
  const order = launchOrder(client.state.tokenResponse);
  const ehr = matchConfig(await configs, client.state.serverUrl);

  const progress = new Map<string, LoadProgress>();
  update({ kind: 'loading', progress: [] });
  try {
    const record = await loadRecord(clientSource(client), {
      patientId: String(patientId),
      extraParams: ehr?.extraParams ?? {},
      ...(ehr?.requestTimeoutMs ? { timeoutMs: ehr.requestTimeoutMs } : {}),
      onProgress(p) {
        progress.set(p.resourceType, p);
        update({ kind: 'loading', progress: [...progress.values()] });
      },
    });
    update({ kind: 'loaded', record, asOf: deps.today(), showBanner, ...(order ? { order } : {}) });
  } catch (error) {
    update({ kind: 'failed', problem: loadProblem(error) });
  }
}
