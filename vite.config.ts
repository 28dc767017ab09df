import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { withoutLaunchOnlyFunctions } from './scripts/build/completing-smart.ts';

// Two pages: launch.html (the SMART launch URL) and index.html (the redirect URI). base './' keeps every
// asset and smart-config.json relative, so the built app works under any path.

/**
 * One Content-Security-Policy for both pages, injected as their first <meta> so the two cannot drift apart.
 * connect-src must reach any FHIR server an EHR names (https) and the local sandbox.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'kyphoplasty:content-security-policy',
    transformIndexHtml: {
      order: 'pre',
      handler: (_html, context) => [
        {
          tag: 'meta',
          // The dev server injects CSS as <style> elements; the built pages keep the strict policy (CSS is a file).
          attrs: { 'http-equiv': 'Content-Security-Policy', content: context.server ? CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") : CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

/**
 * The launch page fetches the app page's script while the physician signs in: the redirect back to index.html then
 * finds it in the HTTP cache (assets/ are immutable) instead of starting a round trip for it (issue 12). `prefetch`,
 * not `modulepreload`: a module preload holds the launch page's load event until the app's script has arrived, and the
 * script is for the next page, not this one.
 */
function preloadAppPageFromLaunchPage(): Plugin {
  return {
    name: 'kyphoplasty:preload-app-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) => {
        if (!context.bundle || !context.filename.endsWith('launch.html')) return [];
        const appEntry = Object.values(context.bundle).find((output) => output.type === 'chunk' && output.isEntry && output.facadeModuleId?.endsWith('/index.html'));
        if (!appEntry || appEntry.type !== 'chunk') return [];
        // With the chunks it imports that this page does not load itself (Preact's, which the app page's lazy chunks
        // share): all the app page loads first.
        const own = new Set(context.chunk?.imports ?? []);
        return [appEntry.fileName, ...appEntry.imports.filter((file) => !own.has(file))].map((file) => ({ tag: 'link', attrs: { rel: 'prefetch', as: 'script', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const }));
      },
    },
  };
}

/**
 * The launch page's modules as copies of their own (issue 22). Built together, the two pages would share one chunk of
 * everything both import (fhirclient, Preact, the configuration and launch-binding code): the app page would fetch the
 * launch page's authorize() side too, and its own code in three files instead of one. Every module the launch page's
 * entry reaches is resolved under a `?launch-page` id instead, so the bundler sees two graphs: the app page gets one
 * script with only what it uses (the browser budget counts every script fetched before the verdict: 60 KB gzip), the
 * launch page a script of its own (still under its 27 KB). The stylesheet and the bundler's helpers stay shared.
 */
function separateLaunchPageGraph(): Plugin {
  const SUFFIX = '?launch-page';
  const entry = fileURLToPath(new URL('./launch/main.ts', import.meta.url));
  return {
    name: 'kyphoplasty:separate-launch-page-graph',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || (importer !== entry && !importer.endsWith(SUFFIX))) return null;
      const resolved = await this.resolve(source, importer.replace(SUFFIX, ''), { ...options, skipSelf: true });
      // Virtual modules (the bundler's and Vite's helpers), files already carrying a query and stylesheets stay shared.
      if (!resolved || resolved.external || resolved.id.includes('\0') || resolved.id.includes('?') || resolved.id.endsWith('.css')) return resolved;
      return { ...resolved, id: `${resolved.id}${SUFFIX}` };
    },
    load(id) {
      return id.endsWith(SUFFIX) ? readFileSync(id.slice(0, -SUFFIX.length), 'utf8') : null;
    },
  };
}

/**
 * The app page's fhirclient without the half of its security module that only starts a launch (PKCE challenge,
 * private-key import, client-assertion signing: see src/app/completing-security.ts), nor authorize() and its discovery
 * of security extensions (scripts/build/completing-smart.ts). Swapped when the module is loaded,
 * not when it is resolved: the launch page's copy has its own id (`?launch-page`, separateLaunchPageGraph) and keeps
 * fhirclient's code, whichever page the bundler resolves first (a resolve-time swap could be cached for both).
 */
function appPageCompletesLaunch(): Plugin {
  const standIn = fileURLToPath(new URL('./src/app/completing-security.ts', import.meta.url));
  const appPageSecurity = /[\\/]fhirclient[\\/]lib[\\/]security[\\/]browser\.js$/;
  // And its authorize() side (scripts/build/completing-smart.ts): the app page only calls ready().
  const appPageSmart = /[\\/]fhirclient[\\/]lib[\\/]smart\.js$/;
  return {
    name: 'kyphoplasty:app-page-completes-launch',
    apply: 'build',
    enforce: 'pre',
    load(id) {
      if (appPageSecurity.test(id)) return `export * from ${JSON.stringify(standIn)};`;
      if (appPageSmart.test(id)) return withoutLaunchOnlyFunctions(readFileSync(id, 'utf8'));
      return null;
    },
  };
}

export default defineConfig(({ command }) => ({
  base: './',
  plugins: [separateLaunchPageGraph(), appPageCompletesLaunch(), preact(), contentSecurityPolicy(), preloadAppPageFromLaunchPage()],
  // fhirclient's own switch: drops its fetch and AbortController polyfills. Build only: in tests it makes
  // fhirclient capture fetch before msw patches it.
  define: command === 'build' ? { FHIRCLIENT_PURE: 'true' } : {},
  // Same idea for its webcrypto fallback: every supported browser has globalThis.crypto.
  // And its `debug` logging, which only a developer's localStorage.debug turns on (src/app/no-debug.cjs), and
  // js-base64, whose three functions the browser already has (src/app/base64.ts).
  resolve: command === 'build'
    ? { alias: { 'isomorphic-webcrypto': fileURLToPath(new URL('./src/app/webcrypto.ts', import.meta.url)), debug: fileURLToPath(new URL('./src/app/no-debug.cjs', import.meta.url)), 'js-base64': fileURLToPath(new URL('./src/app/base64.ts', import.meta.url)) } }
    : {},
  server: { port: 4010, strictPort: true, host: 'localhost' },
  preview: { port: 4010, strictPort: true, host: 'localhost' },
  build: {
    target: 'es2022',
    // Every browser the app supports (es2022) preloads modules natively: the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { index: 'index.html', launch: 'launch.html' },
    },
  },
}));
