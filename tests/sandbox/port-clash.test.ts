// `npm start` on a port already in use ends with a message naming the flag to use, not a bare EADDRINUSE.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function runSandbox(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'sandbox/main.ts', '--no-synthea', ...args],
      { cwd: root, timeout: 30_000, env: { ...process.env, PORT: '', APP_PORT: '', ...env } },
      (error, _stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr }));
  });
}

describe('port clash', () => {
  let busy: Server;
  let port: number;
  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    port = (busy.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('names --port when the EHR port is taken', async () => {
    const { code, stderr } = await runSandbox(['--port', String(port), '--app-port', '0']);
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${port} is already in use (the sandbox EHR`);
    expect(stderr).toContain('npm start -- --port N');
  }, 40_000);

  it('names --app-port (and APP_PORT) when the app port is taken, read from the environment', async () => {
    const { code, stderr } = await runSandbox(['--port', '0', '--app-dir', 'public'], { APP_PORT: String(port) });
    expect(code).toBe(1);
    expect(stderr).toContain(`port ${port} is already in use (the app server)`);
    expect(stderr).toContain('--app-port N (or APP_PORT=N npm start)');
  }, 40_000);
});
