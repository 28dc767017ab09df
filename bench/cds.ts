// CDS Hooks figure: time per order-sign call on the largest Synthea record, everything prefetched as
// an EHR fills the templates (Observations filtered by the template's LOINC codes).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { OBSERVATION_QUERY_CODES } from '../src/clinical/codes';
import { cdsConfig } from '../cds/config';
import { plannedUrls } from '../cds/prefetch-plan';
import { startCdsService } from '../cds/server';
import { LARGEST_SYNTHEA } from './engine';

const ISS = 'https://bench-ehr.invalid';
const SERVICE = 'kyphoplasty-order-sign';

interface Resource {
  resourceType: string;
  id?: string;
  code?: { coding?: Array<{ code?: string }> };
}

const QUERY_CODES = new Set(OBSERVATION_QUERY_CODES);
const searched = (key: string) => (r: Resource) =>
  r.resourceType.toLowerCase() === key && (key !== 'observation' || !!r.code?.coding?.some((c) => c.code && QUERY_CODES.has(c.code)));

export async function cdsFigures(runs = 15): Promise<{ resources: number; callMs: number; requestKb: number }> {
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

  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES384' };
  const service = await startCdsService({ port: 0, log: () => {}, config: cdsConfig({ trustedIssuers: [{ iss: ISS, jwks: { keys: [jwk] } }] }) });
  const url = `${service.baseUrl}/cds-services/${SERVICE}`;
  const call = async () => {
    const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: 'bench' }).setIssuer(ISS).setAudience(url).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(privateKey);
    const start = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` }, body });
    const answer = (await res.json()) as { cards?: unknown[] };
    const ms = performance.now() - start;
    if (res.status !== 200 || answer.cards?.length !== 1) throw new Error(`the CDS service answered ${res.status}`);
    return ms;
  };
  try {
    await call(); // warm-up: module and JIT costs are not per call
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await call());
    times.sort((a, b) => a - b);
    return { resources: Object.values(prefetch).reduce<number>((n, v) => n + ((v as { entry?: unknown[] }).entry?.length ?? 1), 0), callMs: times[Math.floor(times.length / 2)]!, requestKb: Buffer.byteLength(body) / 1024 };
  } finally {
    await service.close();
  }
}
