// What the app may write to this chart, from the token: the granted scope (only granted writes are offered), the
// patient and encounter in context, and a create function bound to the session. No author: fhirUser is used only
// from a validated id_token, which this build does not validate yet, so notes and answers carry no author.
import type { Identifier, Resource } from 'fhir/r4';
import { coverage, parseResourceGrants } from '../fhir/granted-scope';
import type { WriteOutcome } from './post-resource';

export type WriteKind = 'DocumentReference' | 'QuestionnaireResponse' | 'ServiceRequest';

export interface ChartAccess {
  patientId: string;
  encounterId?: string;
  /** The write kinds the granted scope allows to create. */
  granted: ReadonlySet<WriteKind>;
  create(resource: Resource, identifier: Identifier): Promise<WriteOutcome>;
}

const KINDS: readonly WriteKind[] = ['DocumentReference', 'QuestionnaireResponse', 'ServiceRequest'];

/** Creates the granted scope allows without a query restriction (a restricted create cannot be checked here). */
export function grantedWrites(scope: string | undefined): Set<WriteKind> {
  const grants = parseResourceGrants(scope);
  return new Set(KINDS.filter((kind) => coverage(grants, kind, 'c').kind === 'full'));
}

/** The parts of fhirclient's Client used here. */
export interface SessionClient {
  state: { serverUrl: string; scope?: string; tokenResponse?: { access_token?: string; scope?: string; encounter?: string } };
  refreshIfNeeded(): Promise<unknown>;
}

export function chartAccess(client: SessionClient, patientId: string, timeoutMs = 20_000): ChartAccess {
  const granted = client.state.tokenResponse?.scope?.trim() || client.state.scope;
  const encounter = client.state.tokenResponse?.encounter;
  return {
    patientId,
    ...(typeof encounter === 'string' && encounter.trim() ? { encounterId: encounter.trim() } : {}),
    granted: grantedWrites(granted),
    async create(resource, identifier) {
      try {
        await client.refreshIfNeeded();
      } catch {
        return { ok: false, status: 401, message: 'HTTP 401: the session has ended: relaunch the app from the chart' };
      }
      const accessToken = client.state.tokenResponse?.access_token;
      if (!accessToken) return { ok: false, status: 401, message: 'HTTP 401: the session has ended: relaunch the app from the chart' };
      const { postResource } = await import('./post-resource');
      return postResource({ baseUrl: client.state.serverUrl, accessToken, timeoutMs }, resource, identifier);
    },
  };
}
