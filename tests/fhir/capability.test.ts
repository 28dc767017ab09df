// The CapabilityStatement read once per session and lean on the wire (issue 18; src/fhir/capability.ts): asked with
// `_elements=rest`; a server that ignores it serves as well, one that refuses it or summarises instead is asked for
// the full statement; nothing usable fails safe (the loader's named gap and fallback, spec §0 *Reading through a server*).
import { describe, expect, it } from 'vitest';
import { FULL_METADATA, LEAN_METADATA, readCapability, sessionCapability } from '../../src/fhir/capability';
import { loadRecord } from '../../src/fhir/loader';
import { FhirRequestError, type FhirSource } from '../../src/fhir/source';

const statement = (resource: object[], extra: object = {}) => ({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], rest: [{ mode: 'server', resource, ...extra }] });
const OBSERVATION = { type: 'Observation', searchParam: [{ name: 'code', type: 'token' }, { name: 'combo-code', type: 'token' }, { name: 'category', type: 'token' }] };

/** A server answering each metadata path with `answers[path]` (a function may throw), and the paths asked. */
function server(answers: Record<string, unknown>) {
  const asked: string[] = [];
  const get = async (path: string) => {
    asked.push(path);
    const answer = answers[path];
    return typeof answer === 'function' ? (answer as () => unknown)() : answer;
  };
  return { asked, get };
}
const refused = (status: number) => () => { throw new FhirRequestError('http', 'refused', status); };

describe('readCapability: lean where the server allows, whole where it does not', () => {
  it('honoured: one request, with _elements=rest; rest-level search parameters count for every type', async () => {
    const { asked, get } = server({ [LEAN_METADATA]: statement([OBSERVATION, { type: 'Condition' }], { searchParam: [{ name: '_sort', type: 'special' }], interaction: [{ code: 'batch' }] }) });
    const capability = await readCapability(get);
    expect(asked).toEqual(['metadata?_elements=rest']);
    expect([...capability!.searchParams('Observation')!].sort()).toEqual(['_sort', 'category', 'code', 'combo-code']);
    expect([...capability!.searchParams('Condition')!]).toEqual(['_sort']);
    expect(capability!.searchParams('Procedure')).toBeUndefined();
    expect(capability!.systemInteractions.has('batch')).toBe(true);
  });

  it('refused (400): the full statement is read instead, and serves', async () => {
    const { asked, get } = server({ [LEAN_METADATA]: refused(400), [FULL_METADATA]: statement([OBSERVATION]) });
    const capability = await readCapability(get);
    expect(asked).toEqual([LEAN_METADATA, FULL_METADATA]);
    expect(capability!.searchParams('Observation')!.has('combo-code')).toBe(true);
  });

  it('a statement without any search parameter (a summary, not _elements) is not trusted to say what is missing: the full one decides', async () => {
    const { asked, get } = server({ [LEAN_METADATA]: statement([{ type: 'Observation' }]), [FULL_METADATA]: statement([OBSERVATION]) });
    const capability = await readCapability(get);
    expect(asked).toEqual([LEAN_METADATA, FULL_METADATA]);
    expect(capability!.searchParams('Observation')!.has('combo-code')).toBe(true);
  });

  it('an answer that is not a CapabilityStatement: the full one is asked; neither usable: undefined', async () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [] };
    const { asked, get } = server({ [LEAN_METADATA]: outcome, [FULL_METADATA]: outcome });
    expect(await readCapability(get)).toBeUndefined();
    expect(asked).toEqual([LEAN_METADATA, FULL_METADATA]);
  });

  it('a timeout or network failure is not asked twice', async () => {
    const { asked, get } = server({ [LEAN_METADATA]: () => { throw new FhirRequestError('timeout', 'no answer in time'); } });
    expect(await readCapability(get)).toBeUndefined();
    expect(asked).toEqual([LEAN_METADATA]);
  });

  it('conditionalCreate is read per type, from the server\'s rest only (not a client rest)', async () => {
    const server_ = { mode: 'server', resource: [OBSERVATION, { type: 'DocumentReference', conditionalCreate: true }, { type: 'QuestionnaireResponse', conditionalCreate: false }] };
    const client = { mode: 'client', resource: [{ type: 'ServiceRequest', conditionalCreate: true }] };
    const { get } = server({ [LEAN_METADATA]: { ...statement([]), rest: [client, server_] } });
    expect([...(await readCapability(get))!.conditionalCreate]).toEqual(['DocumentReference']);
  });
});

describe('sessionCapability: one read per session', () => {
  it('callers of one session share the first read; another session reads its own', async () => {
    const { asked, get } = server({ [LEAN_METADATA]: statement([OBSERVATION]) });
    const session = {};
    const [a, b] = await Promise.all([sessionCapability(session, get), sessionCapability(session, get)]);
    expect(a).toBe(b);
    expect(await sessionCapability(session, get)).toBe(a);
    expect(asked).toHaveLength(1);
    await sessionCapability({}, get);
    expect(asked).toHaveLength(2);
  });

  it('a read that found nothing usable is not kept: the next caller asks again', async () => {
    let up = false;
    const { asked, get } = server({ [LEAN_METADATA]: () => { if (!up) throw new FhirRequestError('network', 'unreachable'); return statement([OBSERVATION]); } });
    const session = {};
    expect(await sessionCapability(session, get)).toBeUndefined();
    up = true;
    expect(await sessionCapability(session, get)).toBeDefined();
    expect(asked).toHaveLength(2);
  });
});

describe('the loader with a lean or refused /metadata (spec §0 *Reading through a server*)', () => {
  function source(metadata: (url: string) => unknown): { source: FhirSource; urls: string[] } {
    const urls: string[] = [];
    return {
      urls,
      source: {
        baseUrl: 'https://ehr.example/fhir',
        async get(url) {
          urls.push(url);
          if (url.startsWith('metadata')) return metadata(url);
          if (url.startsWith('Patient/')) return { resourceType: 'Patient', id: 'p1', birthDate: '1950-01-01', gender: 'female' };
          return { resourceType: 'Bundle', type: 'searchset', entry: [] };
        },
      },
    };
  }

  it('combo-code confirmed from the full statement when the lean request is refused: no gap, no category re-read', async () => {
    const { source: s, urls } = source((url) => {
      if (url !== 'metadata') throw new FhirRequestError('http', 'bad request', 400);
      return statement([OBSERVATION, { type: 'Condition', searchParam: [{ name: 'clinical-status', type: 'token' }] }]);
    });
    const record = await loadRecord(s, { patientId: 'p1', asOf: '2026-11-24', searchSupport: { componentSearch: 'combo-code' } });
    expect(record.dataGaps).toEqual([]);
    expect(urls.filter((u) => u.startsWith('metadata'))).toEqual([LEAN_METADATA, FULL_METADATA]);
    expect(urls.some((u) => u.includes('category=survey'))).toBe(false);
  });

  it('neither answer usable: the named gap and the category fallback, as before', async () => {
    const { source: s, urls } = source(() => ({ resourceType: 'Bundle', type: 'searchset' }));
    const record = await loadRecord(s, { patientId: 'p1', asOf: '2026-11-24', searchSupport: { componentSearch: 'combo-code' } });
    expect(record.dataGaps).toEqual(["Observation: the server's CapabilityStatement could not be read to confirm combo-code; read again with the vital-signs and survey categories"]);
    expect(urls.some((u) => u.includes('category=survey'))).toBe(true);
  });
});
