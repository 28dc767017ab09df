// Time to verdict (issue 22): what the physician waits for, from opening the EHR launch to the verdict card, in
// Chromium with a cold browser (a fresh profile) per run, behind a slow network (100 ms round trip on every connection, TCP
// and TLS handshakes and CORS preflights included, one shared 10 Mbit/s link). Side by side in one run: the largest
// Synthea patient and a small sample patient, HTTP/1.1 and HTTP/2 (a TLS front), the shipped plan (`latest`) and
// `full`, the sandbox's search time included and replayed out (its answers recorded in a first run, then served
// from memory). Runs alone: `npx tsx bench/ttv.ts` (it builds the app); BENCH_TTV_RUNS=1 for a quick look.
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../sandbox/server';
import { VIGNETTES } from '../sandbox/patients';
import { chromiumPath, launchChromium, launchChromiumProfile } from '../tests/e2e/chromium';
import { syntheaPatientId } from './network';
import { selfSignedCertificate } from './ttv/cert';
import { sharedLinks, startDelayProxy, type ConnectionEvent, type DelayProxy, type NetworkConditions } from './ttv/delay-proxy';
import { FrontState, startFront, type Front, type Rewrites } from './ttv/front';
import { measuredLaunch, type Origins, type RunFigures } from './ttv/launch-run';

export const CONDITIONS: NetworkConditions = { roundTripMs: 100, bitsPerSecond: 10_000_000 };

type Protocol = 'h1' | 'h2';
type Plan = 'latest' | 'full';
type SandboxTime = 'included' | 'replayed';
type Size = 'largest' | 'small';

interface Config {
  protocol: Protocol;
  plan: Plan;
  sandbox: SandboxTime;
  patient: Size;
}

export interface TtvFigures {
  /** Shipped plan, largest Synthea patient, replayed, HTTP/1.1 (median verdict ms). */
  ttvH1Ms: number;
  ttvH2Ms: number;
  ttvFullH1Ms: number;
  /** Launch to token response, same run as ttvH1Ms. */
  tokenMs: number;
  /** Connection waves of the FHIR phase, same run as ttvH1Ms. */
  waves: number;
  jsBeforeVerdictKb: number;
}

const label = (c: Config) => `${c.protocol === 'h1' ? 'HTTP/1.1' : 'HTTP/2  '} ${c.plan.padEnd(6)} ${c.patient === 'largest' ? 'largest' : 'small  '} ${c.sandbox.padEnd(8)}`;

function configs(): Config[] {
  const out: Config[] = [];
  // The sandbox's search time matters for the largest patient; the small one is measured replayed only.
  for (const sandbox of ['included', 'replayed'] as const)
    for (const patient of sandbox === 'included' ? (['largest'] as const) : (['largest', 'small'] as const))
      for (const protocol of ['h1', 'h2'] as const)
        for (const plan of ['latest', 'full'] as const) out.push({ protocol, plan, sandbox, patient });
  return out;
}

/**
 * Untimed launches first: the first warms up the sandbox and its compressed files (each launch has a browser of its own); the small patient's
 * record the answers its replayed runs serve (the protocol does not change what the sandbox is asked). The largest
 * patient's are recorded by its included runs, which come first.
 */
const PREPARATION: Config[] = [
  { protocol: 'h1', plan: 'latest', sandbox: 'included', patient: 'largest' },
  { protocol: 'h1', plan: 'latest', sandbox: 'included', patient: 'small' },
  { protocol: 'h1', plan: 'full', sandbox: 'included', patient: 'small' },
];

