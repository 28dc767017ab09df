// The sandbox's Bulk Data service, assembled: Backend Services registration, tokens, jobs and routes.
// startSandbox() creates one and hands its two entry points to the EHR router (the token endpoint passes it
// client_credentials requests; every other bulk path goes to `handle`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MemoryRepository } from '@medplum/fhir-router';
import type { JWK } from 'jose';
import type { PatientDirectory } from '../patient-directory';
import { JobStore } from './jobs';
import { generateBulkClient, type BulkClient } from './registration';
import { SAMPLE_GROUP_ID, handleBulkRequest, type BulkDeps } from './routes';
import { BulkTokens, type BulkTokenResponse } from './tokens';

export interface BulkOptions {
  /** Registered Backend Services clients; default: one generated at start (its private key in `BulkService.privateJwk`). */
  clients?: BulkClient[];
  /** Retry-After on status polls, seconds (default 1). */
  retryAfterSeconds?: number;
  /** Status polls answered "in progress" before the manifest (default 1). */
  pollsBeforeDone?: number;
  /** Access-token lifetime, seconds (default 300, as Backend Services servers usually give). */
  tokenLifetimeSeconds?: number;
}

export interface BulkInfo {
  clientId: string;
  /** Private key of the generated client (undefined when the clients were passed in). */
  privateJwk?: JWK;
  groupId: string;
  /** e.g. http://localhost:4013/fhir/Group/sample-population/$export */
  groupExportUrl: string;
}

export interface BulkService {
  info: BulkInfo;
  token(form: URLSearchParams): Promise<BulkTokenResponse>;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

export async function createBulkService(
  context: { origin: string; tokenUrl: string; fhirBaseUrl: string; repo: MemoryRepository; patients: PatientDirectory },
  options: BulkOptions = {},
): Promise<BulkService> {
  const generated = options.clients ? undefined : await generateBulkClient();
  const clients = options.clients ?? [generated!.client];
  const tokens = new BulkTokens(clients, context.tokenUrl, options.tokenLifetimeSeconds ?? 300);
  const deps: BulkDeps = {
    origin: context.origin,
    tokenUrl: context.tokenUrl,
    repo: context.repo,
    patients: context.patients,
    tokens,
    jobs: new JobStore(),
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    pollsBeforeDone: options.pollsBeforeDone ?? 1,
  };
  return {
    info: {
      clientId: clients[0]!.clientId,
      ...(generated ? { privateJwk: generated.privateJwk } : {}),
      groupId: SAMPLE_GROUP_ID,
      groupExportUrl: `${context.fhirBaseUrl}/Group/${SAMPLE_GROUP_ID}/$export`,
    },
    token: (form) => tokens.exchange(form),
    handle: (req, res, url) => handleBulkRequest(deps, req, res, url),
  };
}
