// Hostile input to the CDS service, timed (issue 20: "1 MB of slashes answered in under 100 ms"). The tests only
// guard against a hang (tests/cds/hardening.test.ts: a backtracking pattern takes minutes on a megabyte, a linear
// one milliseconds); the figures belong here, measured, not asserted.
import { randomUUID } from 'node:crypto';
import { checkFhirServer } from '../cds/fhir-server-allowed';
import { markdownText } from '../cds/markdown';
import { trimTrailingSlashes } from '../http-kit/paths';
import { BENCH_ISS, startSignedCdsService } from './cds';
import { median } from './engine';

const MB = 1024 * 1024;
const FHIR_BASE = 'https://ehr.example/fhir';

export interface HostileInputFigures {
  /** trimTrailingSlashes, checkFhirServer and markdownText on a megabyte each (median of 5). */
  trimMs: number;
  checkMs: number;
  markdownMs: number;
  /** A signed order-sign call whose fhirServer is a megabyte of slashes, answered (refused) over HTTP: median of 5. */
  signedCallMs: number;
  /** The same calls inside the service (audit durationMs: headers received to answer sent, the body's upload included). */
  signedCallServiceMs: number;
  /** An unauthenticated request for a 15 kB path of slashes: median of 5. */
  longPathMs: number;
}

async function medianOfCalls(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function hostileInputFigures(): Promise<HostileInputFigures> {
  const slashes = '/'.repeat(MB);
  const issuer = { iss: BENCH_ISS, fhirServers: [FHIR_BASE] };
  const trimMs = median(5, () => trimTrailingSlashes(`${FHIR_BASE}${slashes}x`));
  const checkMs = median(5, () => checkFhirServer(`${FHIR_BASE}${slashes}r4`, issuer));
  const markdownMs = median(5, () => markdownText(`a${' '.repeat(MB)}b\n  c`));

  const service = await startSignedCdsService({ fhirServers: [FHIR_BASE], maxBodyBytes: 4 * MB });
  try {
    const url = service.serviceUrl('kyphoplasty-order-sign');
    const body = JSON.stringify({ hook: 'order-sign', hookInstance: randomUUID(), fhirServer: `${FHIR_BASE}${slashes}x`, fhirAuthorization: { access_token: 't', token_type: 'Bearer' }, context: { userId: 'Practitioner/bench', patientId: 'p' } });
    const call = async () => {
      const jwt = await service.sign(url);
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` }, body });
      await res.arrayBuffer();
      if (res.status !== 400) throw new Error(`a megabyte of slashes was answered ${res.status}, not 400`);
    };
    await call(); // warm-up
    service.serviceMs.length = 0;
    const signedCallMs = await medianOfCalls(5, call);
    const signedCallServiceMs = [...service.serviceMs].sort((a, b) => a - b)[Math.floor(service.serviceMs.length / 2)]!;
    const longPath = `${service.serviceUrl('')}${'/'.repeat(15 * 1024)}x`;
    const longPathMs = await medianOfCalls(5, async () => (await fetch(longPath)).arrayBuffer());
    return { trimMs, checkMs, markdownMs, signedCallMs, signedCallServiceMs, longPathMs };
  } finally {
    await service.close();
  }
}
