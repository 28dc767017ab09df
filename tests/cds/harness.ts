// Test helpers: an EHR's signing keys, signed CDS Hooks calls, draft orders and prefetch built from the
// sample patients, and a service on 127.0.0.1 port 0.
import { randomUUID } from 'node:crypto';
import type { Resource } from 'fhir/r4';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { cdsConfig, type CdsConfig } from '../../cds/config';
import { plannedUrls } from '../../cds/prefetch-plan';
import type { AuditLog } from '../../cds/audit';
import { startCdsService, type RunningCdsService } from '../../cds/server';
import type { SharedState } from '../../cds/shared-state';

export const EHR_ISS = 'https://ehr.example.test';
export const OTHER_ISS = 'https://untrusted.example.test';
export const APP_LAUNCH_URL = 'http://localhost:4010/launch.html';

export interface SigningKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
  kid: string;
  alg: string;
}

export async function signingKey(alg = 'ES384'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, kid, alg };
}

export interface JwtInput {
  iss?: string;
  aud: string;
  /** Seconds from now; default 300. */
  expiresIn?: number;
  /** Seconds from now of iat; default 0. */
  issuedAt?: number;
  jti?: string;
  header?: Record<string, unknown>;
}

export async function signJwt(key: SigningKey, input: JwtInput): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = now + (input.issuedAt ?? 0);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...input.header })
    .setIssuer(input.iss ?? EHR_ISS)
    .setSubject('ehr-client-id')
    .setAudience(input.aud)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (input.expiresIn ?? 300))
    .setJti(input.jti ?? randomUUID())
    .sign(key.privateKey);
}

export function testConfig(ehrKey: SigningKey, overrides: Record<string, unknown> = {}): CdsConfig {
  return cdsConfig({
    appLaunchUrl: APP_LAUNCH_URL,
    allowedOrigins: ['http://localhost:4013'],
    trustedIssuers: [{ iss: EHR_ISS, jwks: { keys: [ehrKey.publicJwk] }, fhirServers: [] }],
    // A loaded test machine reads the sandbox slower than an EHR would: the budget test sets its own.
    fhirReadBudgetMs: 10_000,
    audit: { sink: 'none' },
    ...overrides,
  });
}

export interface TestService extends RunningCdsService {
  ehrKey: SigningKey;
  serviceUrl(id: string): string;
  /** POSTs a body to a service with a fresh JWT for its URL (or the given Authorization header). */
  call(id: string, body: unknown, init?: { authorization?: string | null; headers?: Record<string, string> }): Promise<Response>;
}

export async function startTestService(options: { today?: Date; config?: (key: SigningKey) => CdsConfig; ehrKey?: SigningKey; state?: SharedState; audit?: AuditLog } = {}): Promise<TestService> {
  const ehrKey = options.ehrKey ?? (await signingKey());
  const config = options.config ? options.config(ehrKey) : testConfig(ehrKey);
  const service = await startCdsService({
    config,
    port: 0,
    log: () => {},
    ...(options.today ? { today: () => options.today! } : {}),
    ...(options.state ? { state: options.state } : {}),
    ...(options.audit ? { audit: options.audit } : {}),
  });
  const serviceUrl = (id: string) => `${service.baseUrl}/cds-services/${id}`;
  return {
    ...service,
    ehrKey,
    serviceUrl,
    async call(id, body, init = {}) {
      const authorization = init.authorization === undefined ? `Bearer ${await signJwt(ehrKey, { aud: serviceUrl(id) })}` : init.authorization;
      return fetch(serviceUrl(id), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(authorization ? { Authorization: authorization } : {}), ...init.headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
  };
}

/** A draft vertebral augmentation order, as an EHR's order entry would hold it. */
export function augmentationOrder(patientId: string, options: { id?: string; cpt?: string; display?: string; bodySite?: string; resourceType?: 'ServiceRequest' | 'Procedure'; status?: string } = {}) {
  const resourceType = options.resourceType ?? 'ServiceRequest';
  return {
    resourceType,
    id: options.id ?? 'order-1',
    status: options.status ?? (resourceType === 'Procedure' ? 'preparation' : 'draft'),
    ...(resourceType === 'ServiceRequest' ? { intent: 'order' } : {}),
    code: {
      coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: options.cpt ?? '22514', display: options.display ?? 'Percutaneous vertebral augmentation (kyphoplasty), lumbar' }],
    },
    subject: { reference: `Patient/${patientId}` },
    ...(options.bodySite ? { bodySite: [{ text: options.bodySite }] } : {}),
  };
}

export function draftOrders(...resources: unknown[]) {
  return { resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) };
}

/** The prefetch an EHR fills from the discovery templates: the Patient, and a searchset per query of the plan. */
export function prefetchFor(resources: Resource[], patientId: string, omit: string[] = []): Record<string, unknown> {
  const prefetch: Record<string, unknown> = {};
  for (const key of Object.keys(plannedUrls(patientId))) {
    if (omit.includes(key)) continue;
    if (key === 'patient') {
      prefetch.patient = resources.find((r) => r.resourceType === 'Patient');
      continue;
    }
    const matches = resources.filter((r) => r.resourceType.toLowerCase() === key);
    prefetch[key] = { resourceType: 'Bundle', type: 'searchset', total: matches.length, entry: matches.map((resource) => ({ resource, search: { mode: 'match' } })) };
  }
  return prefetch;
}

export interface HookBodyInput {
  hook: 'order-select' | 'order-sign';
  patientId: string;
  orders: unknown[];
  selections?: string[];
  prefetch?: Record<string, unknown>;
  fhirServer?: string;
  accessToken?: string;
  encounterId?: string;
}

export function hookBody(input: HookBodyInput) {
  return {
    hook: input.hook,
    hookInstance: randomUUID(),
    ...(input.fhirServer ? { fhirServer: input.fhirServer } : {}),
    ...(input.accessToken
      ? { fhirAuthorization: { access_token: input.accessToken, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.rs', subject: 'cds-service', patient: input.patientId } }
      : {}),
    context: {
      userId: 'Practitioner/dr-1',
      patientId: input.patientId,
      ...(input.encounterId ? { encounterId: input.encounterId } : {}),
      ...(input.hook === 'order-select' ? { selections: input.selections ?? ['ServiceRequest/order-1'] } : {}),
      draftOrders: draftOrders(...input.orders),
    },
    ...(input.prefetch ? { prefetch: input.prefetch } : {}),
  };
}
