// `npm run bench`: speed and size figures (not tests). The last line is machine-readable:
//   waves=N bytes-ratio=R obs-bytes-ratio=R eval-ms=M reeval-ms=M launch-js-kb=K js-gzip-kb=K js-before-verdict-kb=K
//   ttv-h1-ms=T ttv-h2-ms=T ttv-full-h1-ms=T token-ms=T panel-1k-ms=T panel-12k-ms=T
// (`waves` replaced `rounds`: the sequential request waves the FHIR phase needed on HTTP/1.1's six connections per
// origin, from bench/ttv.ts; `rounds` counted dependency rounds, which hid them.)
//   cds-c1-p50-ms=T cds-c1-p95-ms=T cds-c10-p50-ms=T ... cds-c50-p95-ms=T cds-1mb-slashes-ms=T
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { cdsFigures, cdsLoadFigures } from './cds';
import { engineFigures } from './engine';
import { hostileInputFigures } from './hostile-input';
import { memoryFigures } from './memory';
import { networkFigures } from './network';
import { panelMs } from './paging';
import { pageScriptSize } from './size';
import { ttvFigures } from './ttv';

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

  const memory = memoryFigures();
  console.log(`Record of ${memory.observations.toLocaleString('en-US')} Observations: ${fmt(memory.recordMb)} MB on the heap, against ${fmt(memory.parsedJsonMb)} MB for the parsed FHIR JSON it came from (${fmt(memory.jsonTextMb)} MB of text)`);

  const cds = await cdsFigures();
  console.log(`CDS Hooks order-sign call, largest Synthea record prefetched (${cds.resources} resources, ${fmt(cds.requestKb, 0)} KB request): ${fmt(cds.callMs)} ms per call (median, JWT check included)`);
  const load = await cdsLoadFigures();
  console.log(
    `CDS Hooks order-sign under load, ${load[0]!.calls} calls per level, prefetched: ` +
      load.map((f) => `concurrency ${f.concurrency}: p50 ${fmt(f.p50Ms, 0)} ms, p95 ${fmt(f.p95Ms, 0)} ms (inside the service ${fmt(f.serviceP50Ms, 0)}/${fmt(f.serviceP95Ms, 0)} ms; ${fmt(f.callsPerSecond, 0)}/s)`).join('; '),
  );

  const hostile = await hostileInputFigures();
  console.log(
    `CDS Hooks hostile input: a signed call whose fhirServer is 1 MB of slashes answered (400) in ${fmt(hostile.signedCallMs)} ms (inside the service ${fmt(hostile.signedCallServiceMs)} ms), a 15 kB path of slashes in ${fmt(hostile.longPathMs)} ms; ` +
      `on 1 MB: trailing-slash trim ${fmt(hostile.trimMs, 2)} ms, fhirServer check ${fmt(hostile.checkMs, 2)} ms, card markdown ${fmt(hostile.markdownMs, 2)} ms`,
  );

  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn', build: { outDir: APP_DIR, emptyOutDir: true } });
  const app = pageScriptSize(APP_DIR, 'index.html');
  // The launch page preloads the app page's script for the next page; it does not run it.
  const launch = pageScriptSize(APP_DIR, 'launch.html', ['index.html']);
  console.log(`Built JS, app page: ${fmt(app.rawKb)} KB raw, ${fmt(app.gzipKb)} KB gzip (${app.files.length} files); launch page: ${fmt(launch.gzipKb)} KB gzip`);

  const network = await networkFigures();
  const ratio = network.appBytes / network.allObservationBytes;
  console.log(`Bytes, largest Synthea patient: the app reads ${fmt(network.appBytes / 1024)} KB in all (its Observation query ${fmt(network.observationQueryBytes / 1024)} KB, the CapabilityStatement ${fmt(network.metadataBytes / 1024)} KB); every Observation would be ${fmt(network.allObservationBytes / 1024)} KB: ratio ${fmt(ratio, 3)}`);
  const ttv = await ttvFigures(APP_DIR);

  const panel = [];
  for (const observations of [1_000, 12_000]) {
    const run = await panelMs(observations, LATENCY_MS);
    panel.push(run.ms);
    console.log(`Panel data and evaluation, ${observations.toLocaleString('en-US')} matching Observations, ${LATENCY_MS} ms per FHIR response (local paging server, 200 per page): ${fmt(run.ms, 0)} ms, ${run.requests} requests`);
  }
  const obsRatio = network.observationQueryBytes / network.allObservationBytes;
  console.log(
    `waves=${ttv ? fmt(ttv.waves, 0) : 'n/a'} bytes-ratio=${fmt(ratio, 3)} obs-bytes-ratio=${fmt(obsRatio, 3)} eval-ms=${fmt(engine.evalMs)} reeval-ms=${fmt(engine.reEvalMs)} ` +
      `launch-js-kb=${fmt(launch.gzipKb)} js-gzip-kb=${fmt(app.gzipKb)} js-before-verdict-kb=${ttv ? fmt(ttv.jsBeforeVerdictKb) : 'n/a'} ` +
      `ttv-h1-ms=${ttv ? fmt(ttv.ttvH1Ms, 0) : 'n/a'} ttv-h2-ms=${ttv ? fmt(ttv.ttvH2Ms, 0) : 'n/a'} ttv-full-h1-ms=${ttv ? fmt(ttv.ttvFullH1Ms, 0) : 'n/a'} token-ms=${ttv ? fmt(ttv.tokenMs, 0) : 'n/a'} panel-1k-ms=${fmt(panel[0]!, 0)} panel-12k-ms=${fmt(panel[1]!, 0)} ` +
      load.map((f) => `cds-c${f.concurrency}-p50-ms=${fmt(f.p50Ms, 0)} cds-c${f.concurrency}-p95-ms=${fmt(f.p95Ms, 0)}`).join(' ') +
      ` cds-1mb-slashes-ms=${fmt(hostile.signedCallMs)}`,
  );
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
