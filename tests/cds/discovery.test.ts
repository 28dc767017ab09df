// GET /cds-services: the CDS Hooks 2.0 discovery shape, and prefetch templates that are the app's query plan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchPlan, searchUrl } from '../../src/fhir/queries';
import { cdsConfig, readCdsConfig } from '../../cds/config';
import { cardProblems, discoveryProblems } from './cds-hooks-shapes';
import { startTestService, type TestService } from './harness';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service.close());

describe('discovery', () => {
  it('is public, CDS Hooks 2.0 shaped, and lists one service per ordering hook', async () => {
    const res = await fetch(service.discoveryUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { services: Array<{ id: string; hook: string; prefetch: Record<string, string> }> };
    expect(discoveryProblems(body)).toEqual([]);
    expect(body.services.map((s) => [s.id, s.hook])).toEqual([
      ['kyphoplasty-order-select', 'order-select'],
      ['kyphoplasty-order-sign', 'order-sign'],
    ]);
  });

  it('asks for exactly what the app loads: the Patient and every search of the query plan', async () => {
    const body = (await (await fetch(service.discoveryUrl)).json()) as { services: Array<{ prefetch: Record<string, string> }> };
    for (const { prefetch } of body.services) {
      expect(prefetch.patient).toBe('Patient/{{context.patientId}}');
      const searches = Object.entries(prefetch).filter(([key]) => key !== 'patient');
      const plan = searchPlan('pat-42', {}, { observationPlan: 'full' });
      expect(searches).toHaveLength(plan.length);
      const templates = searches.map(([, template]) => template.replace('{{context.patientId}}', 'pat-42'));
      for (const query of plan) {
        expect(templates, query.label ?? query.resourceType).toContain(searchUrl(query));
        expect(prefetch[query.resourceType.toLowerCase()], query.resourceType).toContain('patient={{context.patientId}}');
      }
      // Spec v3: panel components through their categories, each search its own key.
      expect(prefetch['observation-vital-signs']).toMatch(/[?&]category=vital-signs/);
      // Synthea-sized records: the Observation prefetch must stay filtered by code on the server.
      expect(prefetch.observation).toMatch(/[?&]code=72514-3%2C/);
    }
  });

  it('answers a browser preflight from an allowed origin and not from others', async () => {
    const allowed = await fetch(`${service.baseUrl}/cds-services/kyphoplasty-order-sign`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:4013', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:4013');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const other = await fetch(`${service.baseUrl}/cds-services/kyphoplasty-order-sign`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 404 for an unknown or undecodable service id', async () => {
    expect((await service.call('no-such-service', {})).status).toBe(404);
    expect((await service.call('%E0%A4%A', {})).status).toBe(404);
  });
});

describe('the shape checks themselves', () => {
  it('reject what the specification does not allow', () => {
    expect(discoveryProblems({ services: [{ hook: 'order-sign', id: 'a b' }] })).toEqual(
      expect.arrayContaining(['services[0].description: required string', 'services[0].id: not a URL path segment']),
    );
    const bad = { summary: 'x'.repeat(140), indicator: 'hard-stop', source: {}, suggestions: [{ label: 'Do', actions: [{ type: 'create', description: 'd' }] }], links: [{ label: 'App', url: '/relative', type: 'smart', appContext: {} }], colour: 'red' };
    expect(cardProblems(bad)).toEqual([
      'card.colour: not a documented field',
      'card.summary: must be under 140 characters (140)',
      'card.indicator: must be info, warning or critical',
      'card.source.label: required string',
      'card.suggestions[0].actions[0].resource: a FHIR resource is required for create',
      'card.selectionBehavior: required with suggestions (at-most-one or any)',
      'card.links[0].url: required absolute URL',
      'card.links[0].appContext: must be a string',
    ]);
  });
});

describe('the configuration file', () => {
  it('says which field is wrong', async () => {
    expect(() => cdsConfig({ trustedIssuers: [{ iss: 'https://ehr' }] })).toThrow('trustedIssuers[0] needs jwksUrl or jwks');
    expect(() => cdsConfig({ trustedIssuers: [{ iss: 'https://ehr', jwksUrl: 'file:///etc/passwd' }] })).toThrow('trustedIssuers[0].jwksUrl must be an https URL (http only on localhost)');
    expect(() => cdsConfig({ maxBodyBytes: -1 })).toThrow('maxBodyBytes must be a positive integer');
    const shipped = await readCdsConfig();
    expect(shipped.trustedIssuers.map((i) => i.iss)).toEqual(['http://localhost:4013']);
  });
});
