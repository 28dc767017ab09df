// assess() per patient, in worker threads when the cohort is large enough to pay for them (a worker costs about a
// second to start: the engine is loaded in each), else in this thread. Patients are handed out as the buckets are
// read, with a bounded number in flight, so memory stays bounded whatever the cohort size.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Json } from '../fhir/narrow';
import { evaluateRow, type PatientJob } from './evaluate';
import type { WorklistRow } from './rows';

/** Below this many patients, one thread is faster than starting workers. */
export const WORKERS_FROM_PATIENTS = 50;
const IN_FLIGHT_PER_WORKER = 4;

export function defaultWorkers(cohort: number): number {
  if (cohort < WORKERS_FROM_PATIENTS) return 0;
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export class AssessPool {
  private readonly workers: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (row: WorklistRow) => void; reject: (error: Error) => void }>();
  private readonly inFlight = new Set<Promise<WorklistRow>>();
  private seq = 0;
  private next = 0;
  readonly rows: WorklistRow[] = [];

  constructor(
    count: number,
    private readonly medications: ReadonlyMap<string, Json>,
    private readonly asOf: string,
  ) {
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL('./assess-worker-entry.mjs', import.meta.url), { workerData: { asOf, medications: [...medications] } });
      worker.on('message', (answer: { seq: number; row: WorklistRow }) => {
        this.pending.get(answer.seq)?.resolve(answer.row);
        this.pending.delete(answer.seq);
      });
      worker.on('error', (error) => this.failAll(error));
      worker.unref();
      this.workers.push(worker);
    }
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Queues one patient; waits while too many are in flight. */
  async submit(job: PatientJob): Promise<void> {
    if (this.workers.length === 0) {
      this.rows.push(evaluateRow(job, this.medications, this.asOf));
      return;
    }
    const seq = this.seq++;
    const worker = this.workers[this.next++ % this.workers.length]!;
    const promise = new Promise<WorklistRow>((resolve, reject) => this.pending.set(seq, { resolve, reject }));
    worker.postMessage({ ...job, seq });
    const tracked = promise.then((row) => {
      this.rows.push(row);
      this.inFlight.delete(tracked);
      return row;
    });
    tracked.catch(() => undefined); // the rejection reaches the caller through race or finish
    this.inFlight.add(tracked);
    if (this.inFlight.size >= this.workers.length * IN_FLIGHT_PER_WORKER) await Promise.race(this.inFlight);
  }

  /** Every row, once every patient is answered; the workers are stopped. */
  async finish(): Promise<WorklistRow[]> {
    try {
      await Promise.all(this.inFlight);
      return this.rows;
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
