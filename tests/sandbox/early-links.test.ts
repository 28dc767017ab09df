// The sandbox's Link headers on the app's pages (sandbox/http/early-links.ts, issue 22): what each page asks for first,
// read from the page itself, so the browser starts it as the headers arrive. Never what the page keeps inert (the
// launch page's links for the next page wait for discovery), never text inside a script, never another origin. The
// built launch page names nothing: its configuration preload is in its body.
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

  it('names nothing for the launch page as built: its configuration preload is its last line, left out on purpose', () => {
    // From the headers, the preload left while the page was still arriving and took a connection of its own on HTTP/1.1.
    const html = `<!doctype html><html><head><meta charset="utf-8">
      <link rel="icon" href="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" type="image/svg+xml" />
      <script type="module">const boot = 1;</script>
      <template id="app-page-files"><link rel="modulepreload" crossorigin href="./assets/index-abc.js"></template>
      </head><body><div id="app"></div><link rel="preload" href="smart-config.json" as="fetch" crossorigin /></body></html>`;
    expect(earlyLinks(html)).toBeUndefined();
  });

  it("names the app page's module script, its module preloads and its stylesheet", () => {
    const html = `<html><head>
      <script type="module" crossorigin src="./assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/jsxRuntime-def.js">
      <link rel="stylesheet" crossorigin href="./assets/index-ghi.css"></head><body></body></html>`;
    expect(earlyLinks(html)).toBe('<./assets/index-abc.js>; rel=modulepreload; crossorigin, <./assets/jsxRuntime-def.js>; rel=modulepreload; crossorigin, <./assets/index-ghi.css>; rel=preload; as=style; crossorigin');
  });

  it('never names another origin, never lets a value inject a link, never sends what a header cannot carry', () => {
    const html = `<head>
      <link rel="stylesheet" href="/\\evil.example/x.css"><link rel="stylesheet" href="\\\\evil.example/y.css">
      <link rel="preload" href="a.json" as="x, <https://evil.example/>; rel=preload">
      <link rel="preload" href="b.json" as="fe
tch"><link rel="stylesheet" href="café.css"><link rel="stylesheet" href='q"uote.css'>
      <script>const s = '<!--';</script><link rel="stylesheet" href="after-script.css">
      <link rel="stylesheet" href="first.css" href="https://evil.example/second.css">
      <link rel="modulepreload" href="m.js" crossorigin="use-credentials"></head>`;
    expect(earlyLinks(html)).toBe('<after-script.css>; rel=preload; as=style, <first.css>; rel=preload; as=style, <m.js>; rel=modulepreload; crossorigin=use-credentials');
  });

  it('leaves out other origins and hrefs that would break the header; nothing to name is no header', () => {
    const html = `<head><link rel="stylesheet" href="https://cdn.example/x.css"><link rel="stylesheet" href="//cdn.example/y.css">
      <link rel="preload" href="a.json>; rel=preload" as="fetch"><script src="classic.js"></script></head>`;
    expect(earlyLinks(html)).toBeUndefined();
    expect(earlyLinks('<p>no head</p>')).toBeUndefined();
  });
});
