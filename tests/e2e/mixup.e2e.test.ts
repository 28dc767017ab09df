// The OAuth mix-up attack, end to end in Chromium (SECURITY.md, "Authorization server bound to the issuer").
// An attacker's server on this machine poses as a FHIR server. Its discovery sends the app's authorize request to
// itself (it relays it, with the app's own state and PKCE challenge, to the real EHR, where the physician picks the
// patient as usual) and names its own token endpoint, hoping the app will post the real EHR's code and the PKCE
// verifier there. Variants: the attacker's iss is not configured (the old configuration accepted any loopback
// port), or it is configured as a partner EHR; authorize and token at the attacker, or authorize at the real EHR
// and token at the attacker. In each, no token request may leave the browser and a named state must be shown.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { browserAvailable, launchChromium, launchChromiumProfile } from './chromium';
import { BUILT_APP_DIR } from './global-setup';
import { unfoldAll } from './harness';

type DiscoveryMode = 'authorize-and-token-at-attacker' | 'authorize-at-ehr-token-at-attacker' | 'claims-the-ehr-issuer';

interface Attacker {
  origin: string;
  /** Every request it received: method and path. */
  seen: string[];
  /** TCP connections it accepted (a preconnect opens one and sends nothing on it). */
  connections: number;
  /** Bodies of token requests: what the attack is after (the real EHR's code and the PKCE verifier). */
  tokenRequests: string[];
  mode: DiscoveryMode;
  close(): Promise<void>;
}

let sandbox: RunningSandbox;
let browser: Browser;
let attacker: Attacker;

const PATIENT = 'vcf-osteoporotic';
/** The attacker's FHIR base that no entry lists (the old local entry accepted it: any loopback port). */
const unlistedIss = () => `${attacker.origin}/fhir`;
/** The attacker's FHIR base, configured by the deployment as a partner EHR (it turned hostile). */
const partnerIss = () => `${attacker.origin}/partner/fhir`;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => resolve(body));
  });
}

