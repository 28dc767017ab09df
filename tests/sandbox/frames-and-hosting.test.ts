// The sandbox's framing pages (cross-site chart, two frames side by side) and the hosting headers it serves
// the app with (the README's recipe): what the browser tests of issue 14 stand on.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';

let sandbox: RunningSandbox;
let root: string;
let ehrOrigin: string;
let ehrTwin: string;
let appOrigin: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'kyphoplasty-frames-'));
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(root, 'assets', 'main-abc123.js'), 'console.log(1)');
  sandbox = await startSandbox({ port: 0, appDir: root, appPort: 0, includeSynthea: false, log: () => {} });
  ehrOrigin = new URL(sandbox.ehrUrl).origin;
  ehrTwin = ehrOrigin.replace('//localhost', '//127.0.0.1');
  appOrigin = new URL(sandbox.appUrl!).origin;
});
afterAll(async () => {
  await sandbox?.close();
  await rm(root, { recursive: true, force: true });
});

const iframeSources = (page: string) => [...page.matchAll(/<iframe[^>]*src="([^"]+)"/g)].map((m) => new URL(m[1]!.replaceAll('&amp;', '&')));

describe('cross-site embedded mode', () => {
  it('puts the chart on 127.0.0.1 and the app it frames on localhost: two sites', async () => {
    const res = await fetch(`${sandbox.ehrUrl}launch?launch=cross-site:vcf-chronic`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const chartUrl = new URL(res.headers.get('location') ?? '');
    expect(chartUrl.origin).toBe(ehrTwin);
    const chart = await fetch(chartUrl);
    expect(chart.status).toBe(200);
    // The framed app navigates to the authorize endpoint (localhost) and back: the chart's CSP lets it.
    const csp = chart.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`frame-src [^;]*${appOrigin}`));
    expect(csp).toMatch(new RegExp(`frame-src [^;]*${ehrOrigin}`));
    const [app] = iframeSources(await chart.text());
    expect(app?.origin).toBe(appOrigin);
    expect(new URL(appOrigin).hostname).toBe('localhost');
    // Launch ids are opaque (sandbox/auth/launch-id.ts): the frame carries one, and it names no patient.
    const launch = app?.searchParams.get('launch') ?? '';
    expect(launch).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(launch).not.toContain('vcf-chronic');
  });
});

describe('two frames in one page', () => {
  it('frames the app once per patient, each with its own embedded launch', async () => {
    const res = await fetch(`${sandbox.ehrUrl}ehr/two-frames?patient=vcf-osteoporotic&patient=vcf-chronic`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Margaret Ellison');
    expect(page).toContain('Beatrice Lindqvist');
    const launches = iframeSources(page).map((src) => src.searchParams.get('launch') ?? '');
    expect(launches).toHaveLength(2);
    expect(new Set(launches).size).toBe(2);
    for (const launch of launches) expect(launch).toMatch(/^[A-Za-z0-9_-]{16,}$/);
  });

  it('refuses anything but two known patients', async () => {
    expect((await fetch(`${sandbox.ehrUrl}ehr/two-frames?patient=vcf-osteoporotic`)).status).toBe(400);
    expect((await fetch(`${sandbox.ehrUrl}ehr/two-frames?patient=vcf-osteoporotic&patient=nobody`)).status).toBe(400);
  });
});

describe('hosting headers of the app', () => {
  it('lets only the EHR (under both its names) and the app itself frame the pages', async () => {
    const res = await fetch(`${sandbox.appUrl}index.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(`frame-ancestors 'self' ${ehrOrigin} ${ehrTwin}`);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('permissions-policy')).toContain('camera=()');
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('serves assets without page-only headers, still nosniff and no referrer', async () => {
    const res = await fetch(`${sandbox.appUrl}assets/main-abc123.js`);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
