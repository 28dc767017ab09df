// Data completeness through the loader (msw): a server that says it left results out, a grant narrower than
// asked, Condition read per category, and the launch's Encounter — never a false "none documented".
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { assess } from '../../src/clinical/assess';
import { accessGaps } from '../../src/fhir/granted-scope';
import { loadRecord } from '../../src/fhir/loader';
import { READ_RESOURCE_TYPES } from '../../src/fhir/queries';
import { fetchSource } from '../../src/fhir/source';
import { BASE, fakeFhirServer } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ASOF = '2026-11-24';
const ref = { reference: 'Patient/p1' };
const condition = (id: string, code: string, display: string, category?: string) => ({
  resourceType: 'Condition', id, subject: ref,
  clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
  ...(category ? { category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: category }] }] } : {}),
  code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code, display }] },
  onsetDateTime: '2026-11-01',
});
const fracture = condition('c-fracture', 'M80.08XA', 'Osteoporotic vertebral fracture', 'problem-list-item');
const discitis = condition('c-discitis', 'M46.46', 'Discitis, lumbar region', 'encounter-diagnosis');
const outcomeEntry = (severity: string, text: string, withMode = true) => ({
  resource: { resourceType: 'OperationOutcome', issue: [{ severity, code: 'suppressed', details: { text } }] },
  ...(withMode ? { search: { mode: 'outcome' } } : {}),
});
const searchset = (resources: unknown[], extra: unknown[] = []) => ({
  resourceType: 'Bundle', type: 'searchset',
  entry: [...resources.map((resource) => ({ resource, search: { mode: 'match' } })), ...extra],
});
const spinalInfection = (record: Awaited<ReturnType<typeof loadRecord>>) =>
  assess(record, {}, ASOF).contraindications.find((c) => c.id === 'spinal-infection')!;

