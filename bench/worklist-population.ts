// A generated population for the worklist bench (issue 21): the Synthea fixtures re-identified to N patients
// (patient i is fixture i mod 14 under the id bench-i), served by a minimal Bulk Data server that generates each
// NDJSON file as it is downloaded (nothing is held but the 14 templates). One patient in COHORT_EVERY gets a fresh
// vertebral fracture (onset 10 days ago), so the cohort is about 1% of the population, as cohort first expects.
// Backend Services tokens are the sandbox's (sandbox/bulk/tokens.ts).
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { generateBulkClient } from '../sandbox/bulk/registration';
import { BulkTokens } from '../sandbox/bulk/tokens';
import { patientOf } from '../sandbox/bulk/export-data';
import { DEFAULT_SYNTHEA_DIR, loadSyntheaFixtures } from '../sandbox/synthea/load-fixtures';
import { READ_RESOURCE_TYPES } from '../src/fhir/read-types';
import { addDays } from '../src/clinical/dates';

export const COHORT_EVERY = 100;
const PATIENTS_PER_FILE = 1000;
// Placeholders no FHIR id or reference contains (JSON.stringify would escape control characters).
const ID = '@@IDX@@';
const PAT = '@@PID@@';

interface Template {
  /** Per type, each resource line with the patient id and the resource id made placeholders. */
  lines: Map<string, string[]>;
}

function templateLine(resource: Record<string, unknown>, patientId: string): string {
  const text = JSON.stringify({ ...resource, id: `${String(resource.id)}-${ID}` });
  return text.split(`Patient/${patientId}`).join(`Patient/${PAT}`);
}

async function templates(today: Date): Promise<Template[]> {
  const loaded = await loadSyntheaFixtures(DEFAULT_SYNTHEA_DIR, today, () => {});
  if (loaded.length === 0) throw new Error(`no Synthea fixtures at ${DEFAULT_SYNTHEA_DIR}`);
  return loaded.map(({ patient, resources }) => {
    const lines = new Map<string, string[]>(READ_RESOURCE_TYPES.map((t) => [t, []]));
    for (const resource of resources as unknown as Array<Record<string, unknown> & { resourceType: string }>) {
      if (!lines.has(resource.resourceType) || resource.resourceType === 'Medication') continue;
      if (resource.resourceType === 'Patient') {
        lines.get('Patient')!.push(JSON.stringify({ ...resource, id: PAT }));
        continue;
      }
      if (patientOf(resource as never) !== patient.id) continue;
      lines.get(resource.resourceType)!.push(templateLine(resource, patient.id!));
    }
    return { lines };
  });
}

function freshFracture(asOf: string): string {
  return JSON.stringify({
    resourceType: 'Condition',
    id: `vcf-${ID}`,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA', display: 'Age-related osteoporosis with current pathological fracture, vertebra(e)' }] },
    subject: { reference: `Patient/${PAT}` },
    onsetDateTime: addDays(asOf, -10),
    recordedDate: addDays(asOf, -9),
  });
}

interface Job {
  types: string[];
  patients?: number[];
}

export interface BenchPopulation {
  fhirBase: string;
  tokenUrl: string;
  clientId: string;
  privateJwk: object;
  size: number;
  close(): Promise<void>;
}

export async function startBenchPopulation(size: number, today: Date, asOf: string): Promise<BenchPopulation> {
  const made = await templates(today);
  const fracture = freshFracture(asOf);
  const { client, privateJwk } = await generateBulkClient('bench-worklist');
  const server: Server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = new BulkTokens([client], `${origin}/token`, 3600);
  const jobs = new Map<string, Job>();

  async function body(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  function linesOf(i: number, type: string): string[] {
    const template = made[i % made.length]!;
    const out = template.lines.get(type) ?? [];
    return type === 'Condition' && i % COHORT_EVERY === 0 ? [...out, fracture] : out;
  }

  async function stream(res: ServerResponse, job: Job, type: string, chunk: number): Promise<void> {
    res.writeHead(200, { 'Content-Type': 'application/fhir+ndjson' });
    const ids = job.patients ?? Array.from({ length: size }, (_, i) => i);
    for (const i of ids.slice(chunk * PATIENTS_PER_FILE, (chunk + 1) * PATIENTS_PER_FILE)) {
      const id = `bench-${i}`;
      let text = '';
      for (const line of linesOf(i, type)) text += `${line.split(PAT).join(id).split(ID).join(String(i))}\n`;
      if (text && !res.write(text)) await once(res, 'drain');
    }
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/token') {
      const answer = await tokens.exchange(new URLSearchParams(await body(req))).catch((e: { error?: string }) => ({ error: e.error ?? 'invalid_client' }));
      res.writeHead('error' in answer ? 400 : 200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
      return;
    }
    const grant = tokens.check(req.headers.authorization);
    if (!grant || grant === 'expired') return void res.writeHead(401).end();
    if (url.pathname === '/fhir/Group/bench/$export') {
      const job: Job = { types: [] };
      if (req.method === 'POST') {
        const params = (JSON.parse(await body(req)) as { parameter: Array<{ name: string; valueString?: string; valueReference?: { reference: string } }> }).parameter;
        job.types = params.find((p) => p.name === '_type')?.valueString?.split(',') ?? [...READ_RESOURCE_TYPES];
        job.patients = params.filter((p) => p.name === 'patient').map((p) => Number(p.valueReference!.reference.replace('Patient/bench-', '')));
      } else {
        job.types = url.searchParams.get('_type')?.split(',') ?? [...READ_RESOURCE_TYPES];
      }
      const id = String(jobs.size + 1);
      jobs.set(id, job);
      return void res.writeHead(202, { 'Content-Location': `${origin}/status/${id}` }).end();
    }
    const status = /^\/status\/(\d+)$/.exec(url.pathname);
    if (status) {
      const job = jobs.get(status[1]!);
      if (!job) return void res.writeHead(404).end();
      if (req.method === 'DELETE') return void (jobs.delete(status[1]!), res.writeHead(202).end());
      const files = Math.max(1, Math.ceil((job.patients?.length ?? size) / PATIENTS_PER_FILE));
      const output = job.types.flatMap((type) => Array.from({ length: files }, (_, c) => ({ type, url: `${origin}/files/${status[1]}/${type}/${c}` })));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ transactionTime: new Date().toISOString(), requiresAccessToken: true, output, error: [] }));
      return;
    }
    const file = /^\/files\/(\d+)\/([A-Za-z]+)\/(\d+)$/.exec(url.pathname);
    const job = file ? jobs.get(file[1]!) : undefined;
    if (file && job) return stream(res, job, file[2]!, Number(file[3]));
    res.writeHead(404).end();
  }

  return {
    fhirBase: `${origin}/fhir`,
    tokenUrl: `${origin}/token`,
    clientId: client.clientId,
    privateJwk,
    size,
    close: () => new Promise((done) => { server.close(() => done()); server.closeAllConnections(); }),
  };
}
