// SECURITY.md's promises, enforced in a real browser: a full SMART EHR launch in Chromium against the
// local sandbox (PKCE S256, only the app and the EHR contacted, no token anywhere it could leak, nothing
// in localStorage), the Content-Security-Policy of the built pages and that it is in force, FHIR text
// rendered as text (the hostile sample patient), and the sandbox listening on loopback only.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { findVignette } from '../../sandbox/patients';
import { HOSTILE_PAYLOADS as P } from '../../sandbox/patients/vignettes/hostile';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { browserAvailable, launchChromium } from './chromium';
import { BUILT_APP_DIR } from './global-setup';
import { SCREENSHOTS } from './harness';
import { injectedScriptVerdict } from './csp-probe';

const hostile = findVignette('vcf-hostile')!;

let sandbox: RunningSandbox;
let browser: Browser;

function launchUrl(patient: string, mode: 'ehr' | 'embedded' = 'ehr'): string {
  return `${sandbox.ehrUrl}launch?launch=${mode}:${encodeURIComponent(patient)}&sim=none`;
}

async function shownVerdict(page: Page): Promise<string | null> {
  const badge = page.locator('[data-testid="verdict"] [data-status]');
  await badge.waitFor({ timeout: 30_000 });
  return badge.getAttribute('data-status');
}

