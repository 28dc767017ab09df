// `npm run bench`: speed and size figures (not tests). The last line is machine-readable.
import { engineFigures } from './engine';

const fmt = (ms: number) => ms.toFixed(1);

async function main() {
  const engine = engineFigures();
  console.log(`Largest Synthea record (${engine.syntheaResources} entries): build ${fmt(engine.syntheaBuildMs)} ms, evaluate ${fmt(engine.syntheaEvalMs)} ms`);
  for (const row of engine.scaling) {
    console.log(`Generated record, ${row.observations.toLocaleString('en-US')} Observations: build ${fmt(row.buildMs)} ms (${fmt((row.buildMs / row.observations) * 1000)} µs each), evaluate ${fmt(row.evalMs)} ms, re-evaluate after a form change ${fmt(row.reEvalMs)} ms`);
  }
  console.log(`eval-ms=${fmt(engine.evalMs)}`);
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
