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

/** Bytes of every response body fetched while fn runs; `byPath` adds up the bodies of requests to one resource type. */
async function countBytes(fn: () => Promise<unknown>, byPath?: { type: string; bytes: number }): Promise<number> {
  const original = globalThis.fetch;
  let bytes = 0;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const size = (await response.clone().arrayBuffer()).byteLength;
    bytes += size;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (byPath && new URL(url).pathname.endsWith(`/${byPath.type}`)) byPath.bytes += size;
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
}

export async function networkFigures(): Promise<NetworkFigures> {
  const sandbox = await startSandbox({ port: 0, includeSynthea: true, log: () => {} });
  try {
    const patientId = await syntheaPatientId(sandbox, 'Vito');
    const token = (await launchToken(sandbox, patientId)).access_token!;
    const source = fetchSource(sandbox.fhirBaseUrl, { headers: { Authorization: `Bearer ${token}` } });
    // The Observation searches of the plan, as the loader reads them (a newest-result search stops after its page).
    const observations = { type: 'Observation', bytes: 0 };
    // As the app reads the sandbox (its smart-config.json entry: combo-code, as HAPI), /metadata checked in the round.
    const appBytes = await countBytes(() => loadRecord(source, { patientId, searchSupport: { componentSearch: 'combo-code' } }), observations);
    const observationQueryBytes = observations.bytes;
    const allObservationBytes = await countBytes(() => fetchAllPages(`${sandbox.fhirBaseUrl}/Observation?patient=${patientId}&_count=200`, token));
    return { appBytes, observationQueryBytes, allObservationBytes };
  } finally {
    await sandbox.close();
  }
}
