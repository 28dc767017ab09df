// The built launch page carries its script and stylesheet inline (issue 22, token-ms), allowed by their sha256 in the
// page's own Content-Security-Policy; the app page's files wait in an inert <template> for the launch to fetch them ahead.
// (The real build's page is checked in the browser: tests/e2e/security.e2e.test.ts, tests/e2e/launch-path.e2e.test.ts.)
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appPageFiles } from '../../build-tools/launch-page-build';
import { inlineLaunchPage, type LaunchPageParts } from '../../build-tools/launch-page';

// launch.html as Vite writes it (base './').
const BUNDLER_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <link rel="preload" href="smart-config.json" as="fetch" crossorigin />
    <script type="module" crossorigin src="./assets/launch-AbC123.js"></script>
    <link rel="stylesheet" crossorigin href="./assets/launch-XyZ789.css">
  </head>
  <body><div id="app"></div></body>
</html>
`;

const parts = (overrides: Partial<LaunchPageParts> = {}): LaunchPageParts => ({
  html: BUNDLER_HTML,
  script: { fileName: 'assets/launch-AbC123.js', code: 'const a = 1 < 2;\nconsole.log("$&", a);\n' },
  stylesheets: [{ fileName: 'assets/launch-XyZ789.css', source: 'body{color:#111}\n' }],
  appPageFiles: [
    { href: './assets/index-111.js', as: 'script' },
    { href: './assets/index-222.css', as: 'style' },
  ],
  ...overrides,
});

const policyOf = (html: string) => {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)].map((m) => m[1]!);
  expect(metas).toHaveLength(1);
  return new Map(metas[0]!.split(';').map((d) => d.trim().split(/\s+/)).map((d) => [d[0]!, d.slice(1)]));
};
const inlineBodies = (html: string, element: 'script' | 'style') => [...html.matchAll(new RegExp(`<${element}(?![^>]*\\ssrc=)[^>]*>([\\s\\S]*?)</${element}>`, 'g'))].map((m) => m[1]!);
const browserHash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('the launch page with its script and stylesheet inline (build-tools/launch-page.ts)', () => {
  it('puts the script and the stylesheet into the page and allows exactly them by hash, never unsafe-inline', () => {
    const html = inlineLaunchPage(parts());
    const [script] = inlineBodies(html, 'script');
    const [style] = inlineBodies(html, 'style');
    expect(script).toBe(parts().script.code);
    expect(style).toBe('body{color:#111}\n');
    expect(html).toContain('<script type="module">');
    const policy = policyOf(html);
    expect(policy.get('script-src')).toEqual(["'self'", browserHash(script!)]);
    expect(policy.get('style-src')).toEqual(["'self'", browserHash(style!)]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(html).not.toMatch(/unsafe-inline|unsafe-eval/);
    // The policy comes first in <head>, before the preload and the script.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('rel="preload"'));
    // No file of the launch page's own is left to fetch.
    expect(html).not.toMatch(/(?:src|href)="\.\/assets\/launch-/);
  });

  it('hashes the script as the browser parses it: line breaks CR LF and CR become LF', () => {
    const html = inlineLaunchPage(parts({ script: { fileName: 'assets/launch-AbC123.js', code: 'let a = 1;\r\nlet b = 2;\rlet c = 3;' } }));
    const [script] = inlineBodies(html, 'script');
    expect(script).toBe('let a = 1;\nlet b = 2;\nlet c = 3;');
    expect(policyOf(html).get('script-src')).toEqual(["'self'", browserHash('let a = 1;\nlet b = 2;\nlet c = 3;')]);
  });

  it('keeps the app page\'s files inside an inert template (its script as a module preload, its stylesheet as a prefetch), after the page\'s own elements', () => {
    const html = inlineLaunchPage(parts());
    const template = /<template id="app-page-files">([\s\S]*?)<\/template>/.exec(html)?.[1];
    expect(template).toBe('<link rel="modulepreload" crossorigin href="./assets/index-111.js"><link rel="prefetch" as="style" crossorigin href="./assets/index-222.css">');
    // Outside the template, nothing fetches them.
    expect(html.replace(/<template[\s\S]*?<\/template>/, '')).not.toContain('index-111');
    expect(html.indexOf('<template')).toBeGreaterThan(html.indexOf('<style>'));
    expect(html.indexOf('<template')).toBeLessThan(html.indexOf('</head>'));
  });

  it('refuses to build a page the HTML parser would cut short or that would still fetch a file of its own', () => {
    const withCode = (code: string) => () => inlineLaunchPage(parts({ script: { fileName: 'assets/launch-AbC123.js', code } }));
    expect(withCode('const s = "</script><img src=x>";')).toThrow(/end its <script> early/);
    expect(withCode('const s = "<!-- x";')).toThrow(/end its <script> early/);
    expect(() => inlineLaunchPage(parts({ stylesheets: [{ fileName: 'assets/launch-XyZ789.css', source: 'a{}</style>' }] }))).toThrow(/end its <style> early/);
    expect(() => inlineLaunchPage(parts({ stylesheets: [{ fileName: 'assets/launch-XyZ789.css', source: 'a{background:url(./bg.png)}' }] }))).toThrow(/url\(\)/);
    // A second chunk the bundler left as a file (a module preload) would cost a round trip before discovery.
    const preloaded = BUNDLER_HTML.replace('</head>', '<link rel="modulepreload" crossorigin href="./assets/shared-1.js">\n  </head>');
    expect(() => inlineLaunchPage(parts({ html: preloaded }))).toThrow(/still a file/);
    // The script the bundler wrote under another name: not silently left out.
    expect(() => inlineLaunchPage(parts({ script: { fileName: 'assets/launch-Other.js', code: '' } }))).toThrow(/expected one <script/);
  });
});

describe('the app page\'s files the launch page fetches ahead', () => {
  it('are what index.html loads before its script runs: the script, its module preloads and its stylesheet', () => {
    const index = `<head>
    <link rel="icon" href="favicon.svg" type="image/svg+xml" />
    <script type="module" crossorigin src="./assets/index-1.js"></script>
    <link rel="modulepreload" crossorigin href="./assets/jsxRuntime.module-2.js">
    <link rel="stylesheet" crossorigin href="./assets/index-3.css">
  </head>`;
    expect(appPageFiles(index)).toEqual([
      { href: './assets/index-1.js', as: 'script' },
      { href: './assets/jsxRuntime.module-2.js', as: 'script' },
      { href: './assets/index-3.css', as: 'style' },
    ]);
  });
});
