// The sandbox's fault injection (sandbox/fhir/faults.ts), with plain fetch: each fault answers the way
// the browser tests rely on, only for its resource type, only after authentication, and never hangs
// the sandbox itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateResource } from '@medplum/core';
import type { Bundle, OperationOutcome, Resource } from 'fhir/r4';
import { ensureFhirDefinitionsIndexed } from '../../sandbox/fhir/definitions';
import {
  DEFAULT_FOREIGN_ORIGIN,
  OPERATION_OUTCOME_200_TEXT,
  faultDiagnostics,
  minimalResource,
  type FaultMap,
  type FaultStatus,
} from '../../sandbox/fhir/faults';
import { HOSTILE_PAYLOADS, hostile } from '../../sandbox/patients/vignettes/hostile';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { fhirGet, launchToken } from './sandbox-client';

const PATIENT = 'vcf-warfarin';
const APP_ORIGIN = 'http://localhost:4010';

async function withSandbox<T>(faults: FaultMap, run: (sandbox: RunningSandbox, token: string) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {}, faults });
  try {
    const { access_token: token } = await launchToken(sandbox, PATIENT);
    return await run(sandbox, token);
  } finally {
    await sandbox.close();
  }
}

const conditions = `Condition?patient=${PATIENT}`;

describe('status faults', () => {
  let sandbox: RunningSandbox;
  let token: string;
  const statuses: FaultStatus[] = [401, 403, 404, 410, 429, 500, 503];
  // One resource type per status, so one sandbox serves them all.
  const types = ['Condition', 'Observation', 'Procedure', 'Encounter', 'CarePlan', 'ServiceRequest', 'DeviceRequest'];
  const faults: FaultMap = Object.fromEntries(types.map((type, i) => [type, { status: statuses[i]! }]));
  faults.AllergyIntolerance = { status: 503, body: 'html' };
  faults.MedicationStatement = { status: 500, body: 'none' };
  faults.Patient = { status: 404 };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {}, faults });
    token = (await launchToken(sandbox, PATIENT)).access_token;
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it.each(types.map((type, i) => [statuses[i]!, type] as const))('%i on %s: an OperationOutcome saying so', async (status, type) => {
    const res = await fhirGet(sandbox, `${type}?patient=${PATIENT}`, token);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue[0]?.diagnostics).toBe(faultDiagnostics(type, status));
    if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('refuses a batch (405), so each search meets its fault as the GET it is read with', async () => {
    const res = await fetch(sandbox.fhirBaseUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: `Condition?patient=${PATIENT}` } }] }),
    });
    expect(res.status).toBe(405);
    expect(((await res.json()) as OperationOutcome).issue[0]?.diagnostics).toMatch(/batch is not answered while the sandbox injects faults/);
    // A token that is not valid is still a 401 first.
    const unauthenticated = await fetch(sandbox.fhirBaseUrl, { method: 'POST', headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/fhir+json' }, body: '{}' });
    expect(unauthenticated.status).toBe(401);
  });

  it('applies to reads of the type too (the Patient read)', async () => {
    const res = await fhirGet(sandbox, `Patient/${PATIENT}`, token);
    expect(res.status).toBe(404);
    expect(((await res.json()) as OperationOutcome).issue[0]?.diagnostics).toBe(faultDiagnostics('Patient', 404));
  });

  it('can answer with a proxy\'s HTML page, or with no body at all', async () => {
    const html = await fhirGet(sandbox, `AllergyIntolerance?patient=${PATIENT}`, token);
    expect(html.status).toBe(503);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await html.text()).toContain('<h1>503 Service Unavailable</h1>');
    const empty = await fhirGet(sandbox, `MedicationStatement?patient=${PATIENT}`, token);
    expect(empty.status).toBe(500);
    expect(await empty.text()).toBe('');
  });

  it('leaves other types alone, and applies only after authentication', async () => {
    const other = await fhirGet(sandbox, `MedicationRequest?patient=${PATIENT}`, token);
    expect(other.status).toBe(200);
    expect(((await other.json()) as Bundle).total).toBe(2);
    // No token: the ordinary 401, not the injected 403 of Observation.
    const anonymous = await fhirGet(sandbox, `Observation?patient=${PATIENT}`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as OperationOutcome).issue[0]?.diagnostics).toBe('A bearer access token is required');
    // The open endpoints stay open.
    expect((await fhirGet(sandbox, 'metadata')).status).toBe(200);
  });
});