function discoveryOf(mode: DiscoveryMode, origin: string) {
  const ehrOrigin = new URL(sandbox.ehrUrl).origin;
  return {
    issuer: mode === 'claims-the-ehr-issuer' ? ehrOrigin : origin,
    authorization_endpoint: mode === 'authorize-at-ehr-token-at-attacker' ? `${ehrOrigin}/auth/authorize` : `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    code_challenge_methods_supported: ['S256'],
    capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'permission-v2'],
  };
}

async function startAttacker(): Promise<Attacker> {
  const state = { seen: [] as string[], tokenRequests: [] as string[], connections: 0, mode: 'authorize-and-token-at-attacker' as DiscoveryMode };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      state.seen.push(`${req.method} ${url.pathname}`);
      const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST' };
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
      if (/^(\/partner)?\/fhir\/\.well-known\/smart-configuration$/.test(url.pathname)) {
        return void res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(discoveryOf(state.mode, origin)));
      }
      if (url.pathname === '/authorize') {
        // The relay: the app's own request, re-addressed to the real EHR (whose aud check wants its own FHIR base).
        const relayed = new URL('/auth/authorize', sandbox.ehrUrl);
        for (const [key, value] of url.searchParams) relayed.searchParams.set(key, value);
        relayed.searchParams.set('aud', sandbox.fhirBaseUrl);
        return void res.writeHead(302, { Location: relayed.href }).end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        state.tokenRequests.push(await readBody(req));
        return void res.writeHead(400, { ...cors, 'Content-Type': 'application/json' }).end('{"error":"invalid_grant"}');
      }
      res.writeHead(404, cors).end();
    })();
  });
  server.on('connection', () => {
    state.connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(state, {
    origin,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  });
}

interface Visit {
  context: BrowserContext;
  page: Page;
  /** Every request the browser made: method and URL. */
  requests: Array<{ method: string; url: string }>;
}

/** A browser whose app configuration lists the attacker as a partner EHR, as a deployment could. */
async function visit(options: { attackerConfigured: boolean }): Promise<Visit> {
  const context = await browser.newContext();
  const requests: Visit['requests'] = [];
  context.on('request', (request) => requests.push({ method: request.method(), url: request.url() }));
  if (options.attackerConfigured) {
    await context.route('**/smart-config.json', async (route) => {
      const shipped = (await (await route.fetch()).json()) as Array<Record<string, unknown>>;
      const local = shipped.find((entry) => String(entry.name).startsWith('Local'))!;
      const partner = { ...local, name: 'Partner EHR', iss: [partnerIss()], notes: 'test: a configured EHR that turned hostile' };
      await route.fulfill({ json: [...shipped, partner] });
    });
  }
  return { context, page: await context.newPage(), requests };
}

/** Opens the app's launch page with the attacker's iss (a standalone launch, as a link would); picks the patient if the real EHR asks. */
async function launchWith(v: Visit, iss: string): Promise<string | null> {
  await v.page.goto(`${sandbox.appUrl}launch.html?iss=${encodeURIComponent(iss)}`);
  const picker = v.page.locator(`button[data-action="pick-patient"][data-patient-id="${PATIENT}"]`);
  const problem = v.page.locator('[data-problem]');
  await picker.or(problem).first().waitFor({ timeout: 20_000 });
  if (await picker.isVisible()) await picker.click();
  await problem.waitFor({ timeout: 20_000 });
  return problem.getAttribute('data-problem');
}

const tokenRequestsOf = (v: Visit) => v.requests.filter((r) => r.method === 'POST' && new URL(r.url).pathname.endsWith('/token'));

describe.runIf(browserAvailable())('OAuth mix-up: the code never goes to a token endpoint that is not the EHR\'s', () => {
  let current: Visit | undefined;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, appPort: 0, appDir: BUILT_APP_DIR, includeSynthea: false, log: () => {} });
    attacker = await startAttacker();
    browser = await launchChromium();
  });
  afterEach(async () => {
    await current?.context.close();
    current = undefined;
    attacker.seen.length = 0;
    attacker.tokenRequests.length = 0;
    attacker.connections = 0;
  });
  afterAll(async () => {
    await browser?.close();
    await attacker?.close();
    await sandbox?.close();
  });

  it.each(['authorize-and-token-at-attacker', 'authorize-at-ehr-token-at-attacker'] as const)(
    'an unlisted loopback server (%s): "This EHR is not configured", and nothing is sent to it',
    async (mode) => {
      attacker.mode = mode;
      current = await visit({ attackerConfigured: false });
      const shown = await launchWith(current, unlistedIss());
      // Before the fix: this held the real EHR's code and the PKCE verifier.
      expect(attacker.tokenRequests).toEqual([]);
      expect(shown).toBe('no-config-match');
      await unfoldAll(current.page);
      expect(await current.page.locator('[data-problem]').innerText()).toContain(unlistedIss());
      expect(attacker.seen).toEqual([]);
      expect(tokenRequestsOf(current)).toEqual([]);
    },
  );

  it('an unlisted loopback server, in a browser with an ordinary profile: the launch page may open a connection to it (a preconnect, while the configuration loads), never a request', async () => {
    const context = await launchChromiumProfile();
    try {
      const v: Visit = { context, page: context.pages()[0] ?? (await context.newPage()), requests: [] };
      context.on('request', (request) => v.requests.push({ method: request.method(), url: request.url() }));
      expect(await launchWith(v, unlistedIss())).toBe('no-config-match');
      // The hint is wired into the built launch page (incognito contexts, as in the other tests, ignore it).
      await expect.poll(() => attacker.connections, { timeout: 5_000 }).toBeGreaterThan(0);
      expect(attacker.seen).toEqual([]);
      expect(v.requests.filter((r) => r.url.startsWith(attacker.origin))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a configured server whose discovery relays authorize to the real EHR: the real EHR\'s code is refused (RFC 9207 iss), not posted', async () => {
    attacker.mode = 'authorize-and-token-at-attacker';
    current = await visit({ attackerConfigured: true });
    const state = await launchWith(current, partnerIss());
    expect(attacker.tokenRequests).toEqual([]);
    expect(state).toBe('issuer-mismatch');
    // The attack got as far as it can: the real EHR issued a code to the app's redirect URI...
    expect(attacker.seen).toContain('GET /authorize');
    expect(current.requests.some((r) => new URL(r.url).pathname === '/index.html' && new URL(r.url).searchParams.has('code'))).toBe(true);
    // ...and the app sent it nowhere.
    expect(attacker.tokenRequests).toEqual([]);
    expect(tokenRequestsOf(current)).toEqual([]);
    const shown = current.page.locator('[data-problem]');
    await unfoldAll(current.page);
    expect(await shown.innerText()).toContain('came from another server');
    expect(await shown.innerText()).toContain(new URL(sandbox.ehrUrl).origin);
    expect(current.page.url()).not.toMatch(/[?&]code=/);
  });

  it('a configured server whose discovery names the real EHR\'s authorize and its own token endpoint: stopped before leaving the app', async () => {
    attacker.mode = 'authorize-at-ehr-token-at-attacker';
    current = await visit({ attackerConfigured: true });
    expect(await launchWith(current, partnerIss())).toBe('untrusted-auth-server');
    await unfoldAll(current.page);
    expect(await current.page.locator('[data-problem]').innerText()).toContain(`${new URL(sandbox.ehrUrl).origin}/auth/authorize`);
    expect(current.requests.filter((r) => new URL(r.url).pathname === '/auth/authorize')).toEqual([]);
    expect(new URL(current.page.url()).origin).toBe(new URL(sandbox.appUrl!).origin);
    expect(attacker.tokenRequests).toEqual([]);
    expect(tokenRequestsOf(current)).toEqual([]);
  });

  it('a configured server that claims to be the real EHR\'s issuer: stopped before leaving the app', async () => {
    attacker.mode = 'claims-the-ehr-issuer';
    current = await visit({ attackerConfigured: true });
    expect(await launchWith(current, partnerIss())).toBe('untrusted-auth-server');
    expect(attacker.seen.filter((s) => s.endsWith('/authorize'))).toEqual([]);
    expect(tokenRequestsOf(current)).toEqual([]);
  });

  it('the real sandbox, launched the same way, still gets to the assessment', async () => {
    current = await visit({ attackerConfigured: true });
    await current.page.goto(`${sandbox.appUrl}launch.html?iss=${encodeURIComponent(sandbox.fhirBaseUrl)}`);
    await current.page.locator(`button[data-action="pick-patient"][data-patient-id="${PATIENT}"]`).click();
    await current.page.locator('[data-testid="verdict"] [data-status]').waitFor({ timeout: 30_000 });
    expect(tokenRequestsOf(current).map((r) => new URL(r.url).origin)).toEqual([new URL(sandbox.ehrUrl).origin]);
  });
});
