// Bulk files are per type, the rules want one patient at a time: lines are spread over temporary bucket files by a
// hash of the patient id, then each bucket (a few hundred patients) is read back alone and grouped in memory.
// Memory is bounded by the largest bucket plus the write buffer, whatever the size of the export.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Patients per bucket: a Synthea-sized patient is 1-3 MB of the types the app reads. */
export const PATIENTS_PER_BUCKET = 100;
/** Buffered bytes before the buffers are written out. */
const FLUSH_BYTES = 16 * 1024 * 1024;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export class PatientBuckets {
  readonly dir: string;
  private readonly buffers: string[][];
  private buffered = 0;

  constructor(readonly count: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'worklist-'));
    this.buffers = Array.from({ length: count }, () => []);
    for (let i = 0; i < count; i++) writeFileSync(this.file(i), '');
  }

  static forPatients(patients: number): PatientBuckets {
    return new PatientBuckets(Math.max(1, Math.ceil(patients / PATIENTS_PER_BUCKET)));
  }

  private file(index: number): string {
    return join(this.dir, `bucket-${index}.ndjson`);
  }

  /** One resource line of a patient; the line is the NDJSON line as exported (a JSON object). */
  add(patientId: string, line: string): void {
    const index = hash(patientId) % this.count;
    // The patient id travels with the line, so reading back does not depend on how the resource names it.
    this.buffers[index]!.push(`${JSON.stringify(patientId)}\t${line}\n`);
    this.buffered += line.length + patientId.length + 4;
    if (this.buffered > FLUSH_BYTES) this.flush();
  }

  flush(): void {
    this.buffers.forEach((lines, i) => {
      if (lines.length) appendFileSync(this.file(i), lines.join(''));
      this.buffers[i] = [];
    });
    this.buffered = 0;
  }

  /** Each bucket's patients with their resource lines, one bucket in memory at a time. */
  *patients(): Generator<[string, string[]]> {
    this.flush();
    for (let i = 0; i < this.count; i++) {
      const groups = new Map<string, string[]>();
      const text = readFileSync(this.file(i), 'utf8');
      let start = 0;
      while (start < text.length) {
        const end = text.indexOf('\n', start);
        const row = text.slice(start, end < 0 ? text.length : end);
        start = end < 0 ? text.length : end + 1;
        const tab = row.indexOf('\t');
        if (tab < 0) continue;
        const id = JSON.parse(row.slice(0, tab)) as string;
        const group = groups.get(id);
        if (group) group.push(row.slice(tab + 1));
        else groups.set(id, [row.slice(tab + 1)]);
      }
      yield* groups;
    }
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
