// startCdsService(): the CDS Hooks service on its own node:http server, 127.0.0.1 only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trimTrailingSlashes } from '../http-kit/paths';
import { openAuditLog, type AuditLog } from './audit';
import type { CdsConfig } from './config';
import { cdsRoutes } from './routes';
import { openSharedState, type SharedState } from './shared-state';

export interface CdsServiceOptions {
  config: CdsConfig;
  /** 0 picks a free port. Default 4015. */
  port?: number;
  /** The origin callers use (JWT audience); default http://localhost:<port>. */
  publicBaseUrl?: string;
  /** "Today" of the assessments (tests); the JWT checks always use the real clock. */
  today?: () => Date;
  log?: (line: string) => void;
  /** The shared state to use instead of the configured one (tests: two instances, one store). Not closed by close(). */
  state?: SharedState;
  /** The audit log to use instead of the configured sink. Not closed by close(). */
  audit?: AuditLog;
}

export interface RunningCdsService {
  /** e.g. http://localhost:4015 */
  baseUrl: string;
  /** e.g. http://localhost:4015/cds-services */
  discoveryUrl: string;
  /** Where this instance listens, e.g. http://127.0.0.1:4015: differs from baseUrl behind a load balancer. */
  listenUrl: string;
  close(): Promise<void>;
}

export async function startCdsService(options: CdsServiceOptions): Promise<RunningCdsService> {
  let baseUrl = '';
  // Redis is connected before the port opens: an instance that cannot reach the shared state never answers.
  const state = options.state ?? (await openSharedState(options.config.sharedState));
  const audit = options.audit ?? openAuditLog(options.config.audit);
  const handler = cdsRoutes({
    config: options.config,
    publicBaseUrl: () => baseUrl,
    ...(options.today ? { today: options.today } : {}),
    log: options.log ?? ((line) => console.error(line)),
    state,
    audit,
  });
  const server: Server = createServer((req, res) => void handler(req, res));
  const closeOwned = async () => {
    if (!options.state) await state.close();
    if (!options.audit) await audit.close();
  };
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 4015, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  } catch (error) {
    await closeOwned();
    throw error;
  }
  baseUrl = trimTrailingSlashes(options.publicBaseUrl ?? `http://localhost:${port}`);
  return {
    baseUrl,
    discoveryUrl: `${baseUrl}/cds-services`,
    listenUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      });
      await closeOwned();
    },
  };
}