export async function ttvFigures(appDir: string, print: (line: string) => void = console.log): Promise<TtvFigures | undefined> {
  const executablePath = chromiumPath();
  if (!executablePath) {
    print('Time to verdict: skipped (no Chromium at /usr/bin/chromium or $CHROMIUM_PATH)');
    return undefined;
  }
  const runs = Math.max(1, Number(process.env.BENCH_TTV_RUNS ?? 3));
  const sandbox = await startSandbox({ port: 0, appPort: 0, appDir, includeSynthea: true, log: () => {} });
  const closers: Array<Front | DelayProxy> = [];
  try {
    const ehrInside = new URL(sandbox.ehrUrl).origin;
    const appInside = new URL(sandbox.appUrl!).origin;
    const ehrPort = Number(new URL(ehrInside).port);
    const appPort = Number(new URL(appInside).port);
    const state = new FrontState(sandbox.fhirBaseUrl);
    const links = sharedLinks(CONDITIONS);
    const connections: ConnectionEvent[] = [];
    const onConnection = (event: ConnectionEvent) => connections.push(event);
    const tls = selfSignedCertificate();
    const h2Rewrites: Rewrites = { pairs: [] };

    const proxied = async (name: string, port: number, rewrites: Rewrites, withTls?: typeof tls) => {
      const front = await startFront(name, port, state, rewrites, withTls);
      const proxy = await startDelayProxy(name, front.port, CONDITIONS, links, onConnection);
      closers.push(proxy, front);
      return proxy.port;
    };
    // HTTP/1.1: the browser uses the sandbox's own origins, mapped to the proxies (--host-resolver-rules).
    const ehrH1 = await proxied('ehr-h1', ehrPort, { pairs: [] });
    const appH1 = await proxied('app-h1', appPort, { pairs: [] });
    // HTTP/2: https://localhost:<proxy port>; the front rewrites the sandbox's origins to those.
    const ehrH2 = await proxied('ehr-h2', ehrPort, h2Rewrites, tls);
    const appH2 = await proxied('app-h2', appPort, h2Rewrites, tls);
    h2Rewrites.pairs.push([ehrInside, `https://localhost:${ehrH2}`], [appInside, `https://localhost:${appH2}`]);
    const origins: Record<Protocol, Origins> = {
      h1: { ehr: ehrInside, app: appInside, ehrFront: 'ehr-h1', appFront: 'app-h1' },
      h2: { ehr: `https://localhost:${ehrH2}`, app: `https://localhost:${appH2}`, ehrFront: 'ehr-h2', appFront: 'app-h2' },
    };
    const rules = [`MAP localhost:${ehrPort} 127.0.0.1:${ehrH1}`, `MAP localhost:${appPort} 127.0.0.1:${appH1}`, `MAP localhost:${ehrH2} 127.0.0.1:${ehrH2}`, `MAP localhost:${appH2} 127.0.0.1:${appH2}`];
    const extraArgs = [`--ignore-certificate-errors-spki-list=${tls.spki}`, `--host-resolver-rules=${rules.join(', ')}`];
    // A cold browser per launch: a fresh profile, as a physician's browser that never ran the app (removed when its
    // context closes). Not a new incognito context in one browser (BENCH_TTV_INCOGNITO=1 for a comparison): Chromium
    // turns connection hints (`<link rel=preconnect>`) off in off-the-record profiles, which no EHR's browser is.
    const incognito = await (process.env.BENCH_TTV_INCOGNITO === '1' ? launchChromium(extraArgs) : undefined);
    const openContext = () => (incognito ? incognito.newContext() : launchChromiumProfile(extraArgs));
    const patients: Record<Size, string> = { largest: await syntheaPatientId(sandbox, 'Vito'), small: VIGNETTES[0]!.id };
    const results = new Map<Config, RunFigures[]>();
    // BENCH_TTV_ONLY=h2 (or full, small, replayed..., or several: h2,latest,replayed): only the configurations with every word.
    const only = process.env.BENCH_TTV_ONLY?.split(',');
    const all = configs().filter((c) => !only || only.every((word) => Object.values(c).includes(word)));
    const setMode = (config: Config) => {
      state.replay = config.sandbox === 'replayed' ? 'replay' : 'record';
      state.plan = config.plan === 'full' ? 'full' : undefined;
    };
    const began = performance.now();
    try {
      for (const config of PREPARATION) {
        setMode(config);
        await measuredLaunch(openContext, origins[config.protocol], patients[config.patient], appDir, state, connections);
      }
      for (let run = 0; run < runs; run++) {
        for (const config of all) {
          setMode(config);
          const figures = await measuredLaunch(openContext, origins[config.protocol], patients[config.patient], appDir, state, connections);
          results.set(config, [...(results.get(config) ?? []), figures]);
          if (process.env.BENCH_DEBUG) print(`  run ${run + 1} ${label(config)} verdict ${figures.verdictMs.toFixed(0)} ms`);
        }
      }
    } finally {
      await incognito?.close();
    }

    print(`Time to verdict, Chromium, cold browser (${incognito ? "a new incognito context" : "a fresh profile"} per launch), ${CONDITIONS.roundTripMs} ms round trip on every connection, ${CONDITIONS.bitsPerSecond / 1e6} Mbit/s shared, the run with the median verdict of ${runs} (ms from opening the launch URL; all verdicts in brackets; ${PREPARATION.length + runs * all.length} launches in ${((performance.now() - began) / 1000).toFixed(0)} s):`);
    // The run with the median verdict time gives the whole timeline (medians taken one by one need not be one run).
    const medianRun = (config: Config): RunFigures => {
      const sorted = [...results.get(config)!].sort((a, b) => a.verdictMs - b.verdictMs);
      return sorted[(sorted.length - 1) >> 1]!;
    };
    for (const config of all) {
      const m = medianRun(config);
      const verdicts = results.get(config)!.map((r) => r.verdictMs.toFixed(0)).join(' ');
      print(
        `  ${label(config)} token ${m.tokenMs.toFixed(0)}, first search ${m.firstSearchMs.toFixed(0)}, last search ${m.lastSearchMs.toFixed(0)}, verdict ${m.verdictMs.toFixed(0)} [${verdicts}]; ` +
          `${m.requests} requests + ${m.preflights} preflights on ${m.connections} connections${config.protocol === 'h1' ? `, ${m.waves} waves` : ''}; ` +
          `FHIR ${m.fhirKb.toFixed(1)} KB, JS ${m.jsWireKb.toFixed(1)} KB on the wire`,
      );
    }
    if (state.replayMisses.length) print(`  (replay: ${state.replayMisses.length} FHIR requests were not recorded and went to the sandbox: ${[...new Set(state.replayMisses)].join(', ')})`);
    const pick = (protocol: Protocol, plan: Plan) => all.find((c) => c.protocol === protocol && c.plan === plan && c.sandbox === 'replayed' && c.patient === 'largest');
    const of = (config: Config | undefined, value: (r: RunFigures) => number) => (config ? value(medianRun(config)) : NaN);
    const h1 = pick('h1', 'latest');
    const figures: TtvFigures = {
      ttvH1Ms: of(h1, (r) => r.verdictMs),
      ttvH2Ms: of(pick('h2', 'latest'), (r) => r.verdictMs),
      ttvFullH1Ms: of(pick('h1', 'full'), (r) => r.verdictMs),
      tokenMs: of(h1, (r) => r.tokenMs),
      waves: of(h1, (r) => r.waves),
      jsBeforeVerdictKb: of(h1, (r) => r.jsBeforeVerdictKb),
    };
    print(`  JS the app page fetched before the verdict: ${figures.jsBeforeVerdictKb.toFixed(1)} KB gzip (bench/js-before-verdict.ts)`);
    return figures;
  } finally {
    for (const closer of closers.reverse()) await closer.close();
    await sandbox.close();
  }
}

export const ttvLine = (f: TtvFigures) =>
  `ttv-h1-ms=${f.ttvH1Ms.toFixed(0)} ttv-h2-ms=${f.ttvH2Ms.toFixed(0)} ttv-full-h1-ms=${f.ttvFullH1Ms.toFixed(0)} token-ms=${f.tokenMs.toFixed(0)} waves=${f.waves.toFixed(0)}`;

async function main() {
  const { build } = await import('vite');
  const appDir = fileURLToPath(new URL('../test-artifacts/bench-app/', import.meta.url));
  await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn', build: { outDir: appDir, emptyOutDir: true } });
  const figures = await ttvFigures(appDir);
  if (figures) console.log(`${ttvLine(figures)} js-before-verdict-kb=${figures.jsBeforeVerdictKb.toFixed(1)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    console.error(`bench failed: ${(error as Error).stack}`);
    process.exitCode = 1;
  });
}
