import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { contentSecurityPolicy } from './build-tools/csp.ts';
import { launchPageBuild } from './build-tools/launch-page-build.ts';
import { withoutLaunchOnlyFunctions } from './build-tools/completing-smart.ts';

// Two pages: launch.html (the SMART launch URL) and index.html (the redirect URI). base './' keeps every
// asset and smart-config.json relative, so the built app works under any path. The app build bundles index.html;
// launch.html is built by a pass of its own and written with its script and stylesheet inline (build-tools/).

/** The policy (build-tools/csp.ts) injected as both pages' first <meta>; the launch page's build adds its hashes. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'kyphoplasty:content-security-policy',
    transformIndexHtml: {
      order: 'pre',
      handler: (_html, context) => [
        {
          tag: 'meta',
          // The dev server injects CSS as <style> elements; the built app page keeps the strict policy (CSS is a file).
          attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy({ devStyles: !!context.server }) },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}

/**
 * The app page's fhirclient without the half of its security module that only starts a launch (PKCE challenge,
 * private-key import, client-assertion signing: see src/app/completing-security.ts), nor authorize() and its discovery
 * of security extensions (build-tools/completing-smart.ts). The launch page's pass (launchPageBuild) does not run this
 * plugin: it keeps fhirclient's code.
 */
function appPageCompletesLaunch(): Plugin {
  const standIn = fileURLToPath(new URL('./src/app/completing-security.ts', import.meta.url));
  const appPageSecurity = /[\\/]fhirclient[\\/]lib[\\/]security[\\/]browser\.js$/;
  // And its authorize() side (build-tools/completing-smart.ts): the app page only calls ready().
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

/** fhirclient's own switch: drops its fetch and AbortController polyfills. Build only: in tests it makes fhirclient
 * capture fetch before msw patches it. */
const BUILD_DEFINE = { FHIRCLIENT_PURE: 'true' };
/**
 * Same idea for its webcrypto fallback: every supported browser has globalThis.crypto. And its `debug` logging, which
 * only a developer's localStorage.debug turns on (src/app/no-debug.cjs), and js-base64, whose three functions the
 * browser already has (src/app/base64.ts).
 */
const BUILD_ALIAS = {
  'isomorphic-webcrypto': fileURLToPath(new URL('./src/app/webcrypto.ts', import.meta.url)),
  debug: fileURLToPath(new URL('./src/app/no-debug.cjs', import.meta.url)),
  'js-base64': fileURLToPath(new URL('./src/app/base64.ts', import.meta.url)),
};
const TARGET = 'es2022';

export default defineConfig(({ command }) => ({
  base: './',
  plugins: [
    appPageCompletesLaunch(),
    preact(),
    contentSecurityPolicyMeta(),
    // Both pages bundled with the same switches and aliases.
    launchPageBuild({ shared: () => ({ define: BUILD_DEFINE, resolve: { alias: BUILD_ALIAS }, target: TARGET }), plugins: () => [preact()] }),
  ],
  define: command === 'build' ? BUILD_DEFINE : {},
  resolve: command === 'build' ? { alias: BUILD_ALIAS } : {},
  server: { port: 4010, strictPort: true, host: 'localhost' },
  preview: { port: 4010, strictPort: true, host: 'localhost' },
  build: {
    target: TARGET,
    // Every browser the app supports (es2022) preloads modules natively: the polyfill would only add bytes.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      // launch.html: launchPageBuild.
      input: { index: 'index.html' },
    },
  },
}));
