// The app page's one-way flow: ready() once -> read the record in one parallel round -> hand it to the UI,
// which evaluates and renders. Every failure becomes a named Problem; nothing here logs tokens or patient data.
// Each frame resumes only its own launch (./frame-launch.ts): never the tab's most recent one.
import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { localCalendarDay } from '../clinical/dates';
import type { PatientRecord } from '../clinical/record';
// The loader and its query plan are in the app page's own script (issue 22): the launch page fetches that script ahead
// while the physician signs in, so they arrive with it, and one file compresses smaller than the three chunks they
// were (the loader, and the code lists and dates the loader shares with the engine): 2.5 KB gzip less before the verdict.
import { clientSource } from '../fhir/client-source';
import { loadRecord, sessionCapabilityOf, type LoadProgress } from '../fhir/loader';
import { matchConfig, type EhrConfig } from './config';
import { keptConfig } from './kept-config';
import { forgetLaunch, frameLaunchOf, isAwaitingAuthorization, isLaunchOfThisTab, keepLaunchesPerFrame, withFrameLaunch, type FrameLaunch } from './frame-launch';
import { assertAuthorizationResponse } from './launch-binding';
import { grantedLoadOptions } from './granted-access';
import { launchOrder, type LaunchOrder } from './launch-order';
import { firstLine } from './first-line';
import type { Problem } from './problems';
import { sessionStorageOf, usableSessionStorage } from './storage-access';
import type { ChartSession } from '../writeback/chart-access';

export type AppPhase =
  | { kind: 'starting' }
  | { kind: 'loading'; progress: LoadProgress[] }
  /** `close` ends the session: tokens and launch state leave sessionStorage, a relaunch page follows. */
  | { kind: 'loaded'; record: PatientRecord; asOf: string; showBanner: boolean; close?: () => void; order?: LaunchOrder; chart?: ChartSession }
  | { kind: 'failed'; problem: Problem };

type LaunchStorage = Pick<Storage, 'getItem' | 'removeItem'>;

export interface SessionDeps {
  /** fhirclient's ready() for the launch stored under this state key. */
  ready(stateKey: string): Promise<Client>;
  config(): Promise<EhrConfig[]>;
  /** YYYY-MM-DD, the evaluation date. */
  today(): string;
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  /** This tab's sessionStorage, or undefined when the browser refuses it (a frame on another site). */
  storage(): Promise<LaunchStorage | undefined>;
}

let readyOnce: Promise<Client> | undefined;

/**
 * What turns a failure into a named problem: loaded only when something fails, like the problem view itself (the
 * browser budget counts every script fetched before the verdict, issue 22).
 */
const problemTexts = () => import('./problems');

/** fhirclient's ready(), called once per page: a second concurrent call would get a client without a token. */
export function smartReady(stateKey: string): Promise<Client> {
  if (!readyOnce) {
    keepLaunchesPerFrame(FHIR.oauth2.settings);
    // The authorization response is checked (mix-up defence, launch-binding.ts) before fhirclient sends its code anywhere.
    readyOnce = Promise.resolve()
      .then(() => assertAuthorizationResponse(new URL(window.location.href).searchParams, window.sessionStorage))
      .then(() => FHIR.oauth2.ready({ stateKey }));
  }
  return readyOnce;
}

export function browserDeps(): SessionDeps {
  return {
    ready: smartReady,
    // What the launch page validated for this tab (./kept-config.ts): not fetched and checked again.
    config: () => Promise.resolve(keptConfig(sessionStorageOf(window))),
    today: () => localCalendarDay(new Date()),
    location: window.location,
    history: window.history,
    storage: () => usableSessionStorage(window),
  };
}

/** The address without the authorization response's code and state (they must not stay in the history). */
function cleanHref(deps: SessionDeps): string {
  const url = new URL(deps.location.href);
  url.searchParams.delete('code');
  url.searchParams.delete('state');
  url.searchParams.delete('iss');
  return url.href;
}

function stripAuthParams(deps: SessionDeps): void {
  const url = new URL(deps.location.href);
  if (!url.searchParams.has('code') && !url.searchParams.has('state')) return;
  deps.history.replaceState(deps.history.state, '', cleanHref(deps));
}

/** This history entry (this frame, this reload or Back) belongs to this launch from now on. */
function rememberLaunch(deps: SessionDeps, launch: FrameLaunch): void {
  deps.history.replaceState(withFrameLaunch(deps.history.state, launch), '', cleanHref(deps));
}

/** Close: the tokens and launch state leave sessionStorage; this entry remembers the launch as closed. */
function closeSession(deps: SessionDeps, storage: LaunchStorage, launch: FrameLaunch, update: (phase: AppPhase) => void): void {
  forgetLaunch(storage, launch.key);
  rememberLaunch(deps, { ...launch, closed: true });
  readyOnce = undefined;
  update({ kind: 'failed', problem: { kind: 'relaunch-needed', reason: 'closed' } });
}

