// Hostile input to the CDS service, timed (issue 20: "1 MB of slashes answered in under 100 ms"). The tests only
// guard against a hang (tests/cds/hardening.test.ts: a backtracking pattern takes minutes on a megabyte, a linear
// one milliseconds); the figures belong here, measured, not asserted.
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { auditTo } from '../cds/audit';
import { cdsConfig } from '../cds/config';
import { checkFhirServer } from '../cds/fhir-server-allowed';
import { markdownText } from '../cds/markdown';
import { startCdsService } from '../cds/server';
import { trimTrailingSlashes } from '../http-kit/paths';

const MB = 1024 * 1024;
const ISS = 'https://bench-ehr.invalid';
const FHIR_BASE = 'https://ehr.example/fhir';

export interface HostileInputFigures {
  /** trimTrailingSlashes, checkFhirServer and markdownText on a megabyte each (best of 5). */
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

function best(runs: number, work: () => unknown): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
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
  const issuer = { iss: ISS, fhirServers: [FHIR_BASE] };
  const trimMs = best(5, () => trimTrailingSlashes(`${FHIR_BASE}${slashes}x`));
  const checkMs = best(5, () => checkFhirServer(`${FHIR_BASE}${slashes}r4`, issuer));
  const markdownMs = best(5, () => markdownText(`a${' '.repeat(MB)}b\n  c`));

  const { privateKey, publicKey } = await generateKeyPair('ES384');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'bench', alg: 'ES384' };
  const serviceMs: number[] = [];
  const service = await startCdsService({
    port: 0,
    log: () => {},
    audit: auditTo((line) => void serviceMs.push((JSON.parse(line) as { durationMs: number }).durationMs)),
    config: cdsConfig({ maxBodyBytes: 4 * MB, trustedIssuers: [{ iss: ISS, jwks: { keys: [jwk] }, fhirServers: [FHIR_BASE] }] }),
  });
  try {
    const url = `${service.baseUrl}/cds-services/kyphoplasty-order-sign`;
    const body = JSON.stringify({ hook: 'order-sign', hookInstance: randomUUID(), fhirServer: `${FHIR_BASE}${slashes}x`, fhirAuthorization: { access_token: 't', token_type: 'Bearer' }, context: { userId: 'Practitioner/bench', patientId: 'p' } });
    const call = async () => {
      const jwt = await new SignJWT({}).setProtectedHeader({ alg: 'ES384', kid: 'bench' }).setIssuer(ISS).setAudience(url).setIssuedAt().setExpirationTime('5m').setJti(randomUUID()).sign(privateKey);
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${jwt}` }, body });
      await res.arrayBuffer();
      if (res.status !== 400) throw new Error(`a megabyte of slashes was answered ${res.status}, not 400`);
    };
    await call(); // warm-up
    serviceMs.length = 0;
    const signedCallMs = await median(5, call);
    const signedCallServiceMs = [...serviceMs].sort((a, b) => a - b)[Math.floor(serviceMs.length / 2)]!;
    const longPath = `${service.baseUrl}/cds-services${'/'.repeat(15 * 1024)}x`;
    const longPathMs = await median(5, async () => (await fetch(longPath)).arrayBuffer());
    return { trimMs, checkMs, markdownMs, signedCallMs, signedCallServiceMs, longPathMs };
  } finally {
    await service.close();
  }
}
