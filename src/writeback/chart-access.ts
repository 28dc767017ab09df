// What the app may write to this chart, from the token: the granted scope (only granted writes are offered), the
// patient and encounter in context, the author (fhirUser, only from an id_token whose signature checks), and a
// create function bound to the session.
import type { DocumentReference, Identifier, QuestionnaireResponse, Resource } from 'fhir/r4';
import { coverage, parseResourceGrants } from '../fhir/granted-scope';
import type { VerifiedUser } from './fhir-user';
import { tokenRenewal } from '../fhir/token-renewal';
import type { ServerCapability } from '../fhir/capability';
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
  /** The newest answers of this app for the patient (in progress or completed), when the grant lets the app search them. */
  latestAnswers(): Promise<QuestionnaireResponse | undefined>;
  /** The newest note this app wrote for the patient (a new launch's save replaces it), when the grant lets the app search notes. */
  latestNote(): Promise<DocumentReference | undefined>;
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
  /**
   * The EHR's entry (src/app/config.ts), as far as writing needs it: the origins its authorization server may use
   * (default the FHIR server's) and its request deadline. Absent: no entry, so no id_token is trusted.
   */
  ehr?: { authOrigins?: readonly string[]; requestTimeoutMs?: number };
  /**
   * The session's CapabilityStatement (src/fhir/capability.ts): the one the loader read in its round, read again only
   * if that read found nothing. Handed in rather than imported, so the write-back's chunk does not split the module off
   * the loader's (one more script before the verdict). Absent: no create is conditional (search-then-create).
   */
  capability?: () => Promise<ServerCapability | undefined>;
}

// One ChartAccess per session: the id_token is verified once, whether the screen (the evaluator's name) or the
// Save to chart panel (the author) asks first.
const accessBySession = new WeakMap<ChartSession, ChartAccess>();

export function chartAccess(session: ChartSession): ChartAccess {
  let access = accessBySession.get(session);
  if (!access) accessBySession.set(session, (access = newChartAccess(session)));
  return access;
}

/** "Dr. Robin Sandbox (Practitioner/123)": the evaluator a note and a print name, only for a verified Practitioner. */
export function evaluatorOf(user: VerifiedUser): string | undefined {
  if (!user.ok || !/^Practitioner(Role)?\//.test(user.user.reference ?? '')) return undefined;
  return user.display ? `${user.display} (${user.user.reference})` : user.user.reference;
}

function newChartAccess({ client, patientId, ehr, capability: sessionCapability }: ChartSession): ChartAccess {
  const granted = client.state.tokenResponse?.scope?.trim() || client.state.scope;
  const encounter = client.state.tokenResponse?.encounter;
  const timeoutMs = ehr?.requestTimeoutMs ?? 20_000;
  let author: Promise<VerifiedUser> | undefined;
  let latestNote: Promise<DocumentReference | undefined> | undefined;
  const canSearch = (type: string) => coverage(parseResourceGrants(granted), type, 's').kind === 'full';
  return {
    author() {
      const idToken = client.state.tokenResponse?.id_token;
      if (!idToken || !client.state.clientId || !ehr) return Promise.resolve({ ok: false, reason: 'the EHR did not identify the user (no id_token)' });
      author ??= import('./fhir-user').then((m) => m.verifiedFhirUser({ idToken, clientId: client.state.clientId!, allowedOrigins: ehr.authOrigins ?? [new URL(client.state.serverUrl).origin] }));
      return author;
    },
    patientId,
    ...(typeof encounter === 'string' && encounter.trim() ? { encounterId: encounter.trim() } : {}),
    granted: grantedWrites(granted),
    async create(resource, identifier) {
      const ended: WriteOutcome = { ok: false, status: 401, retry: false, message: 'HTTP 401: the session has ended: relaunch the app from the chart' };
      const tokens = tokenRenewal(client);
      // Renewed ahead when the token is known to have expired; a refusal here still leaves the 401 path below.
      if (tokens.current()) await client.refreshIfNeeded().catch(() => undefined);
      const accessToken = tokens.current();
      if (!accessToken) return ended;
      const { findByIdentifier, postResource } = await import('./post-resource');
      const attempt = async (token: string): Promise<WriteOutcome> => {
        const target = { baseUrl: client.state.serverUrl, accessToken: token, timeoutMs };
        // Conditional create only where the CapabilityStatement says so; else search for the identifier first, so a
        // Retry after a lost answer finds the first write (search needs the grant; without it a Retry may double).
        // The statement is the session's, read once (by the loader, in the searches' round): not asked again here.
        const capability = await sessionCapability?.();
        const conditional = capability?.conditionalCreate.has(resource.resourceType) === true;
        const searchable = canSearch(resource.resourceType);
        if (!conditional && searchable) {
          const found = await findByIdentifier(target, resource.resourceType, identifier);
          if (typeof found === 'string' && found !== 'unknown') return { ok: true, id: found, status: 200 };
        }
        return postResource(target, resource, identifier, { conditional, duplicateSafe: conditional || searchable });
      };
      const first = await attempt(accessToken);
      if (first.ok || first.status !== 401) return first;
      // Expired (or revoked) after all: one renewal shared with any read still running, then the same create once
      // more; the identifier (conditional create or the search first) finds the first write if it was stored.
      const renewed = await tokens.renewAfter(accessToken);
      if (!renewed) return first;
      return attempt(renewed);
    },
    async latestAnswers() {
      if (!canSearch('QuestionnaireResponse')) return undefined;
      const [{ searchBundle }, { latestSavedAnswers }] = await Promise.all([import('./post-resource'), import('./resume')]);
      const query = `QuestionnaireResponse?patient=${encodeURIComponent(patientId)}&status=in-progress,completed&_count=100`;
      return latestSavedAnswers(await searchRenewing(searchBundle, query), patientId);
    },
    latestNote() {
      // One search per session: the line above the card (ui/LastEvaluation.tsx) and Save to chart both ask for the
      // note of the earlier launch; a failed search is tried again by the next caller.
      latestNote ??= findLatestNote().catch((error: unknown) => {
        latestNote = undefined;
        throw error;
      });
      return latestNote;
    },
  };

  async function findLatestNote() {
    if (!canSearch('DocumentReference')) return undefined;
    const [{ searchBundle }, { latestAppNote }] = await Promise.all([import('./post-resource'), import('./document-reference')]);
    const query = `DocumentReference?patient=${encodeURIComponent(patientId)}&type=${encodeURIComponent('http://loinc.org|11488-4')}&_count=100`;
    return latestAppNote(await searchRenewing(searchBundle, query), patientId);
  }

  /** A search with the session's token; expired meanwhile: the session's one renewal, then once more (as every read does). */
  async function searchRenewing(searchBundle: typeof import('./post-resource').searchBundle, query: string) {
    const tokens = tokenRenewal(client);
    const accessToken = tokens.current();
    if (!accessToken) return undefined;
    let answer = await searchBundle({ baseUrl: client.state.serverUrl, accessToken, timeoutMs }, query);
    if (answer.status === 401) {
      const renewed = await tokens.renewAfter(accessToken);
      if (renewed) answer = await searchBundle({ baseUrl: client.state.serverUrl, accessToken: renewed, timeoutMs }, query);
    }
    return answer.bundle;
  }
}
