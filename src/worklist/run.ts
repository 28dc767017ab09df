// The worklist, cohort first (issue 21):
//   stage 1  export Patient and Condition of the group (or the listed patients); keep the patients with a recent,
//            undated or nonunion vertebral fracture, or any on the malignant pathway (./cohort.ts)
//   stage 2  export every type the app reads (src/fhir/read-types.ts) for those patients only: the `patient`
//            parameter of $export, else the whole group filtered here (the volume is stated)
//   evaluate group the lines per patient through temporary buckets, read each patient's Bundle with the bundle
//            path's reader, add the export's gaps, assess() (./evaluate.ts)
//   write    worklist.csv, worklist.ndjson, worklist.html (./output.ts)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ENGINE_VERSION, SPEC_VERSION } from '../clinical/version';
import { rawString, type Json } from '../fhir/narrow';
import { READ_RESOURCE_TYPES } from '../fhir/read-types';
import type { WorklistOptions } from './args';
import { BackendToken, discoverTokenUrl, loadSigningKey } from './backend-auth';
import { BulkClient, PatientParameterRefused, type KickOffRequest } from './bulk-client';
import { PatientBuckets } from './buckets';
import { CohortBuilder } from './cohort';
import { WorklistError } from './errors';
import { runExport, type ExportResult } from './export-run';
import { gapsFor, type ExportGap } from './gaps';
import { AssessPool, defaultWorkers } from './pool';
import { csvText, htmlText, ndjsonText, type WorklistSummary } from './output';
import { patientIdOf } from './patient-of';
import type { WorklistRow } from './rows';


export interface WorklistIo {
  progress: (line: string) => void;
  signal: AbortSignal;
}

export interface WorklistResult {
  rows: WorklistRow[];
  summary: WorklistSummary;
  files: { csv: string; ndjson: string; html: string };
  /** Milliseconds per phase, and what was read (bench). */
  timing: { stage1Ms: number; stage2Ms: number; evaluateMs: number; writeMs: number };
  volume: { stage1Resources: number; stage2Resources: number; stage2Kept: number; stage2Bytes: number };
}

const STAGE1_TYPES = ['Patient', 'Condition'] as const;
const VERDICT_RANK = { candidate: 0, 'needs-information': 1, 'not-candidate': 2 } as const;

