// CDS Hooks figures: time per order-sign call on the largest Synthea record, everything prefetched as
// an EHR fills the templates (Observations filtered by the template's LOINC codes), one call at a time
// and under load (500 calls at 1, 10 and 50 in parallel: p50 and p95).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { OBSERVATION_QUERY_CODES } from '../src/clinical/codes';
import { auditTo } from '../cds/audit';
import { cdsConfig } from '../cds/config';
import { plannedUrls } from '../cds/prefetch-plan';
import { startCdsService } from '../cds/server';
import { LARGEST_SYNTHEA } from './engine';

export const BENCH_ISS = 'https://bench-ehr.invalid';
const SERVICE = 'kyphoplasty-order-sign';

interface Resource {
  resourceType: string;
  id?: string;
  code?: { coding?: Array<{ code?: string }> };
}

const QUERY_CODES = new Set(OBSERVATION_QUERY_CODES);
const searched = (key: string) => (r: Resource) =>
  r.resourceType.toLowerCase() === key && (key !== 'observation' || !!r.code?.coding?.some((c) => c.code && QUERY_CODES.has(c.code)));

interface BenchService {
  url: string;
  /** The service's own duration of each call (audit line durationMs: from the request's headers to the answer). */
  serviceMs: number[];
  body: string;
  resources: number;
  sign(): Promise<string>;
  close(): Promise<void>;
}

/** The CDS service as the benches run it: one trusted EHR (ES384 key made here), audit durations kept. */
export interface SignedCdsService {
  serviceUrl(service: string): string;
  /** The service's own duration of each call (audit line durationMs: from the request's headers to the answer). */
  serviceMs: number[];
  /** A fresh JWT from the trusted EHR for this audience (a new jti each time). */
  sign(audience: string): Promise<string>;
  close(): Promise<void>;
}

export async function startSignedCdsService(config: { fhirServers: string[]; maxBodyBytes?: number; limits?: Record<string, number> }): Promise<SignedCdsService> {
  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES384' };
  const serviceMs: number[] = [];
  const { fhirServers, ...rest } = config;
  const service = await startCdsService({
    port: 0,
    log: () => {},
    // Audit lines are built and serialized (their cost is part of a call); the bench keeps their durations.
    audit: auditTo((line) => void serviceMs.push((JSON.parse(line) as { durationMs: number }).durationMs)),
    config: cdsConfig({ ...rest, trustedIssuers: [{ iss: BENCH_ISS, jwks: { keys: [jwk] }, fhirServers }] }),
  });
  return {
    serviceUrl: (name) => `${service.baseUrl}/cds-services/${name}`,
    serviceMs,
    sign: (audience) => new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: 'bench' }).setIssuer(BENCH_ISS).setAudience(audience).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(privateKey),
    close: () => service.close(),
  };
}

async function benchService(): Promise<BenchService> {
  const bundle = JSON.parse(readFileSync(LARGEST_SYNTHEA, 'utf8')) as { entry: Array<{ resource: Resource }> };
  const patientId = bundle.entry.find((e) => e.resource.resourceType === 'Patient')!.resource.id!;
  // Synthea refers to the patient by urn:uuid; an EHR's search results say Patient/<id>.
  const resources = (JSON.parse(JSON.stringify(bundle.entry.map((e) => e.resource)).split(`urn:uuid:${patientId}`).join(`Patient/${patientId}`)) as Resource[]);
  const prefetch: Record<string, unknown> = {};
  for (const key of Object.keys(plannedUrls(patientId))) {
    const matches = resources.filter(searched(key));
    prefetch[key] = key === 'patient' ? matches[0] : { resourceType: 'Bundle', type: 'searchset', entry: matches.map((resource) => ({ resource })) };
  }
  const order = { resourceType: 'ServiceRequest', id: 'bench-order', status: 'draft', intent: 'order', code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '22514' }] }, subject: { reference: `Patient/${patientId}` } };
  const body = JSON.stringify({
    hook: 'order-sign', hookInstance: randomUUID(),
    context: { userId: 'Practitioner/bench', patientId, draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] } },
    prefetch,
  });

  const signed = await startSignedCdsService({
    fhirServers: [],
    // The load figures are the service's, not its per-caller limits': 50 streams from one EHR are all admitted.
    limits: { concurrentCalls: 64, callsPerMinute: 1_000_000 },
  });
  const url = signed.serviceUrl(SERVICE);
  return {
    url,
    serviceMs: signed.serviceMs,
    body,
    resources: Object.values(prefetch).reduce<number>((n, v) => n + ((v as { entry?: unknown[] }).entry?.length ?? 1), 0),
    sign: () => signed.sign(url),
    close: () => signed.close(),
  };
}

async function timedCall(service: BenchService, jwt: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(service.url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` }, body: service.body });
  const answer = (await res.json()) as { cards?: unknown[] };
  const ms = performance.now() - start;
  if (res.status !== 200 || answer.cards?.length !== 1) throw new Error(`the CDS service answered ${res.status}`);
  return ms;
}

export async function cdsFigures(runs = 15): Promise<{ resources: number; callMs: number; requestKb: number }> {
  const service = await benchService();
  try {
    await timedCall(service, await service.sign()); // warm-up: module and JIT costs are not per call
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await timedCall(service, await service.sign()));
    times.sort((a, b) => a - b);
    return { resources: service.resources, callMs: times[Math.floor(times.length / 2)]!, requestKb: Buffer.byteLength(service.body) / 1024 };
  } finally {
    await service.close();
  }
}

export interface LoadFigure {
  concurrency: number;
  calls: number;
  p50Ms: number;
  p95Ms: number;
  /** The same calls timed inside the service (headers received to answer sent): the rest is the client and the transport. */
  serviceP50Ms: number;
  serviceP95Ms: number;
  callsPerSecond: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;

/**
 * `calls` order-sign calls kept `concurrency` at a time (each stream starts its next call when one
 * ends), everything prefetched. The JWTs are signed beforehand: the EHR's signing is not the service's
 * time, and the client shares the process (and the machine's cores) with the service.
 */
export async function cdsLoadFigures(concurrencies = [1, 10, 50], calls = 500): Promise<LoadFigure[]> {
  const service = await benchService();
  try {
    for (let i = 0; i < 5; i++) await timedCall(service, await service.sign()); // warm-up
    const figures: LoadFigure[] = [];
    for (const concurrency of concurrencies) {
      const jwts = await Promise.all(Array.from({ length: calls }, () => service.sign()));
      const times: number[] = [];
      service.serviceMs.length = 0;
      let next = 0;
      const started = performance.now();
      const stream = async () => {
        while (next < calls) times.push(await timedCall(service, jwts[next++]!));
      };
      await Promise.all(Array.from({ length: concurrency }, stream));
      const seconds = (performance.now() - started) / 1000;
      times.sort((a, b) => a - b);
      const inside = [...service.serviceMs].sort((a, b) => a - b);
      figures.push({ concurrency, calls, p50Ms: percentile(times, 0.5), p95Ms: percentile(times, 0.95), serviceP50Ms: percentile(inside, 0.5), serviceP95Ms: percentile(inside, 0.95), callsPerSecond: calls / seconds });
    }
    return figures;
  } finally {
    await service.close();
  }
}
