// Launch-to-panel against the sandbox with added latency: request rounds after the token exchange and
// total time, in real Chromium; and the bytes the app reads compared with fetching every Observation.
import { watchScripts } from './js-before-verdict';
import { performance } from 'node:perf_hooks';
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import { loadRecord } from '../src/fhir/loader';
import { fetchSource } from '../src/fhir/source';
import { chromiumPath, launchChromium } from '../tests/e2e/chromium';
import { launchToken } from '../tests/sandbox/sandbox-client';

interface TimedRequest {
  url: string;
  start: number;
  end: number;
  /** The browser sent a CORS preflight (OPTIONS) first: one more round trip before this request. */
  preflighted?: boolean;
}

/**
 * Rounds = the longest chain of requests where each was issued only after the previous one had finished; a request
 * that needed a CORS preflight counts as two round trips (the OPTIONS, then the request).
 */
export function countRounds(requests: TimedRequest[]): number {
  const sorted = [...requests].sort((a, b) => a.start - b.start);
  const round = new Map<TimedRequest, number>();
  for (const request of sorted) {
    const before = sorted.filter((other) => other !== request && other.end <= request.start);
    round.set(request, (request.preflighted ? 2 : 1) + Math.max(0, ...before.map((other) => round.get(other) ?? 0)));
  }
  return Math.max(0, ...round.values());
}

export async function syntheaPatientId(sandbox: RunningSandbox, name: string): Promise<string> {
  const html = await (await fetch(sandbox.ehrUrl)).text();
  const row = html.split('<tr').find((r) => r.includes(name));
  const id = row && /data-patient-id="([^"]+)"/.exec(row)?.[1];
  if (!id) throw new Error(`${name} is not on the sandbox launcher (is ../shared/fixtures/synthea there?)`);
  return id;
}

/** Bytes of every response body fetched while fn runs; `byPath` adds up the bodies of requests to one resource type. */
async function countBytes(fn: () => Promise<unknown>, byPath?: { type: string; bytes: number }): Promise<number> {
  const original = globalThis.fetch;
  let bytes = 0;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const size = (await response.clone().arrayBuffer()).byteLength;
    bytes += size;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (byPath && new URL(url).pathname.endsWith(`/${byPath.type}`)) byPath.bytes += size;
    return response;
  };
  try {
    await fn();
  } finally {
    globalThis.fetch = original;
  }
  return bytes;
}

async function fetchAllPages(firstUrl: string, token: string): Promise<void> {
  let url: string | undefined = firstUrl;
  for (let page = 0; url && page < 200; page++) {
    const bundle = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' } })).json()) as { link?: Array<{ relation: string; url: string }> };
    url = bundle.link?.find((l) => l.relation === 'next')?.url;
  }
}

export interface NetworkFigures {
  rounds?: number;
  fhirRequests?: number;
  /** Requests after the token exchange that the browser preflighted (CORS OPTIONS seen at the FHIR server). */
  preflights?: number;
  launchToPanelMs?: number;
  /** JavaScript the app page fetched before the verdict showed, gzip KB (bench/js-before-verdict.ts). */
  jsBeforeVerdictKb?: number;
  appBytes: number;
  observationQueryBytes: number;
  allObservationBytes: number;
}

export async function networkFigures(appDir: string, latencyMs: number): Promise<NetworkFigures> {
  // Preflights are not visible as requests in the page: the FHIR server reports them.
  const preflights: Array<{ url: string }> = [];
  const sandbox = await startSandbox({
    port: 0, appPort: 0, appDir, latencyMs, includeSynthea: true, log: () => {},
    onRequest: (event) => { if (event.method === 'OPTIONS') preflights.push({ url: event.url }); },
  });
  try {
    const patientId = await syntheaPatientId(sandbox, 'Vito');
    const token = (await launchToken(sandbox, patientId)).access_token!;
    const source = fetchSource(sandbox.fhirBaseUrl, { headers: { Authorization: `Bearer ${token}` } });
    // The Observation searches of the plan, as the loader reads them (a newest-result search stops after its page).
    const observations = { type: 'Observation', bytes: 0 };
    const appBytes = await countBytes(() => loadRecord(source, { patientId }), observations);
    const observationQueryBytes = observations.bytes;
    const allObservationBytes = await countBytes(() => fetchAllPages(`${sandbox.fhirBaseUrl}/Observation?patient=${patientId}&_count=200`, token));

    const figures: NetworkFigures = { appBytes, observationQueryBytes, allObservationBytes };
    if (chromiumPath()) {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage();
        // Rounds are counted where the app issues its requests (in the browser), not at the server: there,
        // Chromium's six connections per origin and the sandbox's own search time would look like rounds.
        const issued: TimedRequest[] = [];
        const pending = new Map<object, TimedRequest>();
        let tokenExchanged = Infinity;
        page.on('requestfinished', (request) => {
          if (request.url().endsWith('/auth/token')) tokenExchanged = performance.now();
        });
        page.on('request', (request) => {
          if (!request.url().startsWith(sandbox.fhirBaseUrl) || request.method() !== 'GET') return;
          const entry = { url: request.url(), start: performance.now(), end: Infinity };
          pending.set(request, entry);
          issued.push(entry);
        });
        const finish = (request: object) => {
          const entry = pending.get(request);
          if (entry) entry.end = performance.now();
        };
        page.on('requestfinished', finish);
        page.on('requestfailed', finish);
        const scripts = watchScripts(page, sandbox.appUrl!, appDir);
        const started = performance.now();
        await page.goto(`${sandbox.ehrUrl}launch?launch=ehr:${encodeURIComponent(patientId)}&sim=none`);
        figures.jsBeforeVerdictKb = (await scripts.untilVerdict()).gzipKb;
        figures.launchToPanelMs = performance.now() - started;
        // Save to chart looks for answers to resume once the panel shows (src/writeback/chart-access.ts): after the
        // panel, not on its path, so it is not one of the rounds to the panel.
        const afterToken = issued.filter((r) => r.start >= tokenExchanged && !new URL(r.url).pathname.endsWith('/QuestionnaireResponse'));
        // Matched by URL, not by time: the server may see a preflight before the page reports the token response.
        let preflighted = 0;
        for (const request of afterToken) {
          const { pathname, search } = new URL(request.url);
          request.preflighted = preflights.some((p) => p.url === pathname + search);
          if (request.preflighted) preflighted++;
        }
        figures.rounds = countRounds(afterToken);
        figures.fhirRequests = afterToken.length;
        figures.preflights = preflighted;
        if (process.env.BENCH_DEBUG) for (const r of afterToken) console.log(Math.round(r.start - started), Math.round(r.end - started), r.url.slice(sandbox.fhirBaseUrl.length, sandbox.fhirBaseUrl.length + 90));
      } finally {
        await browser.close();
      }
    }
    return figures;
  } finally {
    await sandbox.close();
  }
}