export async function runSession(update: (phase: AppPhase) => void, deps: SessionDeps = browserDeps()): Promise<void> {
  // Read before ready(): fhirclient rewrites the URL (and the history state) while it exchanges the code.
  const openedWith = new URL(deps.location.href).searchParams;
  const previous = frameLaunchOf(deps.history.state);
  const fail = (problem: Problem) => update({ kind: 'failed', problem });
  update({ kind: 'starting' });
  // The configuration only adds per-EHR search parameters here: a missing file must not block the assessment.
  const configs = deps.config().catch(() => [] as EhrConfig[]);

  const storage = await deps.storage();
  if (!storage) {
    stripAuthParams(deps);
    fail({ kind: 'storage-blocked' });
    return;
  }

  // fhirclient would fall back to its stored state for a code that comes back without one: refuse it.
  if (openedWith.has('code') && !openedWith.has('state')) {
    stripAuthParams(deps);
    fail({ kind: 'auth-error', stage: 'authorize', error: 'invalid_request', description: 'The EHR sent an authorization code without the state this app issued, so it was not used.' });
    return;
  }

  const urlKey = openedWith.get('state');
  // Anyone can link to index.html?error=...: the server's words are shown only for a launch this tab started
  // and that still waits for the authorization server's answer (a signed-in launch is left alone).
  if (openedWith.has('error') || openedWith.has('error_description')) {
    const ours = isAwaitingAuthorization(storage, urlKey);
    if (ours) forgetLaunch(storage, urlKey);
    stripAuthParams(deps);
    fail(ours ? (await problemTexts()).readyProblem(undefined, openedWith) : { kind: 'sign-in-failed' });
    return;
  }

  // A fresh redirect names its launch in the URL; a reload or Back finds it in this entry's history state.
  const key = urlKey ?? previous?.key;
  if (!key) {
    fail({ kind: 'not-launched' });
    return;
  }
  if (!urlKey && previous) {
    if (previous.closed) return fail({ kind: 'relaunch-needed', reason: 'closed' });
    if (!isLaunchOfThisTab(storage, previous.key)) return fail({ kind: 'relaunch-needed', reason: 'launch-ended' });
  }

  let client: Client;
  try {
    client = await deps.ready(key);
  } catch (error) {
    stripAuthParams(deps);
    fail((await problemTexts()).readyProblem(error, openedWith));
    return;
  }

  const patientId = client.patient.id ? String(client.patient.id) : undefined;
  if (previous?.key === key && previous.patientId && previous.patientId !== patientId) {
    // Keep the patient this entry was launched with: a reload must not accept the other one either.
    rememberLaunch(deps, previous);
    fail({ kind: 'relaunch-needed', reason: 'patient-changed' });
    return;
  }
  const launch: FrameLaunch = { key, ...(patientId ? { patientId } : {}) };
  rememberLaunch(deps, launch);

  // A reload while the code was being exchanged leaves fhirclient's state without a token.
  if (!client.state.tokenResponse?.access_token) {
    update({ kind: 'failed', problem: { kind: 'session-expired', detail: 'The sign-in did not complete (was the page reloaded during it?).' } });
    return;
  }
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
  const asOf = deps.today();
  try {
    const source = clientSource(client);
    const record = await loadRecord(source, {
      patientId,
      asOf,
      ...(ehr?.observationPlan ? { observationPlan: ehr.observationPlan } : {}),
      // What the server's searches can do (smart-config.json), checked against its CapabilityStatement in the same round.
      // The searches' first pages in one FHIR batch, only where the EHR's entry says it answers batch (opt-in).
      ...(ehr?.searchBatch === true ? { batch: true } : {}),
      // The session's CapabilityStatement, read once in this round and shared with the write-back (src/fhir/capability.ts).
      session: client,
      searchSupport: { ...(ehr?.componentSearch ? { componentSearch: ehr.componentSearch } : {}), ...(ehr?.conditionStatusDefault ? { conditionStatusDefault: ehr.conditionStatusDefault } : {}) },
      extraParams: ehr?.extraParams ?? {},
      ...(ehr?.requestTimeoutMs ? { timeoutMs: ehr.requestTimeoutMs } : {}),
      ...grantedLoadOptions(client.state, ehr),
      onProgress(p) {
        progress.set(p.resourceType, p);
        update({ kind: 'loading', progress: [...progress.values()] });
      },
      // A long history still paging: the panel shows from the first round, its affected rules unknown, and
      // nothing can be saved to the chart until the whole record is in.
      onFirstRound(partial) {
        update({ kind: 'loaded', record: partial, asOf, showBanner, ...(order ? { order } : {}) });
      },
    });
    const chart: ChartSession = { client, patientId, ...(ehr ? { ehr } : {}), capability: () => sessionCapabilityOf(source, client, ehr?.requestTimeoutMs) };
    update({ kind: 'loaded', record, asOf, showBanner, close: () => closeSession(deps, storage, launch, update), chart, ...(order ? { order } : {}) });
  } catch (error) {
    update({ kind: 'failed', problem: (await problemTexts()).loadProblem(error) });
  }
}
