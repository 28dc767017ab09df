// Every sample patient of the sandbox (hand-built vignettes and the Synthea records), read through the loader with
// a SMART token: the patient-integrity checks keep the whole record. An honest EHR never triggers them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRecord } from '../../src/fhir/loader';
import { fetchSource } from '../../src/fhir/source';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { launchToken } from '../sandbox/sandbox-client';

let sandbox: RunningSandbox;
let patientIds: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: true, log: () => {} });
  const html = await (await fetch(sandbox.ehrUrl)).text();
  patientIds = [...html.matchAll(/data-patient-id="([^"]+)"/g)].map((m) => m[1]!).filter((id, i, all) => all.indexOf(id) === i);
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
});

describe('the sandbox\'s sample patients through the loader', () => {
  it('lose nothing to the patient-integrity checks', async () => {
    expect(patientIds.length).toBeGreaterThan(15);
    let conditions = 0;
    for (const patientId of patientIds) {
      const token = (await launchToken(sandbox, patientId)).access_token!;
      const record = await loadRecord(fetchSource(sandbox.fhirBaseUrl, { headers: { Authorization: `Bearer ${token}` } }), { patientId });
      expect(record.patient.id).toBe(patientId);
      expect(record.dataGaps, patientId).toEqual([]);
      conditions += record.conditions.length;
    }
    expect(conditions).toBeGreaterThan(100);
  }, 180_000);
});
