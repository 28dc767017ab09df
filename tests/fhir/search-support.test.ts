// Spec v3 §0 *Reading through a server*: what a server's searches can do is known before the searches, from the
// per-EHR configuration, and checked against its CapabilityStatement read in the same round. A mismatch is a named
// gap and a re-read with the safe fallback (or readLimits), never a silent miss.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { validateConfig } from '../../src/app/config';
import { assess } from '../../src/clinical/assess';
import { loadRecord } from '../../src/fhir/loader';
import type { SearchSupport } from '../../src/fhir/search-support';
import { fetchSource } from '../../src/fhir/source';
import { BASE, fakeFhirServer } from './fake-server';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ASOF = '2026-11-24';

function capability(params: Record<string, string[]>) {
  return {
    resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
    rest: [{ mode: 'server', resource: Object.entries(params).map(([type, names]) => ({ type, searchParam: names.map((name) => ({ name, type: 'token' })) })) }],
  };
}

async function load(searchSupport: SearchSupport, metadata: unknown, status = 200) {
  const log: string[] = [];
  let searchesBeforeMetadataAnswered = 0;
  server.use(
    http.get(`${BASE}/metadata`, async ({ request }) => {
      log.push(request.url);
      // A slow CapabilityStatement: the searches must not wait for it (one round).
      await delay(100);
      searchesBeforeMetadataAnswered = log.filter((u) => !new URL(u).pathname.endsWith('/metadata')).length;
      return HttpResponse.json(metadata as Record<string, unknown>, { status });
    }),
    ...fakeFhirServer({ log }),
  );
  const record = await loadRecord(fetchSource(BASE), { patientId: 'p1', asOf: ASOF, searchSupport });
  const observationSearches = log.filter((u) => u.includes('/Observation?')).map((u) => new URL(u).searchParams);
  return { record, log, observationSearches, searchesBeforeMetadataAnswered };
}

const OBSERVATION_ALL = ['code', 'combo-code', 'component-code', 'category', 'date', 'status', 'patient'];

