// `npm run -s bench:worklist [-- --patients 10000]`: the population worklist over a generated population
// (bench/worklist-population.ts), cohort first. Prints the time per phase, patients per second and the peak memory
// of the process (server and worklist together: an upper bound for the worklist). The last line is machine-readable:
//   patients=N cohort=C stage1-s=S stage2-s=S eval-s=S total-s=S cpu-s=S patients-per-s=P cohort-per-s=P peak-rss-mb=M
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { localCalendarDay } from '../src/clinical/dates';
import { runWorklist } from '../src/worklist/run';
import { startBenchPopulation } from './worklist-population';

async function main() {
  const { values } = parseArgs({ options: { patients: { type: 'string', default: '10000' } } });
  const size = Number(values.patients);
  const today = new Date();
  const asOf = localCalendarDay(today);
  const population = await startBenchPopulation(size, today, asOf);
  const dir = mkdtempSync(join(tmpdir(), 'worklist-bench-'));
  const keyFile = join(dir, 'key.json');
  writeFileSync(keyFile, JSON.stringify(population.privateJwk));
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  try {
    const result = await runWorklist(
      {
        fhirBase: population.fhirBase,
        population: { kind: 'group', id: 'bench' },
        clientId: population.clientId,
        keyFile,
        asOf,
        outDir: join(dir, 'out'),
        tokenUrl: population.tokenUrl,
        scope: 'system/*.rs',
        typeFilters: [],
        maxWaitMs: 3_600_000,
      },
      { signal: new AbortController().signal, progress: (line) => { if (!/in progress/.test(line)) console.error(`  ${line}`); } },
    );
    const totalS = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStart);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    clearInterval(sampler);
    const { timing, volume } = result;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    console.log(`Machine: ${cpus().length} x ${cpus()[0]?.model.trim()}, Node ${process.version}`);
    console.log(`Worklist, ${size.toLocaleString('en-US')} generated patients (Synthea fixtures re-identified), cohort ${result.rows.length}:`);
    console.log(`  stage 1 (Patient + Condition, ${volume.stage1Resources.toLocaleString('en-US')} resources) ${s(timing.stage1Ms)} s; stage 2 (${volume.stage2Resources.toLocaleString('en-US')} resources, ${(volume.stage2Bytes / 1048576).toFixed(0)} MB) ${s(timing.stage2Ms)} s; evaluate ${s(timing.evaluateMs)} s; write ${s(timing.writeMs)} s`);
    console.log(`  ${(size / totalS).toFixed(0)} patients/s over the population, ${(result.rows.length / ((timing.stage2Ms + timing.evaluateMs) / 1000)).toFixed(1)} cohort patients/s exported and assessed; peak RSS ${(peakRss / 1048576).toFixed(0)} MB, peak heap ${(peakHeap / 1048576).toFixed(0)} MB; ${cpuS.toFixed(1)} CPU-s in ${totalS.toFixed(1)} s (server and worklist, load average ${loadavg()[0]!.toFixed(1)})`);
    console.log(
      `patients=${size} cohort=${result.rows.length} stage1-s=${s(timing.stage1Ms)} stage2-s=${s(timing.stage2Ms)} eval-s=${s(timing.evaluateMs)} total-s=${totalS.toFixed(1)} cpu-s=${cpuS.toFixed(1)} ` +
        `patients-per-s=${(size / totalS).toFixed(0)} cohort-per-s=${(result.rows.length / ((timing.stage2Ms + timing.evaluateMs) / 1000)).toFixed(1)} peak-rss-mb=${(peakRss / 1048576).toFixed(0)}`,
    );
  } finally {
    clearInterval(sampler);
    await population.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`bench failed: ${(error as Error).message}`);
  process.exitCode = 1;
});
