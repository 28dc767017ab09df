// startSandbox(): the local SMART EHR simulator. One HTTP server on 127.0.0.1 serves the launcher,
// the authorization server and the FHIR API; a second one (optional) serves the built app.
// URLs handed out use "localhost" (a secure context for PKCE's crypto.subtle in browsers).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { FhirRouter } from '@medplum/fhir-router';
import { registeredClient } from './auth/client-registry';
import { ehrEndpoints } from './auth/endpoints';
import { GrantStore } from './auth/grants';
import { LaunchStore } from './auth/launch-id';
import { smartConfiguration } from './auth/smart-configuration';
import { ehrRequestHandler } from './ehr-routes';
import { capabilityStatement } from './fhir/capability-statement';
import { ehrProfile, profileCapabilityStatement, type EhrProfileName } from './fhir/ehr-profiles';
import { ensureFhirDefinitionsIndexed } from './fhir/definitions';
import { IdTokenSigner, SANDBOX_PRACTITIONER } from './auth/id-token';
import { FaultInjector, type FaultMap } from './fhir/faults';
import { IndexedRepository } from './fhir/indexed-repository';
import { CDS_JWKS_PATH, EhrCdsClient } from './cds-client/ehr-cds-client';
import { appHostingHeaders } from './http/app-headers';
import { CONFIGURED_SANDBOX_ORIGIN, isAppConfigRequest, serveAppConfig } from './http/app-config';
import { bothNames, corsPolicy } from '../http-kit/cors';
import { serveStatic } from './http/static-files';
import { loadSampleData } from './sample-data';
import { DEFAULT_SYNTHEA_DIR } from './synthea/load-fixtures';
import { createBulkService, type BulkInfo, type BulkOptions } from './bulk/index';

export interface SandboxRequestEvent {
  method: string;
  url: string;
  status: number;
  durationMs: number;
}

export interface SandboxOptions {
  /** EHR/FHIR port; 0 picks a free one. Default 4013. */
  port?: number;
  /** Origin of the app (CORS, redirect URIs, launch links). Default: the app server's, else http://localhost:4010. */
  appOrigin?: string;
  /** Serve this directory (the built app) on appPort. */
  appDir?: string;
  /** App port when appDir is given; 0 picks a free one. Default 4010. */
  appPort?: number;
  /** Delay added to every FHIR response (benchmarks). */
  latencyMs?: number;
  /** Load ../shared/fixtures/synthea too. Default true. */
  includeSynthea?: boolean;
  syntheaDir?: string;
  /** Access-token lifetime in seconds (default 3600). */
  tokenLifetimeSeconds?: number;
  /** "Today" for the vignettes and the re-dating (tests). */
  today?: Date;
  onRequest?: (event: SandboxRequestEvent) => void;
  log?: (line: string) => void;
  /** Tests only: misbehave on these resource types (sandbox/fhir/faults.ts). Default: none. */
  faults?: FaultMap;
  /**
   * The EHR profile (sandbox/fhir/ehr-profiles.ts: epic-like, oracle-like, athena-like, hapi-like) for launches that
   * choose none in the launcher. Default: none, the plain sandbox.
   */
  ehrProfile?: EhrProfileName;
  /** A CDS Hooks service's discovery URL: the chart then orders kyphoplasty through it (cds/). */
  cdsDiscoveryUrl?: string;
  /** Bulk Data export (sandbox/bulk/): Backend Services clients, polling pace. Default: one generated client. */
  bulk?: BulkOptions;
}

