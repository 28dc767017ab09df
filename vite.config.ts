import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

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
        return [{ tag: 'link', attrs: { rel: 'prefetch', as: 'script', crossorigin: true, href: `./${appEntry.fileName}` }, injectTo: 'head' }];
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  base: './',
  plugins: [preact(), contentSecurityPolicy(), preloadAppPageFromLaunchPage()],
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
