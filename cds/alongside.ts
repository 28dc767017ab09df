// The CDS service started next to the sandbox by `npm start`. It starts first (the sandbox needs its
// discovery URL), then trusts the sandbox as its calling EHR: JWTs issued by the sandbox's origin,
// keys from the JWK Set it names, reads from its FHIR base, the card's link to the app it serves.
// A busy port is a warning, not a failed start: the sandbox is what matters.
import { auditTo } from './audit';
import { readCdsConfig } from './config';
import { startCdsService, type RunningCdsService } from './server';

export interface CdsAlongside {
  service: RunningCdsService;
  trustSandbox(sandbox: { ehrUrl: string; fhirBaseUrl: string; appUrl?: string; cdsJwksUrl: string }): void;
}

export async function startCdsAlongside(port: number, log: (line: string) => void): Promise<CdsAlongside | undefined> {
  try {
    const config = await readCdsConfig();
    // The audit lines go where the sandbox's own log goes (stderr under `npm start`, nowhere in tests).
    const service = await startCdsService({ config, port, log, audit: auditTo((line) => log(line.trimEnd())) });
    return {
      service,
      trustSandbox(sandbox) {
        const origin = new URL(sandbox.ehrUrl).origin;
        // The routes read these per request: the running service trusts the sandbox from now on.
        if (sandbox.appUrl) config.appLaunchUrl = new URL('launch.html', sandbox.appUrl).href;
        // The sandbox and the service share one machine with the browser (and, in tests, with other
        // tests): its reads get 10 s before the "could not read in time" card, not an EHR's 2 s.
        config.trustedIssuers = [{ iss: origin, jwksUrl: sandbox.cdsJwksUrl, fhirServers: [sandbox.fhirBaseUrl], fhirReadBudgetMs: Math.max(config.fhirReadBudgetMs, 10_000) }];
      },
    };
  } catch (error) {
    log(`warning: the CDS Hooks service did not start: ${(error as Error).message}`);
    return undefined;
  }
}
