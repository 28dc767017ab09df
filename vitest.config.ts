import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';
import BrowserFilesSpreadSequencer from './tests/sequencer';

// Three kinds of test, one runner:
//   tests/**/*.test.ts        pure and Node-side (rules, loader over msw, CLI, sandbox)
//   tests/**/*.dom.test.tsx   the browser app under jsdom with the real fhirclient and msw
//   tests/e2e/**/*.e2e.test.ts  a real headless Chromium through a full SMART launch on the sandbox
const fhirclientBrowser = fileURLToPath(new URL('./node_modules/fhirclient/lib/entry/browser.js', import.meta.url));

export default defineConfig({
  plugins: [preact()],
  test: {
    // Most files wait on servers and a browser, not the CPU: three workers on two cores keep both busy (the default,
    // one fewer than the cores, ran the suite one file at a time).
    maxWorkers: 3,
    // Browser files start first and run beside the others, two at a time (tests/sequencer.ts, tests/e2e/browser-slots.ts).
    sequence: { sequencer: BrowserFilesSpreadSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          // A limit that stops a hang, not a timing claim: CI machines have 2 cores shared by three projects.
          testTimeout: 20_000,
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/e2e/**', 'tests/**/*.dom.test.*'],
        },
      },
      {
        extends: true,
        resolve: { alias: { fhirclient: fhirclientBrowser } },
        test: {
          name: 'dom',
          environment: 'jsdom',
          testTimeout: 20_000,
          include: ['tests/**/*.dom.test.{ts,tsx}'],
          setupFiles: ['tests/dom-teardown.ts'],
          server: { deps: { inline: ['fhirclient'] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          setupFiles: ['tests/e2e/browser-slots.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