export interface RunningSandbox {
  /** The launcher page, e.g. http://localhost:4013/ */
  ehrUrl: string;
  /** e.g. http://localhost:4013/fhir */
  fhirBaseUrl: string;
  /** The app server's origin + "/", when appDir was given. */
  appUrl?: string;
  /** The JWK Set of the JWTs this EHR signs for CDS Hooks calls: what a CDS service trusting it reads. */
  cdsJwksUrl: string;
  /** The Bulk Data export: its client id, the generated private key, the Group of the sample population. */
  bulk: BulkInfo;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

function listen(server: Server, port: number): Promise<number> {
  // Idle keep-alive sockets are closed by the client first (undici: 4 s), not by the server at 5 s: a loaded machine
  // fires the server's timer late, and a request sent on a socket the server is closing ends in ECONNRESET.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 31_000;
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolvePort((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

function withRequestLog(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>, onRequest?: SandboxOptions['onRequest']) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    if (onRequest) {
      res.once('finish', () =>
        onRequest({ method: req.method ?? '', url: req.url ?? '', status: res.statusCode, durationMs: performance.now() - started }),
      );
    }
    void handler(req, res);
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const log = options.log ?? ((line: string) => console.log(line));
  const servers: Server[] = [];
  try {
    // The id_token key is made off the main thread while the patients load (see IdTokenSigner.create).
    const idTokenSigner = IdTokenSigner.create();
    let appUrl: string | undefined;
    // Known once the EHR server listens: the app's smart-config.json names it, and it may frame the app.
    let ehrOrigin = CONFIGURED_SANDBOX_ORIGIN;
    let appHeaders = appHostingHeaders([]);
    if (options.appDir) {
      const appDir = resolve(options.appDir);
      const appServer = createServer(
        withRequestLog(
          (req, res) => (isAppConfigRequest(req) ? serveAppConfig(appDir, ehrOrigin, req, res) : serveStatic(appDir, req, res, appHeaders)),
          options.onRequest,
        ),
      );
      servers.push(appServer);
      appUrl = `http://localhost:${await listen(appServer, options.appPort ?? 4010)}/`;
    }
    const appOrigin = new URL(options.appOrigin ?? appUrl ?? 'http://localhost:4010').origin;

    ensureFhirDefinitionsIndexed();
    const repo = new IndexedRepository();
    const today = options.today ?? new Date();
    const patients = await loadSampleData(repo, {
      today,
      includeSynthea: options.includeSynthea ?? true,
      syntheaDir: options.syntheaDir ?? DEFAULT_SYNTHEA_DIR,
      log,
    });

    await repo.updateResource(SANDBOX_PRACTITIONER as never);

    // The port is known only after listen, and the handler needs the origin: bind the handler late.
    let handler: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
    const ehrServer = createServer(withRequestLog((req, res) => handler!(req, res), options.onRequest));
    servers.push(ehrServer);
    const port = await listen(ehrServer, options.port ?? 4013);
    const endpoints = ehrEndpoints(`http://localhost:${port}`);
    ehrOrigin = endpoints.origin;
    // The chart frames the app under both of the EHR's names (127.0.0.1 is the cross-site chart).
    appHeaders = appHostingHeaders(bothNames(endpoints.origin));
    const client = registeredClient(appOrigin);
    const grants = new GrantStore();
    const cdsClient = options.cdsDiscoveryUrl
      ? await EhrCdsClient.create({
          issuer: endpoints.origin,
          discoveryUrl: options.cdsDiscoveryUrl,
          fhirBaseUrl: endpoints.fhirBaseUrl,
          // What an EHR grants a CDS service for one call: read access to this patient, briefly.
          patientToken: (patient) =>
            grants.issueAccessToken({ clientId: 'sandbox-cds-client', scope: 'patient/*.rs', patient, needPatientBanner: false, simulation: 'none', refreshable: false }, 300),
        })
      : undefined;
    const bulk = await createBulkService({ origin: endpoints.origin, tokenUrl: endpoints.tokenUrl, fhirBaseUrl: endpoints.fhirBaseUrl, repo, patients }, options.bulk);
    handler = ehrRequestHandler({
      bulk,
      endpoints,
      client,
      grants,
      launches: new LaunchStore(),
      patients,
      appOrigin,
      cors: corsPolicy([appOrigin]),
      latencyMs: options.latencyMs ?? 0,
      ...(options.faults ? { faults: new FaultInjector(options.faults) } : {}),
      ...(cdsClient ? { orders: { cdsClient, patients, appOrigin, fhirBaseUrl: endpoints.fhirBaseUrl, launcherUrl: endpoints.launcherUrl } } : {}),
      token: {
        client,
        grants,
        tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
        ...(options.ehrProfile ? { ehrProfile: options.ehrProfile } : {}),
        smartStyleUrl: `${endpoints.origin}/smart-style.json`,
        idTokens: { signer: await idTokenSigner, issuer: endpoints.origin, fhirBaseUrl: endpoints.fhirBaseUrl },
      },
      fhir: {
        repo,
        router: new FhirRouter(),
        grants,
        capabilityStatement: (base, profile) => profileCapabilityStatement(capabilityStatement(base, endpoints.authorizeUrl, endpoints.tokenUrl), ehrProfile(profile)),
        ...(options.ehrProfile ? { ehrProfile: options.ehrProfile } : {}),
        smartConfiguration: () => smartConfiguration(endpoints),
      },
    });

    return {
      ehrUrl: endpoints.launcherUrl,
      fhirBaseUrl: endpoints.fhirBaseUrl,
      ...(appUrl ? { appUrl } : {}),
      cdsJwksUrl: `${endpoints.origin}${CDS_JWKS_PATH}`,
      bulk: bulk.info,
      close: async () => {
        await Promise.all(servers.map(closeServer));
      },
    };
  } catch (error) {
    await Promise.all(servers.map(closeServer));
    throw error;
  }
}
