// `npm run bench`: speed and size figures (not tests). The last line is machine-readable:
//   rounds=N bytes-ratio=R eval-ms=M js-gzip-kb=K
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { cdsFigures } from './cds';
import { engineFigures } from './engine';
import { networkFigures } from './network';
import { pageScriptSize } from './size';

const APP_DIR = fileURLToPath(new URL('../test-artifacts/bench-app/', import.meta.url));
const LATENCY_MS = 100;
const fmt = (n: number, digits = 1) => n.toFixed(digits);

async function main() {
  console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model.trim()}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`);

  const engine = engineFigures();
  console.log(`Engine, largest Synthea record (${engine.syntheaResources} entries): build ${fmt(engine.syntheaBuildMs)} ms, evaluate ${fmt(engine.syntheaEvalMs)} ms`);
  for (const row of engine.scaling) {
    console.log(`Engine, ${row.observations.toLocaleString('en-US')} Observations: build ${fmt(row.buildMs)} ms (${fmt((row.buildMs / row.observations) * 1000)} µs each), evaluate ${fmt(row.evalMs)} ms, re-evaluate after a form change ${fmt(row.reEvalMs)} ms`);
  }

  const cds = await cdsFigures();
  console.log(`CDS Hooks order-sign call, largest Synthea record prefetched (${cds.resources} resources, ${fmt(cds.requestKb, 0)} KB request): ${fmt(cds.callMs)} ms per call (median, JWT check included)`);

  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn', build: { outDir: APP_DIR, emptyOutDir: true } });
  const app = pageScriptSize(APP_DIR, 'index.html');
  const launch = pageScriptSize(APP_DIR, 'launch.html');
  console.log(`Built JS, app page: ${fmt(app.rawKb)} KB raw, ${fmt(app.gzipKb)} KB gzip (${app.files.length} files); launch page: ${fmt(launch.gzipKb)} KB gzip`);

  const network = await networkFigures(APP_DIR, LATENCY_MS);
  const ratio = network.appBytes / network.allObservationBytes;
  console.log(`Bytes, largest Synthea patient: the app reads ${fmt(network.appBytes / 1024)} KB in all (its Observation query ${fmt(network.observationQueryBytes / 1024)} KB); every Observation would be ${fmt(network.allObservationBytes / 1024)} KB: ratio ${fmt(ratio, 3)}`);
  if (network.rounds === undefined) console.log('Launch to panel: skipped (no Chromium at /usr/bin/chromium or $CHROMIUM_PATH)');
  else console.log(`Launch to panel with ${LATENCY_MS} ms added to every FHIR response: ${fmt(network.launchToPanelMs!, 0)} ms, ${network.fhirRequests} FHIR requests in ${network.rounds} round(s)`);

  console.log(`rounds=${network.rounds ?? 'n/a'} bytes-ratio=${fmt(ratio, 3)} eval-ms=${fmt(engine.evalMs)} js-gzip-kb=${fmt(app.gzipKb)}`);
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
