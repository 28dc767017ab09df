// Normalises a search query before Medplum sees it: Medplum only matches `patient=Patient/123`,
// while apps (and the SMART docs) send the bare id `patient=123`. Paging parameters are taken
// out here because the wrapper, not Medplum, builds the page links.
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** Reference parameters whose bare ids mean a Patient. */
const PATIENT_REFERENCE_PARAMS = new Set(['patient', 'subject']);

export interface NormalisedSearch {
  /** Parameters for Medplum, without _count/_offset/_include. */
  params: URLSearchParams;
  count: number;
  offset: number;
  includes: string[];
  summaryCount: boolean;
}

function withPatientPrefix(value: string): string {
  return value
    .split(',')
    .map((v) => (v && !v.includes('/') && !v.includes(':') ? `Patient/${v}` : v))
    .join(',');
}

function nonNegativeInt(value: string | null, fallback: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

export function normaliseSearch(query: URLSearchParams): NormalisedSearch {
  const params = new URLSearchParams();
  const includes: string[] = [];
  for (const [key, value] of query) {
    if (key === '_count' || key === '_offset') continue;
    if (key === '_include') {
      includes.push(value);
      continue;
    }
    const baseName = key.split(':')[0] ?? key;
    params.append(key, PATIENT_REFERENCE_PARAMS.has(baseName) && !key.includes(':') ? withPatientPrefix(value) : value);
  }
  return {
    params,
    count: Math.min(nonNegativeInt(query.get('_count'), DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE),
    offset: nonNegativeInt(query.get('_offset'), 0),
    includes,
    summaryCount: query.get('_summary') === 'count',
  };
}

/** The patient ids a search names through patient/subject (bare or Patient/ references). */
export function patientsNamed(params: URLSearchParams): string[] {
  const ids: string[] = [];
  for (const [key, value] of params) {
    const baseName = key.split(':')[0] ?? key;
    if (!PATIENT_REFERENCE_PARAMS.has(baseName)) continue;
    for (const ref of value.split(',')) ids.push(ref.replace(/^.*Patient\//, ''));
  }
  return ids;
}
