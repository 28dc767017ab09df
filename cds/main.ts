// Command line: tsx cds/main.ts [--port 4015] [--config cds/cds-config.json] [--public-url URL]
// Prints the discovery URL; stops cleanly on SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_PATH, readCdsConfig } from './config';
import { startCdsService } from './server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4015' },
      config: { type: 'string' },
      'public-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log('usage: tsx cds/main.ts [--port 4015] [--config cds/cds-config.json] [--public-url URL]');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`error: --port must be a port number, got "${values.port}"`);
    process.exit(2);
  }
  const config = await readCdsConfig(values.config ?? DEFAULT_CONFIG_PATH);
  const service = await startCdsService({ config, port, ...(values['public-url'] ? { publicBaseUrl: values['public-url'] } : {}) });
  console.log(`CDS Hooks:  ${service.discoveryUrl}`);
  const stop = () => service.close().then(() => process.exit(0), () => process.exit(1));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
});
