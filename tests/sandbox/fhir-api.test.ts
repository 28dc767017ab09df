// The FHIR side: search semantics the app relies on (bare patient ids, paging links, _include),
// the discovery documents, CORS, and every vignette's Patient being readable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, CapabilityStatement, Patient } from 'fhir/r4';
import { startSandbox, type RunningSandbox, type SandboxRequestEvent } from '../../sandbox/server';
import { VIGNETTES } from '../../sandbox/patients/index';
import { APP_ORIGIN, fhirGet, launchToken } from './sandbox-client';
import { getSearchParameters } from '@medplum/core';
import { parseCapability } from '../../src/fhir/capability';

let sandbox: RunningSandbox;
const events: SandboxRequestEvent[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {}, onRequest: (e) => events.push(e) });
});
afterAll(async () => {
  await sandbox?.close();
});

async function bundleAt(url: string, token: string): Promise<Bundle> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Bundle;
}

describe('search', () => {
  it('matches a bare patient id and pages with next links and fullUrls', async () => {
    const patient = 'vcf-warfarin';
    const { access_token: token } = await launchToken(sandbox, patient);
    const all = await bundleAt(`${sandbox.fhirBaseUrl}/Condition?patient=${patient}`, token);
    expect(all.total).toBe(4);
    expect(all.link?.find((l) => l.relation === 'next')).toBeUndefined();

    const seen: string[] = [];
    let url: string | undefined = `${sandbox.fhirBaseUrl}/Condition?patient=${patient}&_count=3`;
    let pages = 0;
    while (url) {
      const page = await bundleAt(url, token);
      pages += 1;
      expect(page.link?.find((l) => l.relation === 'self')?.url).toBe(url.replace(`patient=${patient}`, `patient=Patient%2F${patient}`));
      for (const entry of page.entry ?? []) {
        expect(entry.fullUrl).toBe(`${sandbox.fhirBaseUrl}/Condition/${entry.resource?.id}`);
        expect(entry.search?.mode).toBe('match');
        seen.push(entry.resource?.id ?? '');
      }
      url = page.link?.find((l) => l.relation === 'next')?.url;
    }
    expect(pages).toBe(2);
    expect(new Set(seen).size).toBe(4);
  });

  it('filters by code without a system, and by date prefix', async () => {
    const patient = 'vcf-osteoporotic';
    const { access_token: token } = await launchToken(sandbox, patient);
    const pain = await bundleAt(`${sandbox.fhirBaseUrl}/Observation?patient=${patient}&code=http://loinc.org|72514-3`, token);
    expect(pain.entry?.map((e) => (e.resource as { valueQuantity?: { value?: number } }).valueQuantity?.value).sort()).toEqual([5, 7]);
    const recent = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const lastWeek = await bundleAt(`${sandbox.fhirBaseUrl}/Observation?patient=${patient}&code=72514-3&date=ge${recent}`, token);
    expect(lastWeek.entry?.length).toBe(1);
    const counted = await bundleAt(`${sandbox.fhirBaseUrl}/Observation?patient=${patient}&code=72514-3&_summary=count`, token);
    expect(counted.total).toBe(2);
    expect(counted.entry).toBeUndefined();
  });

  it('adds the Medications named by _include=MedicationRequest:medication', async () => {
    const patient = 'vcf-warfarin';
    const { access_token: token } = await launchToken(sandbox, patient);
    const bundle = await bundleAt(`${sandbox.fhirBaseUrl}/MedicationRequest?patient=${patient}&_include=MedicationRequest:medication`, token);
    const matches = bundle.entry?.filter((e) => e.search?.mode === 'match') ?? [];
    const included = bundle.entry?.filter((e) => e.search?.mode === 'include') ?? [];
    expect(matches.map((e) => e.resource?.resourceType)).toEqual(['MedicationRequest', 'MedicationRequest']);
    expect(included.map((e) => e.resource?.resourceType)).toEqual(['Medication']);
    const referenced = matches.map((e) => (e.resource as { medicationReference?: { reference?: string } }).medicationReference?.reference).filter(Boolean);
    expect(referenced).toEqual([`Medication/${included[0]?.resource?.id}`]);
    expect(included[0]?.fullUrl).toBe(`${sandbox.fhirBaseUrl}/${referenced[0]}`);
    expect(bundle.total).toBe(2);
  });

  it('does not include a contained Medication as a separate entry', async () => {
    const { access_token: token } = await launchToken(sandbox, 'vcf-messy');
    const bundle = await bundleAt(`${sandbox.fhirBaseUrl}/MedicationRequest?patient=vcf-messy&_include=MedicationRequest:medication`, token);
    expect(bundle.entry?.length).toBe(2);
    expect(bundle.entry?.every((e) => e.search?.mode === 'match')).toBe(true);
  });

  it('answers 404 OperationOutcomes for unknown resources and types', async () => {
    const { access_token: token } = await launchToken(sandbox, 'vcf-chronic');
    for (const path of ['Condition/does-not-exist', 'Nonsense?patient=vcf-chronic']) {
      const res = await fhirGet(sandbox, path, token);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('application/fhir+json');
      expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    }
  });
});

