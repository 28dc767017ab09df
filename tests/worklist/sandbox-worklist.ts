// One sandbox for the worklist tests (started once per file: about 5 s), its generated Backend Services key on disk,
// and a runner for the worklist's main() against /fhir or a /bulk-sim/<name>/fhir base.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { localCalendarDay } from '../../src/clinical/dates';
import { main } from '../../src/worklist/main';
import type { WorklistRow } from '../../src/worklist/rows';

export interface WorklistRun {
  code: number;
  stderr: string;
  rows: WorklistRow[];
  out: string;
}

export class SandboxWorklist {
  readonly today = new Date();
  readonly asOf = localCalendarDay(this.today);
  readonly dir = mkdtempSync(join(tmpdir(), 'worklist-test-'));
  sandbox!: RunningSandbox;
  keyFile!: string;

  async start(): Promise<void> {
    this.sandbox = await startSandbox({ port: 0, log: () => {}, today: this.today, bulk: { retryAfterSeconds: 0 } });
    this.keyFile = join(this.dir, 'key.json');
    writeFileSync(this.keyFile, JSON.stringify(this.sandbox.bulk.privateJwk));
  }

  async stop(): Promise<void> {
    await this.sandbox?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  base(simulation?: string): string {
    return simulation ? this.sandbox.fhirBaseUrl.replace(/\/fhir$/, `/bulk-sim/${simulation}/fhir`) : this.sandbox.fhirBaseUrl;
  }

  /** The arguments `npm start` prints, pointed at `base`, with an output folder of its own. */
  args(out: string, base = this.base()): string[] {
    const { bulk } = this.sandbox;
    return ['--fhir', base, '--group', bulk.groupId, '--client-id', bulk.clientId, '--key', this.keyFile, '--as-of', this.asOf, '--out', out];
  }

  async run(argv: string[], signal?: AbortSignal): Promise<WorklistRun> {
    let stderr = '';
    const out = argv[argv.indexOf('--out') + 1] ?? '';
    const code = await main(argv, { stderr: (t) => void (stderr += t), progress: (l) => void (stderr += `${l}\n`), ...(signal ? { signal } : {}) });
    let rows: WorklistRow[] = [];
    try {
      rows = readFileSync(join(out, 'worklist.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as WorklistRow);
    } catch {
      // no output (an error run)
    }
    return { code, stderr, rows, out };
  }

  async simulate(simulation: string | undefined, extra: string[] = []): Promise<WorklistRun> {
    return this.run([...this.args(join(this.dir, simulation ?? 'plain'), this.base(simulation)), ...extra]);
  }
}
