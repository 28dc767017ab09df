// `npm run cds` runs the service alone; the sandbox (what `npm start` runs) starts it beside itself
// with --cds-port and prints its discovery URL with the others. Both stop on Ctrl-C.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = 'node_modules/tsx/dist/cli.mjs';

async function runUntil(args: string[], marker: RegExp, check: (match: RegExpExecArray, output: () => string) => Promise<void>) {
  const child = spawn(process.execPath, [tsx, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += String(chunk); });
  child.stderr.on('data', (chunk) => { output += String(chunk); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!marker.test(output) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    const match = marker.exec(output);
    expect(match, output).not.toBeNull();
    await check(match!, () => output);
  } finally {
    child.kill('SIGINT');
  }
  expect(await exited).toBe(0);
}

async function serviceIds(discoveryUrl: string): Promise<string[]> {
  const res = await fetch(discoveryUrl);
  return ((await res.json()) as { services: Array<{ id: string }> }).services.map((s) => s.id);
}

describe('starting the CDS service', () => {
  it('runs alone and prints its discovery URL', async () => {
    await runUntil(['cds/main.ts', '--port', '0'], /CDS Hooks: +(http:\/\/localhost:\d+\/cds-services)\n/, async (match) => {
      expect(await serviceIds(match[1]!)).toEqual(['kyphoplasty-order-select', 'kyphoplasty-order-sign']);
    });
  }, 90_000);

  it('starts beside the sandbox with --cds-port, its URL printed with the others', async () => {
    await runUntil(['sandbox/main.ts', '--port', '0', '--no-synthea', '--cds-port', '0'], /CDS Hooks: +(http:\/\/localhost:\d+\/cds-services)\n/, async (match, output) => {
      expect(output()).toMatch(/Launcher: +http:\/\/localhost:\d+\/\nCDS Hooks: /);
      expect(await serviceIds(match[1]!)).toHaveLength(2);
    });
  }, 90_000);
});
