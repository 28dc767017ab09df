// The sandbox accepts the app's write-back as an EHR would: scope per type, the token's patient only, R4 shape,
// conditional create on the identifier, and the three write-failure simulations.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, OperationOutcome, ServiceRequest } from 'fhir/r4';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { ifNoneExist, newWriteIdentifier } from '../../src/writeback/identifier';
import { APP_ORIGIN, fhirGet, launchToken } from './sandbox-client';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, includeSynthea: false, log: () => {} });
});
afterAll(async () => {
  await sandbox?.close();
});

const PATIENT = 'vcf-little-data';
const WRITE_SCOPE = 'launch patient/*.rs patient/DocumentReference.cu patient/QuestionnaireResponse.cru patient/ServiceRequest.c';

function draftOrder(patient = PATIENT, identifier = newWriteIdentifier()): ServiceRequest {
  return { resourceType: 'ServiceRequest', identifier: [identifier], status: 'draft', intent: 'proposal', subject: { reference: `Patient/${patient}` }, code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '85025' }] } };
}

async function post(token: string, body: unknown, headers: Record<string, string> = {}, type = 'ServiceRequest'): Promise<Response> {
  return fetch(`${sandbox.fhirBaseUrl}/${type}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/fhir+json', ...headers }, body: JSON.stringify(body) });
}

async function ordersWith(token: string, identifierValue: string): Promise<ServiceRequest[]> {
  const res = await fhirGet(sandbox, `ServiceRequest?patient=${PATIENT}&identifier=${encodeURIComponent(`urn:ietf:rfc:3986|${identifierValue}`)}`, token);
  expect(res.status).toBe(200);
  return ((await res.json()) as Bundle<ServiceRequest>).entry?.map((e) => e.resource!) ?? [];
}

describe('creates', () => {
  it('grants the registered write scopes as asked', async () => {
    const token = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE });
    expect(token.scope?.split(' ')).toEqual(expect.arrayContaining(['patient/DocumentReference.cu', 'patient/QuestionnaireResponse.cru', 'patient/ServiceRequest.c']));
  });

  it('stores a draft order with a Location and reads it back', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE });
    const order = draftOrder();
    const res = await post(token, order);
    expect(res.status).toBe(201);
    const stored = (await res.json()) as ServiceRequest;
    expect(res.headers.get('location')).toBe(`${sandbox.fhirBaseUrl}/ServiceRequest/${stored.id}/_history/${stored.meta?.versionId}`);
    expect(await ordersWith(token, order.identifier![0]!.value!)).toEqual([expect.objectContaining({ id: stored.id, status: 'draft', intent: 'proposal' })]);
  });

  it('refuses a token without .c for the type (403), and another patient’s resource (403)', async () => {
    const { access_token: readOnly } = await launchToken(sandbox, PATIENT, { scope: 'launch patient/*.rs' });
    const denied = await post(readOnly, draftOrder());
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as OperationOutcome).issue[0]?.diagnostics).toContain('create of ServiceRequest');
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE });
    expect((await post(token, draftOrder('vcf-warfarin'))).status).toBe(403);
    expect((await post(token, { resourceType: 'Observation', status: 'final', code: {} }, {}, 'Observation')).status).toBe(405);
  });

  it('answers a malformed resource with 422 and the validator’s OperationOutcome', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE });
    const res = await post(token, { ...draftOrder(), priority: 'whenever', madeUp: true });
    expect(res.status).toBe(422);
    const outcome = (await res.json()) as OperationOutcome;
    expect(outcome.resourceType).toBe('OperationOutcome');
    expect(outcome.issue.length).toBeGreaterThan(0);
  });

  it('creates once under If-None-Exist: a second identical POST returns the first (200)', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE });
    const identifier = newWriteIdentifier();
    const first = await post(token, draftOrder(PATIENT, identifier), { 'If-None-Exist': ifNoneExist(identifier) });
    const second = await post(token, draftOrder(PATIENT, identifier), { 'If-None-Exist': ifNoneExist(identifier) });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(((await second.json()) as ServiceRequest).id).toBe(((await first.json()) as ServiceRequest).id);
    expect(await ordersWith(token, identifier.value!)).toHaveLength(1);
  });

  it('lets the app’s origin send POST with If-None-Exist (preflight)', async () => {
    const res = await fetch(`${sandbox.fhirBaseUrl}/ServiceRequest`, { method: 'OPTIONS', headers: { Origin: APP_ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type, if-none-exist' } });
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-exist');
  });
});

describe('the CapabilityStatement', () => {
  it('advertises create, conditional, for exactly the types the sandbox accepts', async () => {
    const statement = (await (await fhirGet(sandbox, 'metadata')).json()) as { rest: Array<{ resource: Array<{ type: string; interaction: Array<{ code: string }>; conditionalCreate?: boolean }> }> };
    const creatable = statement.rest[0]!.resource.filter((r) => r.interaction.some((i) => i.code === 'create'));
    expect(creatable.map((r) => r.type).sort()).toEqual(['DocumentReference', 'QuestionnaireResponse', 'ServiceRequest']);
    expect(creatable.every((r) => r.conditionalCreate)).toBe(true);
  });
});

describe('write simulations', () => {
  it('write_denied: 403 with an OperationOutcome, nothing stored', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE, sim: 'write_denied' });
    const order = draftOrder();
    const res = await post(token, order);
    expect(res.status).toBe(403);
    expect(((await res.json()) as OperationOutcome).issue[0]?.diagnostics).toContain('write_denied');
    expect(await ordersWith(token, order.identifier![0]!.value!)).toEqual([]);
  });

  it('write_invalid: 422 with an OperationOutcome', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE, sim: 'write_invalid' });
    const res = await post(token, draftOrder());
    expect(res.status).toBe(422);
    expect(((await res.json()) as OperationOutcome).issue[0]?.severity).toBe('error');
  });

  it('write_server_error: the first create is stored but answered 500; the conditional retry finds it, so one exists', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE, sim: 'write_server_error' });
    const identifier = newWriteIdentifier();
    const headers = { 'If-None-Exist': ifNoneExist(identifier) };
    expect((await post(token, draftOrder(PATIENT, identifier), headers)).status).toBe(500);
    expect((await post(token, draftOrder(PATIENT, identifier), headers)).status).toBe(200);
    expect(await ordersWith(token, identifier.value!)).toHaveLength(1);
  });
});

describe('the mock chart shows what apps wrote', () => {
  it('lists the notes (text escaped), answers and draft orders of the patient, and nobody else\'s', async () => {
    const { access_token: token } = await launchToken(sandbox, PATIENT, { scope: WRITE_SCOPE });
    const note = { resourceType: 'DocumentReference', status: 'current', docStatus: 'preliminary', subject: { reference: `Patient/${PATIENT}` }, type: { coding: [{ system: 'http://loinc.org', code: '11488-4', display: 'Consult note' }] },
      content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('Note <b>text</b>').toString('base64') } }] };
    const saved = (await (await post(token, note, {}, 'DocumentReference')).json()) as { id: string };
    const order = (await (await post(token, draftOrder())).json()) as { id: string };
    const page = await (await fetch(`${sandbox.ehrUrl}ehr/written?patient=${PATIENT}`)).text();
    expect(page).toContain(`data-id="${saved.id}"`);
    expect(page).toContain('Note &lt;b&gt;text&lt;/b&gt;');
    expect(page).toContain(`data-id="${order.id}"`);
    const other = await (await fetch(`${sandbox.ehrUrl}ehr/written?patient=vcf-warfarin`)).text();
    expect(other).not.toContain(saved.id);
  });
});
