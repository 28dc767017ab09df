import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

// Two pages: launch.html (the SMART launch URL) and index.html (the redirect URI). base './' keeps every
// asset and smart-config.json relative, so the built app works under any path.

/**
 * The pages' CSP says style-src 'self'. The dev server injects CSS as <style> elements, so in dev only
 * the policy also allows inline styles; the built pages keep the strict policy (CSS is a file there).
 */
function devStyleCsp(): Plugin {
  return {
    name: 'kyphoplasty:dev-style-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig(({ command }) => ({
  base: './',
  plugins: [preact(), devStyleCsp()],
  // fhirclient's own switch: drops its fetch and AbortController polyfills. Build only: in tests it makes
  // fhirclient capture fetch before msw patches it.
  define: command === 'build' ? { FHIRCLIENT_PURE: 'true' } : {},
  // Same idea for its webcrypto fallback: every supported browser has globalThis.crypto.
  resolve: command === 'build' ? { alias: { 'isomorphic-webcrypto': fileURLToPath(new URL('./src/app/webcrypto.ts', import.meta.url)) } } : {},
  server: { port: 4010, strictPort: true, host: 'localhost' },
  preview: { port: 4010, strictPort: true, host: 'localhost' },
  build: {
    target: 'es2022',
    rolldownOptions: {
      input: { index: 'index.html', launch: 'launch.html' },
    },
  },
}));
