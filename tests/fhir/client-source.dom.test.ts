// The app's source (fhirclient, with its bearer token) under the same patient-integrity rules as the command line:
// another patient's resources are dropped and reported, a swapped Patient is unreadable, a redirect is not followed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import FHIR from 'fhirclient';
import { clientSource } from '../../src/fhir/client-source';
import { loadRecord, PatientUnreadableError } from '../../src/fhir/loader';
import { BASE, fakeFhirServer } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  sessionStorage.clear();
});
afterAll(() => server.close());

const OTHER_ORIGIN = 'https://elsewhere.test';
const source = () => clientSource(FHIR.client({ serverUrl: BASE, tokenResponse: { access_token: 'token-for-p1', patient: 'p1' } }));
const condition = (id: string, patient: string) => ({
  resourceType: 'Condition', id, subject: { reference: `Patient/${patient}` }, clinicalStatus: { coding: [{ code: 'active' }] },
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'M80.08XA', display: 'Osteoporotic vertebral fracture' }] },
});

describe('clientSource (the app)', () => {
  it('drops and reports another patient\'s resources', async () => {
    server.use(...fakeFhirServer({ resources: { Condition: [condition('mine', 'p1'), condition('theirs-1', 'p2'), condition('theirs-2', 'p3')] } }));
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(record.conditions.map((c) => c.id)).toEqual(['mine']);
    expect(record.dataGaps).toEqual(['Condition: 2 results for another patient were ignored']);
  });

  it('makes a Patient read answered with another patient the patient-unreadable state', async () => {
    server.use(...fakeFhirServer({ faults: { Patient: () => HttpResponse.json({ resourceType: 'Patient', id: 'p2' }) } }));
    const failure = await loadRecord(source(), { patientId: 'p1' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PatientUnreadableError);
    expect((failure as Error).message).toContain('launch patient "p1" with Patient "p2"');
  });

  it('does not follow a redirect: the token and the request stay on the FHIR server', async () => {
    const elsewhere: string[] = [];
    server.use(
      http.get(`${OTHER_ORIGIN}/*`, ({ request }) => {
        elsewhere.push(`${request.url} ${request.headers.get('authorization') ?? ''}`);
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset', entry: [{ resource: condition('forged', 'p1') }] });
      }),
      ...fakeFhirServer({ faults: { Condition: () => new HttpResponse(null, { status: 302, headers: { Location: `${OTHER_ORIGIN}/Condition?patient=p1` } }) } }),
    );
    const record = await loadRecord(source(), { patientId: 'p1' });
    expect(elsewhere).toEqual([]);
    expect(record.conditions).toEqual([]);
    expect(record.dataGaps).toEqual(['Condition: the server answered with a redirect, not followed (302)']);
  });
});
