// One measured EHR launch in a cold browser: from opening the launch URL to the verdict card, with the
// timeline seen by the browser and the exchanges the fronts and proxies logged meanwhile.
import type { BrowserContext, Request } from 'playwright-core';
import { watchScripts } from '../js-before-verdict';
import type { ConnectionEvent } from './delay-proxy';
import type { Exchange, FrontState } from './front';

export interface Origins {
  /** As the browser sees them, e.g. http://localhost:4013 or https://localhost:40123 */
  ehr: string;
  app: string;
  /** Names of the fronts and proxies serving them (the logs' `front` / `proxy`). */
  ehrFront: string;
  appFront: string;
}

export interface RunFigures {
  /** ms from opening the launch URL (browser view). */
  tokenMs: number;
  firstSearchMs: number;
  lastSearchMs: number;
  verdictMs: number;
  requests: number;
  preflights: number;
  connections: number;
  fhirKb: number;
  /** JavaScript on the wire, both pages, before the verdict. */
  jsWireKb: number;
  /** The app page's JavaScript before the verdict, gzip -9 (bench/js-before-verdict.ts). */
  jsBeforeVerdictKb: number;
  /** Most FHIR exchanges (searches and preflights) one connection to the EHR carried after the token: sequential waves. */
  waves: number;
  fhirSearches: number;
}

declare global {
  interface Window {
    __ttvVerdict?: number;
  }
}

/**
 * Runs in every document: notes when the verdict card first carries a status. A string, not a function: tsx's
 * transform would add helpers the page does not have.
 */
const VERDICT_OBSERVER = `
  new MutationObserver(() => {
    if (window.__ttvVerdict === undefined && document.querySelector('[data-testid="verdict"] [data-status]')) {
      window.__ttvVerdict = performance.timeOrigin + performance.now();
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-status', 'data-testid'] });
`;

/** Debug: launch.html keeps its own timeline in sessionStorage when it leaves (the app page, same origin, reads it). */
const LAUNCH_PAGE_TIMELINE = `
  if (location.pathname.endsWith('/launch.html')) addEventListener('pagehide', () => {
    const nav = performance.getEntriesByType('navigation')[0];
    const config = performance.getEntriesByType('resource').find((e) => e.name.includes('smart-config.json'));
    const at = (ms) => (ms === undefined ? null : performance.timeOrigin + ms);
    sessionStorage.setItem('__ttvLaunchPage', JSON.stringify({ responseStart: at(nav?.responseStart), responseEnd: at(nav?.responseEnd), interactive: at(nav?.domInteractive), contentLoaded: at(nav?.domContentLoadedEventStart), configStart: at(config?.startTime), configEnd: at(config?.responseEnd) }));
  });
`;

interface Timed {
  url: string;
  method: string;
  start: number;
  end: number;
}