/** Markup from a payload that made it into the DOM as elements, or any inline event handler at all. */
async function injected(page: Page): Promise<{ elements: number; handlers: string[]; pwned: unknown }> {
  return page.evaluate(() => ({
    elements: document.querySelectorAll('img[src="x"], svg[onload], script:not([src])').length,
    handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`)),
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
  }));
}

/** A listening TCP socket of this process's ports, from /proc/net/tcp{,6}: local address (hex) by port. */
function listeners(file: string, port: number): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols[3] === '0A' && parseInt(cols[1]?.split(':')[1] ?? '', 16) === port)
    .map((cols) => cols[1]!.split(':')[0]!);
}

/** 'connected' or the error code of a TCP connection attempt. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe.runIf(browserAvailable())('security promises (SECURITY.md) in a real launch', () => {
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, appPort: 0, appDir: BUILT_APP_DIR, includeSynthea: false, log: () => {} });
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  describe('a full EHR launch', () => {
    let context: BrowserContext;
    let page: Page;
    const requests: Request[] = [];
    const consoleLines: string[] = [];
    const pageErrors: string[] = [];
    let tokenResponse: Promise<string> | undefined;
    let token = '';

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
      context.on('request', (request) => requests.push(request));
      page = await context.newPage();
      page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/auth/token' && response.request().method() === 'POST') tokenResponse ??= response.text();
      });
      await page.goto(launchUrl('vcf-osteoporotic'));
      expect(await shownVerdict(page)).toBe(findVignette('vcf-osteoporotic')!.expected.verdictFromRecord);
      token = (JSON.parse((await tokenResponse) ?? '{}') as { access_token?: string }).access_token ?? '';
    });
    afterAll(async () => {
      await context?.close();
    });

    it('the token was captured, and it is the one the app sends in the Authorization header', async () => {
      expect(token.length).toBeGreaterThanOrEqual(20);
      // Discovery (.well-known/smart-configuration, metadata) is open; every other FHIR request carries the token.
      // The searches' first pages go in one batch (a POST to the base, the local entry's searchBatch).
      const fhir = requests.filter((r) => (r.method() === 'GET' && /^\/fhir\/(?!\.well-known|metadata)/.test(new URL(r.url()).pathname)) || (r.method() === 'POST' && /^\/fhir\/?$/.test(new URL(r.url()).pathname)));
      expect(fhir.filter((r) => r.method() === 'POST')).toHaveLength(1);
      expect(fhir.length).toBeGreaterThanOrEqual(2); // the Patient read and the batch
      const authorizations = await Promise.all(fhir.map((r) => r.headerValue('authorization')));
      expect(new Set(authorizations)).toEqual(new Set([`Bearer ${token}`]));
      expect(pageErrors).toEqual([]);
    });

    it('contacts only the app\'s origin and the EHR\'s (FHIR and authorization server): no third party', () => {
      const origins = new Set(requests.map((r) => new URL(r.url()).origin));
      expect([...origins].sort()).toEqual([new URL(sandbox.appUrl!).origin, new URL(sandbox.ehrUrl).origin].sort());
    });

    it('authorizes with PKCE: code_challenge_method=S256 and a SHA-256 code_challenge', () => {
      const authorize = requests.filter((r) => new URL(r.url()).pathname === '/auth/authorize');
      expect(authorize).toHaveLength(1);
      const params = new URL(authorize[0]!.url()).searchParams;
      expect(params.get('code_challenge_method')).toBe('S256');
      expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(params.get('state')?.length).toBeGreaterThanOrEqual(16);
      const exchange = requests.find((r) => new URL(r.url()).pathname === '/auth/token');
      expect(new URLSearchParams(exchange?.postData() ?? '').get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    });

    it('keeps the token out of every URL, the address bar, the console and the screen', async () => {
      for (const request of requests) expect(request.url()).not.toContain(token);
      expect(page.url()).not.toContain(token);
      expect(consoleLines.filter((line) => line.includes(token))).toEqual([]);
      expect(await page.locator('body').innerText()).not.toContain(token);
      expect(await page.content()).not.toContain(token);
    });

    it('drops code and state from the address bar, and the code never leaves in a Referer', async () => {
      const url = new URL(page.url());
      expect(url.searchParams.has('code')).toBe(false);
      expect(url.searchParams.has('state')).toBe(false);
      const redirect = requests.find((r) => new URL(r.url()).searchParams.has('code'));
      const code = new URL(redirect!.url()).searchParams.get('code')!;
      expect(code.length).toBeGreaterThan(10);
      const referers = await Promise.all(requests.map((r) => r.headerValue('referer')));
      expect(referers.filter((referer) => referer?.includes(code))).toEqual([]);
    });

    it('stores nothing in localStorage; the session lives in sessionStorage only', async () => {
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      // Positive control: the token is there, in this tab's sessionStorage (fhirclient's store).
      expect(await page.evaluate((t) => Object.values(sessionStorage).some((v) => v.includes(t)), token)).toBe(true);
      expect((await context.cookies()).filter((c) => c.value.includes(token))).toEqual([]);
    });

    it('runs under its CSP: eval and injected inline script are refused', async () => {
      // In a task of the page's own: code evaluated by DevTools (page.evaluate itself) is exempt from the
      // CSP's eval rule, what it schedules is not.
      const tryEval = () =>
        new Promise<string>((resolve) =>
          setTimeout(() => {
            try {
              resolve(`ran: ${String(eval('1 + 1'))}`);
            } catch (error) {
              resolve(`blocked: ${(error as Error).name}`);
            }
          }, 0),
        );
      expect(await page.evaluate(tryEval)).toBe('blocked: EvalError');
      const inline = await injectedScriptVerdict(page);
      expect(inline).toBe('script-src-elem');
      expect(await page.evaluate(() => (window as unknown as { __inline?: number }).__inline)).toBeUndefined();
      // Control: without the app's policy the same browser evaluates strings.
      const blank = await context.newPage();
      expect(await blank.evaluate(tryEval)).toBe('ran: 2');
      await blank.close();
    });
  });

  /** The built page's one CSP <meta>, as directives (attribute values as the browser reads them). */
  function builtPolicy(html: string): Map<string, string[]> {
    const decode = (value: string) => value.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)].map((m) => decode(m[1]!));
    expect(metas).toHaveLength(1);
    // The policy comes before anything that loads or runs.
    expect(html.search(/<meta\s+http-equiv="Content-Security-Policy"/i)).toBeLessThan(html.search(/<(script|link|style)\b/i));
    expect(metas[0]).not.toMatch(/unsafe-inline|unsafe-eval/);
    const directives = new Map(metas[0]!.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map((d) => [d[0]!, d.slice(1)]));
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
    return directives;
  }
  const elements = (html: string, tag: 'script' | 'style') => [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'gi'))].map((m) => ({ attributes: m[1]!, body: m[2]! }));
  const hashSource = (body: string) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;

  it('the built index.html carries a CSP meta with script-src \'self\' and no inline script', () => {
    const html = readFileSync(join(BUILT_APP_DIR, 'index.html'), 'utf8');
    const directives = builtPolicy(html);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    const scripts = elements(html, 'script');
    expect(scripts.length).toBeGreaterThan(0);
    for (const { attributes, body } of scripts) {
      expect(attributes).toMatch(/\ssrc="\.?\/?assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(elements(html, 'style')).toEqual([]);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  // The launch page's script and stylesheet are inline (issue 22: no round trip for them before SMART discovery); its
  // policy allows exactly those two bodies by their sha256, so injected script still does not run.
  it('the built launch.html allows exactly its one inline script and stylesheet, by their sha256', () => {
    const html = readFileSync(join(BUILT_APP_DIR, 'launch.html'), 'utf8');
    const directives = builtPolicy(html);
    const scripts = elements(html, 'script');
    expect(scripts.map((s) => s.attributes.trim())).toEqual(['type="module"']);
    expect(scripts[0]!.body.length).toBeGreaterThan(1000);
    expect(directives.get('script-src')).toEqual(["'self'", hashSource(scripts[0]!.body)]);
    const styles = elements(html, 'style');
    expect(styles).toHaveLength(1);
    expect(directives.get('style-src')).toEqual(["'self'", hashSource(styles[0]!.body)]);
    // Nothing of the page's own left as a file; the app page's files only inside the inert template.
    const outsideTemplate = html.replace(/<template\b[\s\S]*?<\/template>/gi, '');
    expect(outsideTemplate).not.toMatch(/(?:src|href)="\.?\/?assets\//);
    // Without the inline bodies, no inline event handler either.
    expect(outsideTemplate.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')).not.toMatch(/\son[a-z]+\s*=/i);
  });

  describe('the sandbox listens on loopback only', () => {
    const ports = () => [Number(new URL(sandbox.ehrUrl).port), Number(new URL(sandbox.appUrl!).port)];

    it.runIf(existsSync('/proc/net/tcp'))('its sockets are bound to 127.0.0.1 (the kernel\'s table of listening sockets)', () => {
      for (const port of ports()) {
        expect(listeners('/proc/net/tcp', port), `port ${port}`).toEqual(['0100007F']); // 127.0.0.1, little-endian
        expect(listeners('/proc/net/tcp6', port), `port ${port}`).toEqual([]);
      }
    });

    const external = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    it.runIf(!!external)('is refused on the machine\'s network address, where a server on all interfaces answers', async () => {
      // Control: a server on every interface is reachable through that address.
      const control: Server = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => control.listen(0, '0.0.0.0', resolve));
      try {
        expect(await tryConnect(external!, (control.address() as { port: number }).port)).toBe('connected');
      } finally {
        await new Promise((resolve) => control.close(resolve));
      }
      for (const port of ports()) {
        expect(await tryConnect('127.0.0.1', port)).toBe('connected');
        expect(await tryConnect(external!, port)).toBe('ECONNREFUSED');
      }
    });
  });

  describe('FHIR text is text: the hostile sample patient', () => {
    let context: BrowserContext;
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(launchUrl(hostile.id));
      await page.locator('[data-testid="verdict"] [data-status]').waitFor({ timeout: 30_000 });
      await page.waitForTimeout(300); // an onerror/onload would have fired by now
    });
    afterAll(async () => {
      await context?.close();
    });

    it('the app shows every payload as text, runs none, and still assesses the record', async () => {
      expect(await shownVerdict(page)).toBe(hostile.expected.verdictFromRecord);
      expect(await injected(page)).toEqual({ elements: 0, handlers: [], pwned: undefined });

      // Bidi override and isolate characters are removed where FHIR text is read (src/fhir/narrow.ts): the rest is shown.
      const withoutBidi = (value: string) => value.replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
      expect(await page.locator('[data-testid="patient-banner"] .banner-name').textContent()).toBe(withoutBidi(hostile.name));
      // Every detail section unfolded, as the physician can: the record text is in them.
      await page.evaluate(() => document.querySelectorAll('main details').forEach((fold) => { (fold as HTMLDetailsElement).open = true; }));
      const text = await page.locator('main').innerText();
      for (const payload of [P.img, P.script, P.svg, P.javascriptUrl, withoutBidi(P.rtl), P.zeroWidth]) expect(text).toContain(payload);
      expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
      // The 5,000-character string arrives bounded (the first 500 characters and an ellipsis), not whole.
      expect(text).toContain(`${P.long.slice(0, 500)}…`);
      expect(text).not.toContain(P.long);
      // Where each displayed string lands: condition, encounter, observation value, medication, imaging, allergy.
      for (const shown of [
        `Vertebral fracture L1 ${P.img}`,
        `Inpatient stay ${P.svg}`,
        `Pain NRS ${P.svg}`,
        `Prothrombin time ${P.img}: ${P.script} 12.1 s ${P.javascriptUrl}`,
        `Acetaminophen ${P.img} ${P.javascriptUrl}`,
        `MRI lumbar STIR ${P.img}`,
        `XR lumbar ${P.script}`,
        `Bone cement (PMMA) ${P.svg} ${P.javascriptUrl}`,
      ]) expect(text).toContain(shown);
      expect(await page.locator('li[data-id="cement-allergy"] [data-status]').first().getAttribute('data-status')).toBe('present');
      await page.screenshot({ path: `${SCREENSHOTS}hostile-panel.png` });
      expect(pageErrors).toEqual([]);
    });

    // App bug (src/ui/styles.css): evidence lines (.evidence li, in the panel and in "The record says") have no
    // overflow-wrap, so one unbroken 500-character word from the record (what text() keeps of a longer one)
    // makes the page about 4,500 px wide at a 1,200 px viewport: the panel is pushed off screen (horizontal
    // scrolling) and the form column's evidence spills under the panel. A normal record fits (1,200 px).
    it('a long unbroken word from the record does not widen the page beyond the window', async () => {
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    });

    it('the sandbox\'s launcher, picker and chart pages show the name as text too', async () => {
      const context = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
      const page = await context.newPage();
      try {
        await page.goto(sandbox.ehrUrl);
        const row = page.locator(`tr[data-patient-id="${hostile.id}"]`);
        expect(await row.locator('[data-testid="patient-name"]').textContent()).toBe(hostile.name);
        expect(await row.innerText()).toContain(P.script);
        expect(await injected(page)).toEqual({ elements: 0, handlers: [], pwned: undefined });
        await page.screenshot({ path: `${SCREENSHOTS}hostile-launcher.png`, fullPage: true });

        // The standalone picker lists every patient by name.
        await page.click('button[data-action="standalone-launch"]');
        const pick = page.locator(`button[data-action="pick-patient"][data-patient-id="${hostile.id}"]`);
        await pick.waitFor({ timeout: 30_000 });
        expect(await page.locator('tr', { has: pick }).innerText()).toContain(P.img);
        expect(await injected(page)).toEqual({ elements: 0, handlers: [], pwned: undefined });

        // The mock chart's header names the patient (the framed app is left to load on its own).
        await page.goto(launchUrl(hostile.id, 'embedded'));
        expect(await page.locator('[data-testid="chart-patient-name"]').textContent()).toBe(hostile.name);
        expect(await injected(page)).toEqual({ elements: 0, handlers: [], pwned: undefined });
      } finally {
        await context.close();
      }
    });
  });
});
