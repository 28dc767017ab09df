// The CDS service started next to the sandbox by `npm start`: the card's app link points at the
// app the sandbox serves. A busy port is a warning, not a failed start: the sandbox is what matters.
import { readCdsConfig } from './config';
import { startCdsService, type RunningCdsService } from './server';

export async function startCdsAlongside(port: number, appUrl: string | undefined, log: (line: string) => void): Promise<RunningCdsService | undefined> {
  try {
    const config = await readCdsConfig();
    if (appUrl) config.appLaunchUrl = new URL('launch.html', appUrl).href;
    return await startCdsService({ config, port, log });
  } catch (error) {
    log(`warning: the CDS Hooks service did not start: ${(error as Error).message}`);
    return undefined;
  }
}
