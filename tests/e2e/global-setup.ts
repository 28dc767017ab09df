// Builds the app once for the browser tests, into test-artifacts/app (ignored by git).
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { chromiumPath, browserRequired } from './chromium';

export const BUILT_APP_DIR = fileURLToPath(new URL('../../test-artifacts/app/', import.meta.url));

export default async function setup() {
  if (!chromiumPath() && !browserRequired) return;
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    build: { outDir: BUILT_APP_DIR, emptyOutDir: true },
  });
}
