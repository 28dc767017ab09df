// What the app may write to this chart, from the token: the granted scope (only granted writes are offered), the
// patient and encounter in context, the author (fhirUser, only from an id_token whose signature checks), and a
// create function bound to the session.
import type { Identifier, QuestionnaireResponse, Resource } from 'fhir/r4';
import { authOriginsFor, type IssuerRules } from '../app/issuer-allow-list';
import { coverage, parseResourceGrants } from '../fhir/granted-scope';
import type { VerifiedUser } from './fhir-user';
import { tokenRenewal } from '../fhir/token-renewal';
import type { WriteOutcome } from './post-resource';

export type WriteKind = 'DocumentReference' | 'QuestionnaireResponse' | 'ServiceRequest';

export interface ChartAccess {
  patientId: string;
  encounterId?: string;
  /** The write kinds the granted scope allows to create. */
  granted: ReadonlySet<WriteKind>;
  create(resource: Resource, identifier: Identifier): Promise<WriteOutcome>;
  /** The signed-in user from a verified id_token (checked once, on first call), or why there is none. */
  author(): Promise<VerifiedUser>;
  /** The newest in-progress answers of this app for the patient, when the grant lets the app search them. */
  inProgressAnswers(): Promise<QuestionnaireResponse | undefined>;
}

const KINDS: readonly WriteKind[] = ['DocumentReference', 'QuestionnaireResponse', 'ServiceRequest'];

/** Creates the granted scope allows without a query restriction (a restricted create cannot be checked here). */
export function grantedWrites(scope: string | undefined): Set<WriteKind> {
  const grants = parseResourceGrants(scope);
  return new Set(KINDS.filter((kind) => coverage(grants, kind, 'c').kind === 'full'));
}

/** The parts of fhirclient's Client used here. */
export interface SessionClient {
  state: { serverUrl: string; clientId?: string; scope?: string; tokenResponse?: { access_token?: string; refresh_token?: string; scope?: string; encounter?: string; id_token?: string } };
  refreshIfNeeded(): Promise<unknown>;
  refresh(): Promise<unknown>;
}

/** What the session hands the UI: plain data, so the write-back code itself can load lazily. */
export interface ChartSession {
  client: SessionClient;
  patientId: string;
  ehr?: IssuerRules & { requestTimeoutMs?: number };
}

export function chartAccess({ client, patientId, ehr }: ChartSession): ChartAccess {
  const granted = client.state.tokenResponse?.scope?.trim() || client.state.scope;
  const encounter = client.state.tokenResponse?.encounter;
  const timeoutMs = ehr?.requestTimeoutMs ?? 20_000;
  let author: Promise<VerifiedUser> | undefined;
  return {
    author() {
      const idToken = client.state.tokenResponse?.id_token;
      if (!idToken || !client.state.clientId || !ehr) return Promise.resolve({ ok: false, reason: 'the EHR did not identify the user (no id_token)' });
      author ??= import('./fhir-user').then((m) => m.verifiedFhirUser({ idToken, clientId: client.state.clientId!, allowedOrigins: authOriginsFor(ehr, client.state.serverUrl) }));
      return author;
    },
    patientId,
    ...(typeof encounter === 'string' && encounter.trim() ? { encounterId: encounter.trim() } : {}),
    granted: grantedWrites(granted),
    async create(resource, identifier) {
      const ended: WriteOutcome = { ok: false, status: 401, message: 'HTTP 401: the session has ended: relaunch the app from the chart' };
      const tokens = tokenRenewal(client);
      // Renewed ahead when the token is known to have expired; a refusal here still leaves the 401 path below.
      if (tokens.current()) await client.refreshIfNeeded().catch(() => undefined);
      const accessToken = tokens.current();
      if (!accessToken) return ended;
      const { postResource } = await import('./post-resource');
      const first = await postResource({ baseUrl: client.state.serverUrl, accessToken, timeoutMs }, resource, identifier);
      if (first.ok || first.status !== 401) return first;
      // Expired (or revoked) after all: one renewal shared with any read still running, then the same create once
      // more; If-None-Exist makes the retry find the first write if that one was stored after all.
      const renewed = await tokens.renewAfter(accessToken);
      if (!renewed) return first;
      return postResource({ baseUrl: client.state.serverUrl, accessToken: renewed, timeoutMs }, resource, identifier);
    },
    async inProgressAnswers() {
      if (coverage(parseResourceGrants(granted), 'QuestionnaireResponse', 's').kind !== 'full') return undefined;
      const tokens = tokenRenewal(client);
      const accessToken = tokens.current();
      if (!accessToken) return undefined;
      const [{ searchBundle }, { latestInProgress }] = await Promise.all([import('./post-resource'), import('./resume')]);
      const query = `QuestionnaireResponse?patient=${encodeURIComponent(patientId)}&status=in-progress,completed&_count=100`;
      let answer = await searchBundle({ baseUrl: client.state.serverUrl, accessToken, timeoutMs }, query);
      // Expired meanwhile: the session's one renewal, then once more (as every read of the record does).
      if (answer.status === 401) {
        const renewed = await tokens.renewAfter(accessToken);
        if (renewed) answer = await searchBundle({ baseUrl: client.state.serverUrl, accessToken: renewed, timeoutMs }, query);
      }
      return latestInProgress(answer.bundle, patientId);
    },
  };
}
