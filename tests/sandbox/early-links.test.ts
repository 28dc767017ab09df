// The sandbox's Link headers on the app's pages (sandbox/http/early-links.ts, issue 22): what each page asks for first,
// read from the page itself, so the browser starts it as the headers arrive. Never what the page keeps inert (the
// launch page's prefetches for the next page wait for discovery), never text inside a script, never another origin.
import { describe, expect, it } from 'vitest';
import { earlyLinks } from '../../sandbox/http/early-links';

describe('early Link headers from a page', () => {
  it("names the launch page's configuration preload, not the prefetches it keeps in a template nor words in its script", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
      <!-- <link rel="preload" href="commented.json" as="fetch"> -->
      <link rel="icon" href="favicon.svg" type="image/svg+xml" />
      <link rel="preload" href="smart-config.json" as="fetch" crossorigin />
      <script type="module">const s = '<link rel="stylesheet" href="in-script.css">';</script>
      <template id="app-page-files"><link rel="prefetch" as="script" crossorigin href="./assets/index-abc.js"></template>
      <style>.boot{}</style></head><body><link rel="stylesheet" href="body.css"></body></html>`;
    expect(earlyLinks(html)).toBe('<smart-config.json>; rel=preload; as=fetch; crossorigin');
  });

  it("names the app page's module script, its module preloads and its stylesheet", () => {
    const html = `<html><head>
      <script type="module" crossorigin src="./assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/jsxRuntime-def.js">
      <link rel="stylesheet" crossorigin href="./assets/index-ghi.css"></head><body></body></html>`;
    expect(earlyLinks(html)).toBe('<./assets/index-abc.js>; rel=modulepreload; crossorigin, <./assets/jsxRuntime-def.js>; rel=modulepreload; crossorigin, <./assets/index-ghi.css>; rel=preload; as=style; crossorigin');
  });

  it('leaves out other origins and hrefs that would break the header; nothing to name is no header', () => {
    const html = `<head><link rel="stylesheet" href="https://cdn.example/x.css"><link rel="stylesheet" href="//cdn.example/y.css">
      <link rel="preload" href="a.json>; rel=preload" as="fetch"><script src="classic.js"></script></head>`;
    expect(earlyLinks(html)).toBeUndefined();
    expect(earlyLinks('<p>no head</p>')).toBeUndefined();
  });
});