describe('retries', () => {
  it('times: fails the first N requests with Retry-After (exposed to the app\'s origin), then answers', async () => {
    await withSandbox({ Condition: { status: 429, retryAfter: 2, times: 2 } }, async (sandbox, token) => {
      const get = () => fetch(`${sandbox.fhirBaseUrl}/${conditions}`, { headers: { Authorization: `Bearer ${token}`, Origin: APP_ORIGIN } });
      for (let i = 0; i < 2; i++) {
        const res = await get();
        expect(res.status).toBe(429);
        expect(res.headers.get('retry-after')).toBe('2');
        expect(res.headers.get('access-control-expose-headers')).toMatch(/\bRetry-After\b/);
        await res.body?.cancel();
      }
      const third = await get();
      expect(third.status).toBe(200);
      expect(((await third.json()) as Bundle).total).toBe(4);
    });
  });
});

describe('broken bodies', () => {
  it('truncated: a complete response whose JSON is cut in the middle (searches and reads)', async () => {
    await withSandbox({ Condition: { kind: 'truncated' }, Patient: { kind: 'truncated' } }, async (sandbox, token) => {
      for (const [path, start] of [[conditions, '{"resourceType":"Bundle"'], [`Patient/${PATIENT}`, '{"resourceType":"Patient"']] as const) {
        const res = await fhirGet(sandbox, path, token);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
        const text = await res.text();
        expect(text.startsWith(start)).toBe(true);
        expect(text.length).toBeGreaterThan(start.length);
        expect(() => JSON.parse(text)).toThrow(SyntaxError);
      }
    });
  });

  it('not-json: 200 with an HTML sign-in page', async () => {
    await withSandbox({ Condition: { kind: 'not-json' } }, async (sandbox, token) => {
      const res = await fhirGet(sandbox, conditions, token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const text = await res.text();
      expect(text).toMatch(/^<!doctype html>/);
      expect(() => JSON.parse(text)).toThrow();
    });
  });

  it('operation-outcome-200: 200 with an OperationOutcome instead of a Bundle', async () => {
    await withSandbox({ Condition: { kind: 'operation-outcome-200' } }, async (sandbox, token) => {
      const res = await fhirGet(sandbox, conditions, token);
      expect(res.status).toBe(200);
      const body = (await res.json()) as OperationOutcome;
      expect(body.resourceType).toBe('OperationOutcome');
      expect(body.issue[0]?.diagnostics).toBe(OPERATION_OUTCOME_200_TEXT);
    });
  });
});

describe('paging faults', () => {
  it('next-loop: the real first page, with a next link to the very URL requested', async () => {
    await withSandbox({ Condition: { kind: 'next-loop' } }, async (sandbox, token) => {
      const url = `${sandbox.fhirBaseUrl}/${conditions}&_count=200`;
      const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
      const bundle = (await res.json()) as Bundle;
      expect(bundle.total).toBe(4);
      expect(bundle.entry?.length).toBe(4);
      expect(bundle.link?.filter((l) => l.relation === 'next').map((l) => l.url)).toEqual([url]);
    });
  });

  it('next-foreign: the real first page, with a next link to another origin', async () => {
    await withSandbox({ Condition: { kind: 'next-foreign' }, Observation: { kind: 'next-foreign', origin: 'http://127.0.0.1:9' } }, async (sandbox, token) => {
      const bundle = (await (await fhirGet(sandbox, conditions, token)).json()) as Bundle;
      expect(bundle.entry?.length).toBe(4);
      const next = new URL(bundle.link?.find((l) => l.relation === 'next')?.url ?? '');
      expect(next.origin).toBe(DEFAULT_FOREIGN_ORIGIN);
      expect(`${next.pathname}${next.search}`).toBe(`/fhir/${conditions}`);
      const observations = (await (await fhirGet(sandbox, `Observation?patient=${PATIENT}`, token)).json()) as Bundle;
      expect(new URL(observations.link?.find((l) => l.relation === 'next')?.url ?? '').origin).toBe('http://127.0.0.1:9');
    });
  });

  it('many: more than 10,000 results in pages, generated for the patient, never stored', async () => {
    await withSandbox({ Condition: { kind: 'many', total: 10_050, times: 11 } }, async (sandbox, token) => {
      const ids = new Set<string>();
      let url: string | undefined = `${sandbox.fhirBaseUrl}/${conditions}&_count=1000`;
      let pages = 0;
      while (url && pages < 20) {
        const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        const bundle = (await res.json()) as Bundle;
        expect(bundle.total).toBe(10_050);
        for (const entry of bundle.entry ?? []) {
          const resource = entry.resource as Resource & { subject?: { reference?: string } };
          expect(resource.resourceType).toBe('Condition');
          expect(resource.subject?.reference).toBe(`Patient/${PATIENT}`);
          expect(entry.fullUrl).toBe(`${sandbox.fhirBaseUrl}/Condition/${resource.id}`);
          ids.add(resource.id ?? '');
        }
        pages++;
        url = bundle.link?.find((l) => l.relation === 'next')?.url;
        if (url) expect(new URL(url).origin).toBe(new URL(sandbox.fhirBaseUrl).origin);
      }
      expect(pages).toBe(11);
      expect(ids.size).toBe(10_050);
      // Once the fault is spent, the repository answers: it still holds the patient's 4 conditions only.
      expect(((await (await fhirGet(sandbox, conditions, token)).json()) as Bundle).total).toBe(4);
    });
  });

  it('many: the generated resources are valid FHIR R4 for every type the app searches', () => {
    ensureFhirDefinitionsIndexed();
    const types = ['Condition', 'Observation', 'DiagnosticReport', 'ImagingStudy', 'Procedure', 'MedicationRequest', 'MedicationStatement',
      'ServiceRequest', 'AllergyIntolerance', 'Encounter', 'CarePlan', 'DeviceRequest'];
    for (const type of types) {
      const resource = minimalResource(type, 'x-1', PATIENT);
      expect(() => validateResource(resource as never), type).not.toThrow();
    }
  });
});

describe('hang', () => {
  it('never answers, and close() still ends at once', async () => {
    const sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {}, faults: { Condition: { kind: 'hang' } } });
    let closed = false;
    try {
      const { access_token: token } = await launchToken(sandbox, PATIENT);
      const pending = fhirGet(sandbox, conditions, token).then(
        (res) => `answered ${res.status}`,
        () => 'connection closed',
      );
      const early = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 800))]);
      expect(early).toBe('still waiting');
      // Other types still answer meanwhile.
      expect((await fhirGet(sandbox, `Observation?patient=${PATIENT}`, token)).status).toBe(200);
      const started = performance.now();
      await sandbox.close();
      closed = true;
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(await pending).toBe('connection closed');
    } finally {
      if (!closed) await sandbox.close();
    }
  });
});

describe('default', () => {
  it('without the option nothing is injected', async () => {
    const sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {} });
    try {
      const { access_token: token } = await launchToken(sandbox, PATIENT);
      const res = await fhirGet(sandbox, conditions, token);
      expect(res.status).toBe(200);
      expect(((await res.json()) as Bundle).link?.find((l) => l.relation === 'next')).toBeUndefined();
    } finally {
      await sandbox.close();
    }
  });
});

describe('hostile sample patient', () => {
  it('is valid FHIR R4 despite carrying every payload', () => {
    ensureFhirDefinitionsIndexed();
    const resources = hostile.build(new Date());
    for (const resource of resources) expect(() => validateResource(resource as never), `${resource.resourceType}/${resource.id}`).not.toThrow();
    const json = JSON.stringify(resources);
    for (const payload of Object.values(HOSTILE_PAYLOADS)) expect(json).toContain(JSON.stringify(payload).slice(1, -1));
  });
});