describe('an OperationOutcome entry inside a search Bundle', () => {
  it('warning: the type is incomplete, the gap quotes the server, and spinal infection is unknown rather than absent', async () => {
    server.use(
      http.get(`${BASE}/Condition`, () => HttpResponse.json(searchset([fracture], [outcomeEntry('warning', 'Some results were omitted: restricted')]))),
      ...fakeFhirServer({}),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1' });
    expect(record.conditions.map((c) => c.id)).toEqual(['c-fracture']);
    expect(record.incompleteTypes).toEqual(['Condition']);
    expect(record.dataGaps).toEqual(['Condition: the server left results out: Some results were omitted: restricted']);
    expect(spinalInfection(record).status).toBe('unknown');
  });

  it.each(['error', 'fatal'])('%s, without search.mode (an OperationOutcome resource is enough): incomplete', async (severity) => {
    server.use(
      http.get(`${BASE}/AllergyIntolerance`, () => HttpResponse.json(searchset([], [outcomeEntry(severity, 'Partial results', false)]))),
      ...fakeFhirServer({}),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1' });
    expect(record.incompleteTypes).toEqual(['AllergyIntolerance']);
    expect(record.dataGaps).toEqual(['AllergyIntolerance: the server left results out: Partial results']);
  });

  it('information only (e.g. "search took 3 ms"): nothing is missing, no gap', async () => {
    server.use(
      http.get(`${BASE}/Condition`, () => HttpResponse.json(searchset([fracture], [outcomeEntry('information', 'Search completed')]))),
      ...fakeFhirServer({}),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1' });
    expect(record.dataGaps).toEqual([]);
    expect(record.incompleteTypes).toEqual([]);
    expect(spinalInfection(record).status).toBe('absent');
  });

  it('repeated on every page: one gap line', async () => {
    const page = (offset: number) => ({
      ...searchset([condition(`c${offset}`, 'M81.0', 'Osteoporosis')], [outcomeEntry('warning', 'Omitted')]),
      link: offset === 0 ? [{ relation: 'next', url: `${BASE}/Condition?patient=p1&_offset=1` }] : [],
    });
    server.use(
      http.get(`${BASE}/Condition`, ({ request }) => HttpResponse.json(page(Number(new URL(request.url).searchParams.get('_offset') ?? 0)))),
      ...fakeFhirServer({}),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1' });
    expect(record.conditions).toHaveLength(2);
    expect(record.dataGaps).toEqual(['Condition: the server left results out: Omitted']);
  });
});

describe('the granted scope, handed to the loader', () => {
  it('Condition limited to the problem list: gap named, Condition incomplete, spinal infection unknown though none was found', async () => {
    const requested = READ_RESOURCE_TYPES.map((t) => `patient/${t}.rs`).join(' ');
    const granted = requested.replace('patient/Condition.rs', 'patient/Condition.rs?category=problem-list-item');
    server.use(...fakeFhirServer({ resources: { Condition: [fracture] } }));
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', accessGaps: accessGaps(requested, granted, READ_RESOURCE_TYPES) });
    expect(record.dataGaps).toEqual(['Condition: access limited to category problem-list-item']);
    expect(record.incompleteTypes).toEqual(['Condition']);
    expect(spinalInfection(record).status).toBe('unknown');
  });
});

describe('Condition read per category', () => {
  it('one search per configured category, all in the first round, merged and de-duplicated by id', async () => {
    const log: string[] = [];
    const started: number[] = [];
    // The EHR files the fracture under two categories: it comes back from two searches, and is one record.
    const byCategory: Record<string, unknown[]> = {
      'problem-list-item': [fracture],
      'encounter-diagnosis': [discitis, fracture],
      'health-concern': [],
    };
    server.use(
      http.get(`${BASE}/*`, async ({ request }) => {
        log.push(request.url);
        await delay(30);
        started.push(log.length);
        return undefined as unknown as Response;
      }),
      http.get(`${BASE}/Condition`, ({ request }) => HttpResponse.json(searchset(byCategory[new URL(request.url).searchParams.get('category') ?? ''] ?? []))),
      ...fakeFhirServer({}),
    );
    const categories = ['problem-list-item', 'encounter-diagnosis', 'health-concern'];
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', conditionCategories: categories });
    const conditionSearches = log.filter((u) => new URL(u).pathname.endsWith('/Condition'));
    expect(conditionSearches.map((u) => new URL(u).searchParams.get('category'))).toEqual(categories);
    // Every request was issued before the first answer arrived: one round.
    expect(Math.min(...started)).toBe(log.length);
    expect(record.conditions.map((c) => c.id).sort()).toEqual(['c-discitis', 'c-fracture']);
    expect(spinalInfection(record).status).toBe('present');
  });

  it('without configured categories: one Condition search, no category', async () => {
    const log: string[] = [];
    server.use(...fakeFhirServer({ log }));
    await loadRecord(fetchSource(BASE), { patientId: 'p1' });
    const conditionSearches = log.filter((u) => new URL(u).pathname.endsWith('/Condition'));
    expect(conditionSearches).toHaveLength(1);
    expect(new URL(conditionSearches[0]!).searchParams.has('category')).toBe(false);
  });

  it('a category search that fails: named by its category, Condition incomplete, the other categories kept', async () => {
    const progress: string[] = [];
    server.use(
      http.get(`${BASE}/Condition`, ({ request }) =>
        new URL(request.url).searchParams.get('category') === 'encounter-diagnosis'
          ? HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'Not authorised for encounter diagnoses' }] }, { status: 403 })
          : HttpResponse.json(searchset([fracture]))),
      ...fakeFhirServer({}),
    );
    const record = await loadRecord(fetchSource(BASE), {
      patientId: 'p1',
      conditionCategories: ['problem-list-item', 'encounter-diagnosis'],
      onProgress: (p) => progress.push(`${p.resourceType}:${p.state}`),
    });
    expect(record.conditions.map((c) => c.id)).toEqual(['c-fracture']);
    expect(record.dataGaps).toEqual(['Condition (encounter-diagnosis): access denied (403): Not authorised for encounter diagnoses']);
    expect(record.incompleteTypes).toEqual(['Condition']);
    expect(progress).toContain('Condition (problem-list-item):done');
    expect(progress).toContain('Condition (encounter-diagnosis):failed');
    expect(spinalInfection(record).status).toBe('unknown');
  });

  it('a category configured beside an extraParams category: each search keeps its own', async () => {
    const log: string[] = [];
    server.use(...fakeFhirServer({ log }));
    await loadRecord(fetchSource(BASE), { patientId: 'p1', extraParams: { Condition: { category: 'problem-list-item', 'clinical-status': 'active' } }, conditionCategories: ['problem-list-item', 'encounter-diagnosis'] });
    const conditionSearches = log.filter((u) => new URL(u).pathname.endsWith('/Condition')).map((u) => new URL(u).searchParams);
    expect(conditionSearches.map((p) => p.get('category'))).toEqual(['problem-list-item', 'encounter-diagnosis']);
    expect(conditionSearches.every((p) => p.get('clinical-status') === 'active')).toBe(true);
  });
});

