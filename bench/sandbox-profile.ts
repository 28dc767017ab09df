// Where the sandbox's search time goes (issue 22 item 4): the largest Synthea patient's plan searches, as the app's
// loader makes them, run against the sandbox in this process with the CPU profiler on during the searches only.
// `npx tsx bench/sandbox-profile.ts [plan] [repeats]` prints each search's server time and the functions with the most
// self time, and writes the profile to test-artifacts/sandbox-search.cpuprofile (open it in Chrome DevTools).
import { Session } from 'node:inspector/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSandbox, type SandboxRequestEvent } from '../sandbox/server';
import { loadRecord } from '../src/fhir/loader';
import { fetchSource } from '../src/fhir/source';
import type { ObservationPlan } from '../src/fhir/queries';
import { launchToken } from '../tests/sandbox/sandbox-client';
import { syntheaPatientId } from './network';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

async function main() {
  const plan = (process.argv[2] ?? 'latest') as ObservationPlan;
  const repeats = Number(process.argv[3] ?? 5);
  const events: SandboxRequestEvent[] = [];
  const sandbox = await startSandbox({ port: 0, includeSynthea: true, log: () => {}, onRequest: (e) => events.push(e) });
  try {
    const patientId = await syntheaPatientId(sandbox, 'Vito');
    const token = (await launchToken(sandbox, patientId)).access_token!;
    const source = fetchSource(sandbox.fhirBaseUrl, { headers: { Authorization: `Bearer ${token}` } });
    await loadRecord(source, { patientId, observationPlan: plan }); // warm-up (JIT)
    events.length = 0;
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    const started = performance.now();
    for (let i = 0; i < repeats; i++) await loadRecord(source, { patientId, observationPlan: plan });
    const wall = performance.now() - started;
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    const out = fileURLToPath(new URL('../test-artifacts/sandbox-search.cpuprofile', import.meta.url));
    mkdirSync(fileURLToPath(new URL('../test-artifacts/', import.meta.url)), { recursive: true });
    writeFileSync(out, JSON.stringify(profile));

    const byUrl = new Map<string, number[]>();
    for (const e of events) byUrl.set(e.url, [...(byUrl.get(e.url) ?? []), e.durationMs]);
    const perLoad = events.reduce((s, e) => s + e.durationMs, 0) / repeats;
    console.log(`plan ${plan}: ${events.length / repeats} requests per load, ${(wall / repeats).toFixed(0)} ms wall per load (client in the same process), server time summed ${perLoad.toFixed(0)} ms per load`);
    const rows = [...byUrl].map(([url, ms]) => ({ url, ms: ms.reduce((a, b) => a + b, 0) / ms.length })).sort((a, b) => b.ms - a.ms);
    for (const row of rows.slice(0, 12)) console.log(`  ${row.ms.toFixed(1).padStart(7)} ms  ${row.url.slice(0, 150)}`);

    // Self time per function, and inclusive time per function (each sample counted once per distinct frame on its stack).
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*wt-ttv\//, '')}:${n.callFrame.lineNumber + 1}`;
    let sampled = 0;
    profile.samples.forEach((id, i) => {
      const dt = (profile.timeDeltas[i] ?? 0) / 1000;
      sampled += dt;
      const leaf = nodes.get(id)!;
      self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
      const seen = new Set<string>();
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const key = name(nodes.get(at)!);
        if (seen.has(key)) continue;
        seen.add(key);
        total.set(key, (total.get(key) ?? 0) + dt);
      }
    });
    const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
    console.log(`profile: ${sampled.toFixed(0)} ms sampled over ${repeats} loads; self time:`);
    for (const [k, v] of top(self, 20)) console.log(`  ${(v / repeats).toFixed(1).padStart(7)} ms/load ${((100 * v) / sampled).toFixed(1).padStart(5)}%  ${k}`);
    console.log('inclusive time:');
    for (const [k, v] of top(total, 40)) console.log(`  ${(v / repeats).toFixed(1).padStart(7)} ms/load ${((100 * v) / sampled).toFixed(1).padStart(5)}%  ${k}`);
  } finally {
    await sandbox.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