describe('discovery', () => {
  it('serves a CapabilityStatement without a token', async () => {
    const res = await fhirGet(sandbox, 'metadata');
    expect(res.status).toBe(200);
    const cs = (await res.json()) as CapabilityStatement;
    expect(cs).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    const rest = cs.rest?.[0];
    expect(rest?.security?.service?.[0]?.coding?.[0]?.code).toBe('SMART-on-FHIR');
    const uris = rest?.security?.extension?.[0]?.extension;
    expect(uris?.find((e) => e.url === 'authorize')?.valueUri).toBe(new URL('/auth/authorize', sandbox.ehrUrl).toString());
    expect(uris?.find((e) => e.url === 'token')?.valueUri).toBe(new URL('/auth/token', sandbox.ehrUrl).toString());
    const types = rest?.resource?.map((r) => r.type) ?? [];
    expect(types).toEqual(expect.arrayContaining(['Patient', 'Condition', 'Observation', 'MedicationRequest', 'ImagingStudy', 'DiagnosticReport']));
    const condition = rest?.resource?.find((r) => r.type === 'Condition');
    expect(condition?.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['patient', 'code', 'clinical-status']));
  });

  it('the CapabilityStatement is lean (issue 18): names and types only, shared parameters once at the rest level, and read with the app\'s own parser every parameter Medplum supports is still listed', async () => {
    const res = await fhirGet(sandbox, 'metadata?_elements=rest');
    expect(res.status).toBe(200);
    const text = await res.text();
    // It was 67 KB (every parameter with its definition URL, the shared ones thirty times), most of what the app read.
    expect(text.length).toBeLessThan(26_000);
    expect(text).not.toContain('"definition"');
    const rest = (JSON.parse(text) as CapabilityStatement).rest![0]!;
    expect(rest.searchParam?.map((p) => p.name)).toEqual(expect.arrayContaining(['_id', '_lastUpdated']));
    expect(rest.resource!.find((r) => r.type === 'Observation')!.searchParam!.some((p) => p.name === '_id')).toBe(false);
    const capability = parseCapability(JSON.parse(text));
    for (const type of ['Observation', 'Condition', 'Patient', 'DocumentReference']) {
      const medplum = Object.values(getSearchParameters(type) ?? {}).map((p) => p.code);
      expect([...capability!.searchParams(type)!].sort(), type).toEqual([...new Set(medplum)].sort());
    }
    expect([...capability!.conditionalCreate].sort()).toEqual(['DocumentReference', 'QuestionnaireResponse', 'ServiceRequest']);
  });

  it('serves the SMART configuration without a token', async () => {
    const res = await fhirGet(sandbox, '.well-known/smart-configuration');
    expect(res.status).toBe(200);
    const config = (await res.json()) as Record<string, unknown>;
    expect(config.authorization_endpoint).toBe(new URL('/auth/authorize', sandbox.ehrUrl).toString());
    expect(config.token_endpoint).toBe(new URL('/auth/token', sandbox.ehrUrl).toString());
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    expect(config.capabilities).toEqual(
      expect.arrayContaining(['launch-ehr', 'launch-standalone', 'client-public', 'context-ehr-patient', 'context-standalone-patient', 'permission-v1', 'permission-v2']),
    );
    expect(config.scopes_supported).toEqual(expect.arrayContaining(['launch', 'launch/patient', 'patient/*.rs']));
  });
});

describe('CORS', () => {
  it('answers the preflight for the app origin with Authorization allowed', async () => {
    const res = await fetch(`${sandbox.fhirBaseUrl}/Condition`, {
      method: 'OPTIONS',
      headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
  });

  it('does not open the API to other origins', async () => {
    const res = await fetch(`${sandbox.fhirBaseUrl}/metadata`, { headers: { Origin: 'http://evil.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('sample patients', () => {
  it.each(VIGNETTES.map((v) => [v.id, v] as const))('%s: its Patient is readable', async (id, vignette) => {
    const { access_token: token } = await launchToken(sandbox, id);
    const res = await fhirGet(sandbox, `Patient/${id}`, token);
    expect(res.status).toBe(200);
    const patient = (await res.json()) as Patient;
    expect(patient.id).toBe(id);
    expect(patient.name?.[0]?.family).toBe(vignette.name.split(' ').slice(1).join(' '));
  });
});

describe('request log', () => {
  it('reports method, url and status for each request', async () => {
    await fhirGet(sandbox, 'Patient/vcf-chronic?probe=log');
    const event = events.find((e) => e.url === '/fhir/Patient/vcf-chronic?probe=log');
    expect(event).toMatchObject({ method: 'GET', status: 401 });
  });
});
