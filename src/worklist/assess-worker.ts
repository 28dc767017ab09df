// A worker thread of the assessment pool (./pool.ts): parses one patient's NDJSON lines, reads them with the bundle
// path's reader and assesses them (./evaluate.ts), and answers with the worklist row. Pure work, no I/O.
import { parentPort, workerData } from 'node:worker_threads';
import type { Json } from '../fhir/narrow';
import { evaluateRow, type PatientJob } from './evaluate';

const { asOf, medications } = workerData as { asOf: string; medications: Array<[string, Json]> };
const medicationMap = new Map(medications);

parentPort!.on('message', (job: PatientJob & { seq: number }) => {
  parentPort!.postMessage({ seq: job.seq, row: evaluateRow(job, medicationMap, asOf) });
});
