// startSandbox options: latency for benchmarks, and a clean close that frees the port.
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/server';

describe('startSandbox options', () => {
  it('adds latencyMs to FHIR responses only, and frees its port on close', async () => {
    const sandbox = await startSandbox({ port: 0, latencyMs: 600, includeSynthea: false, log: () => {} });
    const port = Number(new URL(sandbox.ehrUrl).port);
    try {
      let started = performance.now();
      expect((await fetch(`${sandbox.fhirBaseUrl}/metadata`)).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(590);
      started = performance.now();
      expect((await fetch(sandbox.ehrUrl)).status).toBe(200);
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      await sandbox.close();
    }
    // the port can be bound again once closed
    await new Promise<void>((resolve, reject) => {
      const probe = createServer().once('error', reject).listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });

  it('fails to start, without leaking a server, when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startSandbox({ port, includeSynthea: false, log: () => {} })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      blocker.close();
    }
  });

  it('logs one line and goes on when the Synthea folder is missing', async () => {
    const lines: string[] = [];
    const sandbox = await startSandbox({ port: 0, syntheaDir: '/nonexistent/synthea', log: (l) => lines.push(l) });
    try {
      expect(lines).toEqual([expect.stringContaining('Synthea fixtures not found')]);
      const page = await (await fetch(sandbox.ehrUrl)).text();
      expect(page).toContain('data-patient-id="vcf-osteoporotic"');
      expect(page).not.toContain('data-testid="synthea-patients"');
    } finally {
      await sandbox.close();
    }
  });
});