async function readPatientList(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new WorklistError(`cannot read the patient list ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const ids = text.split(/\r?\n/).map((l) => l.trim().replace(/^Patient\//, '')).filter((l) => l && !l.startsWith('#'));
  const bad = ids.find((id) => !/^[A-Za-z0-9\-.]{1,64}$/.test(id));
  if (bad !== undefined) throw new WorklistError(`the patient list ${file} has a line that is not a FHIR id: "${bad.slice(0, 80)}"`);
  if (ids.length === 0) throw new WorklistError(`the patient list ${file} names no patient`);
  return [...new Set(ids)];
}

/** Where the population lives: the Group's export, or Patient/$export restricted to a list. */
function exportPath(options: WorklistOptions): string {
  return options.population.kind === 'group' ? `Group/${encodeURIComponent(options.population.id)}/$export` : 'Patient/$export';
}

const filtersFor = (filters: readonly string[], types: readonly string[]) => filters.filter((f) => types.includes(f.split('?')[0]!));

/** An export restricted to `patients`; when the server refuses the parameter, the whole population, filtered here. */
async function exportFor(
  client: BulkClient,
  kick: KickOffRequest,
  label: string,
  io: WorklistIo,
  onResource: (resource: Json, type: string, line: string) => void,
): Promise<ExportResult & { filteredLocally: boolean }> {
  try {
    return { ...(await runExport(client, kick, label, io.progress, onResource)), filteredLocally: false };
  } catch (error) {
    if (!(error instanceof PatientParameterRefused) || !kick.patients) throw error;
    io.progress(`${label}: the server refused the patient parameter (${error.message}); exporting the whole population and keeping only the listed patients here`);
    const { patients: _all, ...whole } = kick;
    return { ...(await runExport(client, whole, label, io.progress, onResource)), filteredLocally: true };
  }
}

export async function runWorklist(options: WorklistOptions, io: WorklistIo): Promise<WorklistResult> {
  const listed = options.population.kind === 'patients' ? await readPatientList(options.population.file) : undefined;
  const listedSet = listed ? new Set(listed) : undefined;
  const signing = await loadSigningKey(options.keyFile);
  const tokenUrl = options.tokenUrl ?? (await discoverTokenUrl(options.fhirBase));
  const token = new BackendToken(signing, options.clientId, tokenUrl, options.scope);
  await token.get();
  io.progress(`token: granted by ${tokenUrl} (${options.scope})`);
  const client = new BulkClient({ fhirBase: options.fhirBase, token, signal: io.signal, progress: io.progress, maxWaitMs: options.maxWaitMs });
  const path = exportPath(options);

  // ---- stage 1: Patient and Condition, the cohort ----
  const t0 = performance.now();
  const birthDates = new Map<string, string>();
  const population = new Set<string>();
  const cohort = new CohortBuilder(options.asOf, birthDates);
  const inScope = (id: string | undefined): id is string => id !== undefined && (!listedSet || listedSet.has(id));
  const stage1 = await exportFor(
    client,
    { path, types: STAGE1_TYPES, ...(options.since ? { since: options.since } : {}), typeFilters: filtersFor(options.typeFilters, STAGE1_TYPES), ...(listed ? { patients: listed } : {}) },
    'stage 1',
    io,
    (resource) => {
      const id = patientIdOf(resource);
      if (!inScope(id)) return;
      if (resource.resourceType === 'Patient') {
        population.add(id);
        const birthDate = rawString(resource.birthDate);
        if (birthDate) birthDates.set(id, birthDate);
      } else if (resource.resourceType === 'Condition') {
        cohort.add(resource, id);
      }
    },
  );
  const runGaps: string[] = [];
  const carried: ExportGap[] = [];
  for (const gap of stage1.gaps) {
    // No Conditions at all (the type dropped, or its file lost): there is no cohort to find.
    const fatal = gap.patient === undefined && gap.types.includes('Condition') && (gap.kind === 'missing-type' || gap.kind === 'download');
    if (fatal) throw new WorklistError(`stage 1 cannot find the cohort: ${gap.text}`);
    runGaps.push(`stage 1: ${gap.text}`);
    if (gap.types.includes('Condition')) {
      carried.push({ ...gap, types: ['Condition'] });
      if (gap.patient && inScope(gap.patient)) cohort.keep(gap.patient);
    }
  }
  for (const line of runGaps) io.progress(`warning: ${line}`);
  const entries = cohort.list();
  const stage1Ms = performance.now() - t0;
  io.progress(`cohort: ${entries.length} of ${population.size || 'the'} patients have a vertebral fracture to review (recent, undated, nonunion, or on the malignant pathway)`);

  // ---- stage 2: every type the app reads, for the cohort only ----
  const t1 = performance.now();
  const cohortIds = new Set(entries.map((e) => e.id));
  const buckets = PatientBuckets.forPatients(entries.length);
  const medications = new Map<string, Json>();
  let kept = 0;
  let stage2: (ExportResult & { filteredLocally: boolean }) | undefined;
  try {
    if (entries.length > 0) {
      stage2 = await exportFor(
        client,
        { path, types: READ_RESOURCE_TYPES, typeFilters: filtersFor(options.typeFilters, READ_RESOURCE_TYPES), patients: [...cohortIds] },
        'stage 2',
        io,
        (resource, _type, line) => {
          if (resource.resourceType === 'Medication') {
            const id = rawString(resource.id);
            if (id) medications.set(`Medication/${id}`, resource);
            return;
          }
          const id = patientIdOf(resource);
          if (id === undefined || !cohortIds.has(id)) return;
          kept++;
          buckets.add(id, line);
        },
      );
      if (stage2.filteredLocally) {
        io.progress(`stage 2: filtered here: kept ${kept.toLocaleString('en-US')} of ${stage2.resources.toLocaleString('en-US')} resources (${(stage2.bytes / 1048576).toFixed(1)} MB read) for ${entries.length} patients`);
      }
    }
    const stage2Ms = performance.now() - t1;

    // ---- evaluate ----
    const t2 = performance.now();
    const gaps = [...carried, ...(stage2?.gaps ?? [])];
    const byId = new Map(entries.map((e) => [e.id, e] as const));
    const workers = options.workers ?? defaultWorkers(entries.length);
    const pool = new AssessPool(workers, medications, options.asOf);
    let rows: WorklistRow[];
    try {
      if (entries.length > 0) {
        for (const [id, lines] of buckets.patients()) {
          if (io.signal.aborted) throw new WorklistError('interrupted while assessing; no worklist was written');
          const entry = byId.get(id);
          if (!entry) continue;
          byId.delete(id);
          await pool.submit({ entry, lines, gaps: gapsFor(gaps, id) });
        }
        // Patients the export returned nothing for: assessed on an empty record, with the gap that says so.
        for (const entry of byId.values()) await pool.submit({ entry, lines: [], gaps: gapsFor(gaps, entry.id) });
      }
      rows = await pool.finish();
    } finally {
      await pool.close();
    }
    rows.sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || (b.onset ?? '').localeCompare(a.onset ?? '') || a.id.localeCompare(b.id));
    const evaluateMs = performance.now() - t2;
    io.progress(`evaluate: ${rows.length} patients assessed in ${(evaluateMs / 1000).toFixed(1)} s (${workers ? `${workers} worker thread${workers > 1 ? 's' : ''}` : 'one thread'})`);

    // ---- write ----
    const t3 = performance.now();
    const outDir = resolve(options.outDir);
    await mkdir(outDir, { recursive: true });
    const summary: WorklistSummary = {
      asOf: options.asOf,
      generated: new Date().toISOString(),
      source: `${options.fhirBase}/${path}`,
      population: population.size || undefined,
      cohort: entries.length,
      runGaps,
      ruleVersion: SPEC_VERSION,
      appVersion: ENGINE_VERSION,
    };
    const files = { csv: join(outDir, 'worklist.csv'), ndjson: join(outDir, 'worklist.ndjson'), html: join(outDir, 'worklist.html') };
    // Patient data: readable by the user who ran the worklist only, like the EHR's own report files.
    await writeFile(files.csv, csvText(rows), { mode: 0o600 });
    await writeFile(files.ndjson, ndjsonText(rows), { mode: 0o600 });
    await writeFile(files.html, htmlText(rows, summary, options.launchUrl), { mode: 0o600 });
    const writeMs = performance.now() - t3;
    const counts = (['candidate', 'needs-information', 'not-candidate'] as const).map((v) => `${rows.filter((r) => r.verdict === v).length} ${v}`).join(', ');
    io.progress(`wrote ${files.csv}, ${files.ndjson}, ${files.html} (${counts})`);
    return {
      rows,
      summary,
      files,
      timing: { stage1Ms, stage2Ms, evaluateMs, writeMs },
      volume: { stage1Resources: stage1.resources, stage2Resources: stage2?.resources ?? 0, stage2Kept: kept, stage2Bytes: stage2?.bytes ?? 0 },
    };
  } finally {
    buckets.remove();
  }
}