describe('the Encounter of the launch context', () => {
  const inpatient = { resourceType: 'Encounter', id: 'e-ctx', status: 'in-progress', subject: ref, class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, period: { start: '2026-11-20' } };

  it('is read by id in the same round as the searches, kept once, and marked as the context', async () => {
    const log: string[] = [];
    const started: number[] = [];
    server.use(
      http.get(`${BASE}/*`, async ({ request }) => {
        log.push(request.url);
        await delay(30);
        started.push(log.length);
        return undefined as unknown as Response;
      }),
      http.get(`${BASE}/Encounter/:id`, ({ params }) => (params.id === 'e-ctx' ? HttpResponse.json(inpatient) : HttpResponse.json({}, { status: 404 }))),
      // The in-progress search finds it too: one record, not two.
      ...fakeFhirServer({ resources: { Encounter: [inpatient] } }),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', contextEncounterId: 'e-ctx' });
    expect(log.some((u) => new URL(u).pathname.endsWith('/Encounter/e-ctx'))).toBe(true);
    expect(Math.min(...started)).toBe(log.length);
    expect(record.encounters.map((e) => e.id)).toEqual(['e-ctx']);
    expect(record.contextEncounterId).toBe('e-ctx');
    expect(record.dataGaps).toEqual([]);
  });

  it('found only by the read (an EHR whose search misses it): added to the encounters', async () => {
    server.use(
      http.get(`${BASE}/Encounter/e-ctx`, () => HttpResponse.json(inpatient)),
      ...fakeFhirServer({}),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', contextEncounterId: 'e-ctx' });
    expect(record.encounters.map((e) => e.id)).toEqual(['e-ctx']);
    expect(record.contextEncounterId).toBe('e-ctx');
  });

  it('unreadable: a gap on Encounter, no context id, the rest assessed', async () => {
    server.use(
      http.get(`${BASE}/Encounter/e-ctx`, () => HttpResponse.json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'No such encounter' }] }, { status: 404 })),
      ...fakeFhirServer({ resources: { Condition: [fracture] } }),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', contextEncounterId: 'e-ctx' });
    expect(record.contextEncounterId).toBeUndefined();
    expect(record.dataGaps).toEqual(['Encounter (launch context): not found (404): No such encounter']);
    expect(record.incompleteTypes).toEqual(['Encounter']);
    expect(record.conditions).toHaveLength(1);
  });

  it('of another patient: not used', async () => {
    server.use(
      http.get(`${BASE}/Encounter/e-ctx`, () => HttpResponse.json({ ...inpatient, subject: { reference: 'Patient/someone-else' } })),
      ...fakeFhirServer({}),
    );
    const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', contextEncounterId: 'e-ctx' });
    expect(record.encounters).toEqual([]);
    expect(record.contextEncounterId).toBeUndefined();
    expect(record.dataGaps).toEqual(['Encounter (launch context): Encounter e-ctx belongs to another patient']);
  });
});
