// The sandbox as an ordering EHR: it calls the CDS service's order hooks as a real EHR would, with a
// JWT signed by its own key (published at /.well-known/cds-jwks.json) and the prefetch filled from
// its own FHIR API.
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JSONWebKeySet } from 'jose';

export const CDS_JWKS_PATH = '/.well-known/cds-jwks.json';

export type OrderHookName = 'order-select' | 'order-sign';

export interface HookCall {
  hook: OrderHookName;
  serviceId: string;
  status: number;
  cards: CdsCard[];
  /** The service's error text when it did not answer 200. */
  error?: string;
}

/** The card fields the chart shows (CDS Hooks 2.0 Card; unknown fields ignored). */
export interface CdsCard {
  summary: string;
  indicator: string;
  detail?: string;
  source?: { label?: string };
  suggestions?: Array<{ label: string }>;
  links?: Array<{ label: string; url: string; type: string; appContext?: string }>;
}

interface DiscoveredService {
  id: string;
  hook: string;
  prefetch?: Record<string, string>;
}

export interface DraftOrderInput {
  patientId: string;
  /** e.g. "L1"; thoracic levels get the thoracic CPT code. */
  level: string;
}

/** A draft kyphoplasty order as the sandbox's order entry would hold it. */
export function draftKyphoplastyOrder(input: DraftOrderInput): Record<string, unknown> {
  const thoracic = input.level.startsWith('T');
  return {
    resourceType: 'ServiceRequest',
    id: `kyphoplasty-${randomUUID().slice(0, 8)}`,
    status: 'draft',
    intent: 'order',
    code: {
      coding: [{
        system: 'http://www.ama-assn.org/go/cpt',
        code: thoracic ? '22513' : '22514',
        display: `Percutaneous vertebral augmentation (kyphoplasty), ${thoracic ? 'thoracic' : 'lumbar'}`,
      }],
    },
    subject: { reference: `Patient/${input.patientId}` },
    bodySite: [{ text: `${input.level} vertebral body` }],
  };
}

export interface EhrCdsClientOptions {
  /** The sandbox's origin: the JWT issuer. */
  issuer: string;
  discoveryUrl: string;
  fhirBaseUrl: string;
  /** A short-lived access token for the patient, for reading the prefetch. */
  patientToken: (patientId: string) => string;
}

export class EhrCdsClient {
  private constructor(
    private readonly options: EhrCdsClientOptions,
    private readonly privateKey: CryptoKey,
    readonly jwks: JSONWebKeySet,
  ) {}

  static async create(options: EhrCdsClientOptions): Promise<EhrCdsClient> {
    const { privateKey, publicKey } = await generateKeyPair('ES384');
    const jwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: 'ES384', use: 'sig' };
    return new EhrCdsClient(options, privateKey, { keys: [jwk] });
  }

  private async jwt(audience: string): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: this.jwks.keys[0]!.kid!, typ: 'JWT', jku: `${this.options.issuer}${CDS_JWKS_PATH}` })
      .setIssuer(this.options.issuer)
      .setSubject('sandbox-ehr')
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  private async prefetch(templates: Record<string, string>, patientId: string, token: string): Promise<Record<string, unknown>> {
    const entries = await Promise.all(
      Object.entries(templates).map(async ([key, template]) => {
        const url = `${this.options.fhirBaseUrl}/${template.split('{{context.patientId}}').join(encodeURIComponent(patientId))}`;
        const res = await fetch(url, { headers: { accept: 'application/fhir+json', authorization: `Bearer ${token}` } });
        // A failed query is sent as null: the service then reads it itself or reports the gap.
        return [key, res.ok ? await res.json() : null] as const;
      }),
    );
    return Object.fromEntries(entries);
  }

  /** order-select, then order-sign, for one draft order; each answer as the service gave it. */
  async orderHooks(patientId: string, order: Record<string, unknown>, encounterId?: string): Promise<HookCall[]> {
    const discovery = await fetch(this.options.discoveryUrl);
    if (!discovery.ok) throw new Error(`CDS discovery answered ${discovery.status}`);
    const services = ((await discovery.json()) as { services: DiscoveredService[] }).services;
    const token = this.options.patientToken(patientId);
    const calls: HookCall[] = [];
    for (const hook of ['order-select', 'order-sign'] as const) {
      const service = services.find((s) => s.hook === hook);
      if (!service) continue;
      const serviceUrl = `${this.options.discoveryUrl}/${encodeURIComponent(service.id)}`;
      const reference = `ServiceRequest/${String(order.id)}`;
      const body = {
        hook,
        hookInstance: randomUUID(),
        fhirServer: this.options.fhirBaseUrl,
        fhirAuthorization: { access_token: token, token_type: 'Bearer', expires_in: 300, scope: 'patient/*.rs', subject: 'sandbox-ehr', patient: patientId },
        context: {
          userId: 'Practitioner/sandbox-physician',
          patientId,
          ...(encounterId ? { encounterId } : {}),
          ...(hook === 'order-select' ? { selections: [reference] } : {}),
          draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: order }] },
        },
        prefetch: await this.prefetch(service.prefetch ?? {}, patientId, token),
      };
      const res = await fetch(serviceUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.jwt(serviceUrl)}` },
        body: JSON.stringify(body),
      });
      const answer = (await res.json().catch(() => ({}))) as { cards?: CdsCard[]; issue?: Array<{ diagnostics?: string }> };
      calls.push({
        hook,
        serviceId: service.id,
        status: res.status,
        cards: Array.isArray(answer.cards) ? answer.cards : [],
        ...(res.ok ? {} : { error: answer.issue?.[0]?.diagnostics ?? `HTTP ${res.status}` }),
      });
    }
    return calls;
  }
}
