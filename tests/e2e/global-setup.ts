// Builds the app once for the browser tests, into test-artifacts/app (ignored by git).
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { chromiumPath, browserRequired } from './chromium';

export const BUILT_APP_DIR = fileURLToPath(new URL('../../test-artifacts/app/', import.meta.url));

export default async function setup() {
  if (!chromiumPath() && !browserRequired) return;
  // The browser tests drive what ships: Vite writes NODE_ENV into the bundle, and under vitest it is "test", which
  // changes fhirclient (its caches refetch in test mode). Built as production, then restored for the tests.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
      logLevel: 'warn',
      mode: 'production',
      build: { outDir: BUILT_APP_DIR, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
