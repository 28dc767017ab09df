// startCdsService(): the CDS Hooks service on its own node:http server, 127.0.0.1 only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CdsConfig } from './config';
import { cdsRoutes } from './routes';

export interface CdsServiceOptions {
  config: CdsConfig;
  /** 0 picks a free port. Default 4015. */
  port?: number;
  /** The origin callers use (JWT audience); default http://localhost:<port>. */
  publicBaseUrl?: string;
  /** "Today" of the assessments (tests); the JWT checks always use the real clock. */
  today?: () => Date;
  log?: (line: string) => void;
}

export interface RunningCdsService {
  /** e.g. http://localhost:4015 */
  baseUrl: string;
  /** e.g. http://localhost:4015/cds-services */
  discoveryUrl: string;
  close(): Promise<void>;
}

export async function startCdsService(options: CdsServiceOptions): Promise<RunningCdsService> {
  let baseUrl = '';
  const handler = cdsRoutes({
    config: options.config,
    publicBaseUrl: () => baseUrl,
    ...(options.today ? { today: options.today } : {}),
    log: options.log ?? ((line) => console.error(line)),
  });
  const server: Server = createServer((req, res) => void handler(req, res));
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4015, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  baseUrl = (options.publicBaseUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    baseUrl,
    discoveryUrl: `${baseUrl}/cds-services`,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