describe('search support checked against the CapabilityStatement, in the same round', () => {
  it('combo-code listed: sent instead of code for pain and vital signs, no category read, no gap; /metadata read with the searches', async () => {
    const { record, log, observationSearches, searchesBeforeMetadataAnswered } = await load({ componentSearch: 'combo-code' }, capability({ Observation: OBSERVATION_ALL, Condition: ['clinical-status'] }));
    expect(record.dataGaps).toEqual([]);
    expect(record.readLimits).toBeUndefined();
    expect(observationSearches.some((p) => p.get('combo-code')?.includes('72514-3'))).toBe(true);
    expect(observationSearches.some((p) => p.get('category'))).toBe(false);
    // One round: every search started while the CapabilityStatement was still on its way.
    expect(searchesBeforeMetadataAnswered).toBe(log.length - 1);
  });

  it('combo-code configured but not listed: a named gap, and the lists read again with the vital-signs and survey categories', async () => {
    const { record, observationSearches } = await load({ componentSearch: 'combo-code' }, capability({ Observation: ['code', 'category', 'date', 'status', 'patient'] }));
    expect(record.dataGaps).toEqual([
      "Observation: the server's CapabilityStatement does not list combo-code, which smart-config.json says it supports; read again with the vital-signs and survey categories",
    ]);
    expect(observationSearches.filter((p) => p.get('category')).map((p) => p.get('category'))).toEqual(['vital-signs', 'survey']);
    expect(record.readLimits).toBeUndefined();
  });

  it('component-code configured, neither it nor combo-code nor category listed: a gap and readLimits panel-components, so "none" proves nothing', async () => {
    const { record } = await load({ componentSearch: 'component-code' }, capability({ Observation: ['code', 'patient'] }));
    expect(record.dataGaps).toEqual([
      "Observation: the server's CapabilityStatement does not list component-code, which smart-config.json says it supports; pain scores and vital signs recorded inside panels may not have been read",
    ]);
    expect(record.readLimits).toEqual(['panel-components']);
  });

  it('a CapabilityStatement that cannot be read: combo-code is not trusted (gap, categories read); US Core\'s category is', async () => {
    const combo = await load({ componentSearch: 'combo-code' }, { resourceType: 'OperationOutcome' }, 404);
    expect(combo.record.dataGaps).toEqual([
      "Observation: the server's CapabilityStatement could not be read to confirm combo-code; read again with the vital-signs and survey categories",
    ]);
    expect(combo.observationSearches.some((p) => p.get('category') === 'survey')).toBe(true);
    const category = await load({}, { resourceType: 'OperationOutcome' }, 404);
    expect(category.record.dataGaps).toEqual([]);
    expect(category.observationSearches.filter((p) => p.get('category')).map((p) => [p.get('category'), p.get('date')])).toEqual([
      ['vital-signs', 'ge2026-08-30'], ['survey', 'ge2026-08-30'],
    ]);
  });

  it('componentSearch none: readLimits panel-components without asking', async () => {
    const { record, observationSearches } = await load({ componentSearch: 'none' }, capability({ Observation: OBSERVATION_ALL }));
    expect(record.readLimits).toEqual(['panel-components']);
    expect(observationSearches.some((p) => p.get('category') || p.get('combo-code') || p.get('component-code'))).toBe(false);
  });

  it('conditionStatusDefault active (Epic): every clinical status asked for beside the plain search; not listed: a gap and readLimits inactive-conditions', async () => {
    const listed = await load({ conditionStatusDefault: 'active' }, capability({ Observation: OBSERVATION_ALL, Condition: ['clinical-status', 'patient'] }));
    const conditionSearches = listed.log.filter((u) => u.includes('/Condition?')).map((u) => new URL(u).searchParams.get('clinical-status'));
    expect(conditionSearches.sort()).toEqual(['active,recurrence,relapse,inactive,remission,resolved', null].sort());
    expect(listed.record.dataGaps).toEqual([]);
    const unlisted = await load({ conditionStatusDefault: 'active' }, capability({ Observation: OBSERVATION_ALL, Condition: ['patient'] }));
    expect(unlisted.record.dataGaps).toEqual(["Condition: the server's CapabilityStatement does not list clinical-status, which smart-config.json says it supports; Conditions that are not active may not have been read"]);
    expect(unlisted.record.readLimits).toEqual(['inactive-conditions']);
    // The record is still assessed: the gap is shown, nothing throws.
    expect(assess(unlisted.record, {}, ASOF).dataGaps).toContain(unlisted.record.dataGaps[0]);
  });
});

describe('smart-config.json: componentSearch and conditionStatusDefault', () => {
  const entry = { name: 'EHR', iss: ['https://ehr.example.org/fhir'], clientId: 'c', scope: 'patient/*.rs', pkceMode: 'required' };
  it('accepts the documented values and names the field of a wrong one', () => {
    expect(validateConfig([{ ...entry, componentSearch: 'combo-code', conditionStatusDefault: 'active' }])[0]).toMatchObject({ componentSearch: 'combo-code', conditionStatusDefault: 'active' });
    expect(() => validateConfig([{ ...entry, componentSearch: 'combo_code' }])).toThrow(/componentSearch: must be one of combo-code, component-code, category, none/);
    expect(() => validateConfig([{ ...entry, conditionStatusDefault: 'yes' }])).toThrow(/conditionStatusDefault: must be one of all, active/);
  });

  it('searchBatch (issue 22 item 3): true or false, named when wrong; shipped on only for the server known to answer batch (the local sandbox)', async () => {
    expect(validateConfig([{ ...entry, searchBatch: true }])[0]).toMatchObject({ searchBatch: true });
    expect(() => validateConfig([{ ...entry, searchBatch: 'yes' }])).toThrow(/searchBatch: must be true or false/);
    const { readFile } = await import('node:fs/promises');
    const shipped = validateConfig(JSON.parse(await readFile(new URL('../../public/smart-config.json', import.meta.url), 'utf8')));
    expect(shipped.filter((e) => e.searchBatch).map((e) => e.name)).toEqual(['Local sandbox EHR']);
  });
});
