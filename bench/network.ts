// The bytes the app reads from the sandbox for the largest Synthea patient, compared with fetching every Observation.
// (What the physician waits for, launch to verdict in a browser, is bench/ttv.ts: it replaced this file's
// launch-to-panel figure and its `rounds`, which counted dependency rounds and delayed only FHIR answers.)
import { startSandbox, type RunningSandbox } from '../sandbox/server';
import { loadRecord } from '../src/fhir/loader';
import { fetchSource } from '../src/fhir/source';
import { launchToken } from '../tests/sandbox/sandbox-client';

export async function syntheaPatientId(sandbox: RunningSandbox, name: string): Promise<string> {
  const html = await (await fetch(sandbox.ehrUrl)).text();
  const row = html.split('<tr').find((r) => r.includes(name));
  const id = row && /data-patient-id="([^"]+)"/.exec(row)?.[1];
  if (!id) throw new Error(`${name} is not on the sandbox launcher (is ../shared/fixtures/synthea there?)`);
  return id;
}

/** Bytes of every response body fetched while fn runs; each of `byPath` adds up the bodies of requests to one path (a resource type, `metadata`). */
async function countBytes(fn: () => Promise<unknown>, ...byPath: Array<{ type: string; bytes: number }>): Promise<number> {
  const original = globalThis.fetch;
  let bytes = 0;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const size = (await response.clone().arrayBuffer()).byteLength;
    bytes += size;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    for (const path of byPath) if (new URL(url).pathname.endsWith(`/${path.type}`)) path.bytes += size;
    return response;
  };
  try {
    await fn();
  } finally {
    globalThis.fetch = original;
  }
  return bytes;
}

async function fetchAllPages(firstUrl: string, token: string): Promise<void> {
  let url: string | undefined = firstUrl;
  for (let page = 0; url && page < 200; page++) {
    const bundle = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/fhir+json' } })).json()) as { link?: Array<{ relation: string; url: string }> };
    url = bundle.link?.find((l) => l.relation === 'next')?.url;
  }
}

export interface NetworkFigures {
  appBytes: number;
  observationQueryBytes: number;
  allObservationBytes: number;
  /** The CapabilityStatement the app reads with the searches (lean: src/fhir/capability.ts). */
  metadataBytes: number;
}

export async function networkFigures(): Promise<NetworkFigures> {
  // The hapi-like profile (issue 18's goal is stated for it): combo-code, _sort and :missing, listed in its /metadata.
  const sandbox = await startSandbox({ port: 0, includeSynthea: true, log: () => {}, ehrProfile: 'hapi-like' });
  try {
    const patientId = await syntheaPatientId(sandbox, 'Vito');
    const token = (await launchToken(sandbox, patientId)).access_token!;
    const source = fetchSource(sandbox.fhirBaseUrl, { headers: { Authorization: `Bearer ${token}` } });
    // The Observation searches of the plan, as the loader reads them (a newest-result search stops after its page).
    const observations = { type: 'Observation', bytes: 0 };
    // As the app reads the sandbox (its smart-config.json entry: combo-code, as HAPI), /metadata (lean, read once per
    // session: src/fhir/capability.ts) checked in the round. The searches as GETs, each counted by its type: the entry's
    // batch carries the same first pages in one answer, about 1.4 KB larger (its wrapping; README, searchBatch).
    const metadata = { type: 'metadata', bytes: 0 };
    const appBytes = await countBytes(() => loadRecord(source, { patientId, searchSupport: { componentSearch: 'combo-code' } }), observations, metadata);
    const observationQueryBytes = observations.bytes;
    const allObservationBytes = await countBytes(() => fetchAllPages(`${sandbox.fhirBaseUrl}/Observation?patient=${patientId}&_count=200`, token));
    return { appBytes, observationQueryBytes, allObservationBytes, metadataBytes: metadata.bytes };
  } finally {
    await sandbox.close();
  }
}