export async function measuredLaunch(openContext: () => Promise<BrowserContext>, origins: Origins, patientId: string, appDir: string, state: FrontState, connections: ConnectionEvent[]): Promise<RunFigures> {
  const context = await openContext();
  const logFrom = state.log.length;
  const connectionsFrom = connections.length;
  try {
    await context.addInitScript(VERDICT_OBSERVER);
    if (process.env.BENCH_DEBUG_WATERFALL) await context.addInitScript(LAUNCH_PAGE_TIMELINE);
    // A persistent context opens with a blank tab: use it rather than a second one.
    const page = context.pages()[0] ?? (await context.newPage());
    const finished: Timed[] = [];
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    page.on('requestfailed', (request) => consoleLines.push(`failed: ${request.method()} ${request.url()} ${request.failure()?.errorText}`));
    page.on('requestfinished', (request: Request) => {
      const timing = request.timing();
      finished.push({ url: request.url(), method: request.method(), start: timing.startTime, end: timing.startTime + timing.responseEnd });
    });
    const scripts = watchScripts(page, `${origins.app}/`, appDir);
    const opened = performance.timeOrigin + performance.now();
    await page.goto(`${origins.ehr}/launch?launch=ehr:${encodeURIComponent(patientId)}&sim=none`, { waitUntil: 'commit' });
    const js = await scripts.untilVerdict(30_000).catch(async (error: Error) => {
      const shown = await page.locator('body').innerText().catch(() => '');
      throw new Error(`${error.message.split('\n')[0]} at ${page.url()}; the page shows: ${shown.slice(0, 400)}; console: ${consoleLines.join(' | ').slice(0, 1500)}`);
    });
    const verdictAt = await page.evaluate(() => window.__ttvVerdict);
    if (verdictAt === undefined) throw new Error('the verdict showed but the observer missed it');

    const token = finished.find((r) => r.method === 'POST' && r.url === `${origins.ehr}/auth/token`);
    if (!token) throw new Error('no token request seen');
    // The FHIR phase: reads after the token, up to the verdict (Save to chart's QuestionnaireResponse search comes after).
    // A FHIR batch (one POST to the base) is a read too.
    const isRead = (method: string, url: string) => {
      const path = url.startsWith(origins.ehr) ? url.slice(origins.ehr.length) : url;
      return (method === 'GET' && path.startsWith('/fhir/')) || (method === 'POST' && /^\/fhir\/?$/.test(path));
    };
    // Started before the verdict: Playwright's end of a response can come a few tens of ms after the page had it (HTTP/2).
    const fhir = finished.filter((r) => isRead(r.method, r.url) && r.start >= token.end && r.start <= verdictAt && !/\/QuestionnaireResponse\b/.test(r.url));
    const exchanges: Exchange[] = state.log.slice(logFrom).filter((e) => e.start <= verdictAt && (e.front === origins.ehrFront || e.front === origins.appFront));
    const tokenAtServer = exchanges.find((e) => e.path === '/auth/token' && e.method === 'POST')?.end ?? token.end;
    const fhirExchanges = exchanges.filter((e) => e.front === origins.ehrFront && e.path.startsWith('/fhir/') && e.start >= tokenAtServer && !/\/QuestionnaireResponse\b/.test(e.path));
    const perConnection = new Map<number, number>();
    for (const e of fhirExchanges) perConnection.set(e.connection, (perConnection.get(e.connection) ?? 0) + 1);
    const since = (t: number) => t - opened;
    if (process.env.BENCH_DEBUG_WATERFALL) for (const r of finished.filter((x) => x.start <= verdictAt)) console.log(`    ${since(r.start).toFixed(0).padStart(5)} ${since(r.end).toFixed(0).padStart(5)} ${r.method} ${r.url.slice(0, 110)}${r.end > verdictAt ? " (after the verdict)" : ""}`);
    if (process.env.BENCH_DEBUG_WATERFALL) console.log(`    ${since(verdictAt).toFixed(0).padStart(5)} verdict`);
    if (process.env.BENCH_DEBUG_WATERFALL) {
      // The app page's own clock: when its document arrived, was parsed, and when its token request started.
      // A string, as VERDICT_OBSERVER: tsx would add helpers the page does not have.
      const marks = (await page.evaluate(`(() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const token = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/auth/token'));
        const at = (ms) => (ms === undefined ? NaN : performance.timeOrigin + ms);
        const script = performance.getEntriesByType('resource').find((e) => /\\/assets\\/index-[^/]*\\.js$/.test(e.name));
        return { responseEnd: at(nav?.responseEnd), interactive: at(nav?.domInteractive), scriptIn: at(script?.responseEnd), contentLoaded: at(nav?.domContentLoadedEventStart), tokenStart: at(token?.startTime) };
      })()`)) as Record<'responseEnd' | 'interactive' | 'scriptIn' | 'contentLoaded' | 'tokenStart', number>;
      const launchPage = (await page.evaluate(`JSON.parse(sessionStorage.getItem('__ttvLaunchPage') ?? '{}')`)) as Record<string, number | null>;
      console.log(`    launch page: ${Object.entries(launchPage).map(([k, v]) => `${k} ${v === null ? '-' : since(v).toFixed(0)}`).join(', ')}`);
      console.log(`    app page: document in ${since(marks.responseEnd).toFixed(0)}, parsed ${since(marks.interactive).toFixed(0)}, script in ${since(marks.scriptIn).toFixed(0)}, DOMContentLoaded ${since(marks.contentLoaded).toFixed(0)}, token request ${since(marks.tokenStart).toFixed(0)}`);
    }
    if (process.env.BENCH_DEBUG_CONNECTIONS) for (const e of exchanges.filter((x) => x.start <= tokenAtServer)) console.log(`    ${e.front} connection ${e.connection} ${since(e.start).toFixed(0)}-${since(e.end).toFixed(0)} ${e.method} ${e.path.slice(0, 60)}`);
    if (process.env.BENCH_DEBUG_CONNECTIONS) console.log(`    connections opened: ${connections.slice(connectionsFrom).filter((c) => c.at <= tokenAtServer).map((c) => `${c.proxy} ${since(c.at).toFixed(0)}`).join(', ')}`);
    if (process.env.BENCH_DEBUG_JS) console.log(`    before the verdict: ${js.files.join(' ')} (${js.gzipKb.toFixed(1)} KB gzip)`);
    if (process.env.BENCH_DEBUG_JS) for (const e of exchanges.filter((x) => /javascript/.test(x.contentType))) console.log(`    ${e.front} ${e.path} ${e.bytes} B`);
    return {
      tokenMs: since(token.end),
      firstSearchMs: fhir.length ? since(Math.min(...fhir.map((r) => r.start))) : NaN,
      lastSearchMs: fhir.length ? since(Math.max(...fhir.map((r) => r.end))) : NaN,
      verdictMs: since(verdictAt),
      requests: exchanges.filter((e) => e.method !== 'OPTIONS').length,
      preflights: exchanges.filter((e) => e.method === 'OPTIONS').length,
      connections: connections.slice(connectionsFrom).filter((c) => c.at <= verdictAt && (c.proxy === origins.ehrFront || c.proxy === origins.appFront)).length,
      fhirKb: exchanges.filter((e) => e.front === origins.ehrFront && isRead(e.method, e.path)).reduce((sum, e) => sum + e.bytes, 0) / 1024,
      jsWireKb: exchanges.filter((e) => /javascript/.test(e.contentType)).reduce((sum, e) => sum + e.bytes, 0) / 1024,
      jsBeforeVerdictKb: js.gzipKb,
      waves: Math.max(0, ...perConnection.values()),
      fhirSearches: fhir.length,
    };
  } finally {
    await context.close();
    // Each run reads only its own part of the logs.
    state.log.splice(0, logFrom);
    connections.splice(0, connectionsFrom);
  }
}
