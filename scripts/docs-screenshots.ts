// Regenerates the README's screenshots (docs/launcher.jpg, docs/panel.jpg) from the app as it is: builds it, starts
// the sandbox on loopback without Synthea, and drives Debian's Chromium (or $CHROMIUM_PATH).
//   node node_modules/tsx/dist/cli.mjs scripts/docs-screenshots.ts
// The panel is the textbook candidate (vcf-osteoporotic) in a second launch: the first launch confirmed the two
// things only the physician can and saved the note and the answers; the second shows the last saved evaluation above
// the card and applies the saved answers. Everything stops by itself; the build goes to a temporary folder.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { startSandbox } from '../sandbox/server';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PATIENT = 'vcf-osteoporotic';
const TIMEOUT = 30_000;

function chromiumPath(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!found) throw new Error('no Chromium at /usr/bin/chromium or $CHROMIUM_PATH');
  return found;
}

async function newPage(browser: Browser, width: number, height: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  return page;
}

async function main() {
  const appDir = mkdtempSync(join(tmpdir(), 'kyphoplasty-docs-'));
  process.env.NODE_ENV = 'production';
  await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir: appDir, emptyOutDir: true } });
  // The README's ports when they are free (the launcher shows them), else any free ones.
  const sandbox = await startSandbox({ port: 4013, appPort: 4010, appDir, includeSynthea: false, log: () => {} })
    .catch(() => startSandbox({ port: 0, appPort: 0, appDir, includeSynthea: false, log: () => {} }));
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const ehr = sandbox.ehrUrl.replace(/\/$/, '');
    const launcher = await newPage(browser, 1280, 900);
    await launcher.goto(`${ehr}/`);
    await launcher.screenshot({ path: join(ROOT, 'docs/launcher.jpg'), type: 'jpeg', quality: 80 });
    await launcher.context().close();

    const launch = `${ehr}/launch?launch=ehr:${PATIENT}&sim=none`;
    const first = await newPage(browser, 1280, 860);
    await first.goto(launch);
    await first.locator('[data-testid="verdict"] [data-status]').waitFor();
    for (const field of ['imagingConfirmsAcute', 'painAttributable']) await first.check(`[data-testid="verdict"] [data-field="${field}"] input[value="yes"]`);
    await first.locator('[data-testid="note-preview"]:has-text("Evaluated by Dr. Robin Sandbox")').waitFor();
    await first.locator('[data-action="save-answers"]').click();
    await first.locator('[data-testid="answers-write"][data-state="saved"]').waitFor();
    await first.locator('[data-action="save-note"]').click();
    await first.locator('[data-testid="note-write"][data-state="saved"]').waitFor();
    await first.context().close();

    const second = await newPage(browser, 1280, 860);
    await second.goto(launch);
    await second.locator('[data-testid="verdict"] [data-status]').waitFor();
    await second.locator('[data-action="resume-answers"]').click();
    await second.locator('[data-testid="last-evaluation"][data-same="yes"]').waitFor();
    // The click scrolled the card's column to the button: back to the top of every scrolling box, as on arrival.
    await second.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      for (const box of [document.scrollingElement, ...document.querySelectorAll('*')]) if (box && box.scrollTop) box.scrollTop = 0;
    });
    await second.screenshot({ path: join(ROOT, 'docs/panel.jpg'), type: 'jpeg', quality: 80 });
    await second.context().close();
    console.log('Wrote docs/launcher.jpg and docs/panel.jpg');
  } finally {
    await browser.close();
    await sandbox.close();
    rmSync(appDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
