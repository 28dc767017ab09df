// Export jobs of the async pattern: kicked off (202 + Content-Location), polled (202 with X-Progress and
// Retry-After until done, then 200 with the manifest), files downloaded with the token, DELETE cancels.
// Everything lives in memory; a job is forgotten when cancelled or when the sandbox stops.
import { randomBytes } from 'node:crypto';
import type { BulkSimulation } from './simulations';

export interface ExportFile {
  type: string;
  name: string;
  lines: string[];
}

export interface ExportJob {
  id: string;
  clientId: string;
  simulation: BulkSimulation;
  /** The kick-off URL, echoed in the manifest's `request`. */
  request: string;
  transactionTime: string;
  output: ExportFile[];
  errors: ExportFile[];
  /** Status polls answered so far (the first ones say "in progress"). */
  polls: number;
  /** Simulations: how many status polls still answer 429, or 500, and downloads 500. */
  tooManyLeft: number;
  transientStatusLeft: number;
  transientDownloadLeft: number;
}

/** Lines per NDJSON file: a type larger than this is split over several files, as real servers do. */
export const LINES_PER_FILE = 2000;

export function splitIntoFiles(type: string, lines: string[], startIndex: number): ExportFile[] {
  const files: ExportFile[] = [];
  for (let i = 0; i === 0 || i < lines.length; i += LINES_PER_FILE) {
    files.push({ type, name: `${startIndex + files.length + 1}.${type}.ndjson`, lines: lines.slice(i, i + LINES_PER_FILE) });
  }
  return files;
}

export class JobStore {
  private readonly jobs = new Map<string, ExportJob>();

  add(job: Omit<ExportJob, 'id' | 'polls'>): ExportJob {
    const id = randomBytes(12).toString('base64url');
    const created = { ...job, id, polls: 0 };
    this.jobs.set(id, created);
    return created;
  }

  get(id: string): ExportJob | undefined {
    return this.jobs.get(id);
  }

  delete(id: string): boolean {
    return this.jobs.delete(id);
  }
}
