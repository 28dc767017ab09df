// A hostile open FHIR server for command-line tests (node:http on 127.0.0.1, port 0). It ignores every search
// parameter, so each search answers with the resources of that type of every patient it holds; and, by the mode
// named in the first path segment (`http://127.0.0.1:PORT/<mode>/fhir`), it misbehaves in one more way.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type HostileMode =
  | 'honest' // only the launch patient's resources
  | 'mixed' // every patient's resources in every search
  | 'swapped-patient' // the Patient read answers with another patient
  | 'redirect-patient' // the Patient read redirects to another origin
  | 'redirect-search' // the Condition search redirects to another origin
  | 'huge-patient' // the Patient read announces 300 MB
  | 'html-patient'; // the Patient read answers with a sign-in page

type Json = Record<string, unknown>;

/** A Synthea bundle as a server holds it: `urn:uuid:` references rewritten to `Type/id`. */
export function serverResources(bundle: unknown): Json[] {
  const entries = (bundle as { entry: Array<{ fullUrl?: string; resource: Json }> }).entry;
  const names = new Map(entries.filter((e) => e.fullUrl).map((e) => [e.fullUrl!, `${String(e.resource.resourceType)}/${String(e.resource.id)}`]));
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'reference' && typeof v === 'string' ? names.get(v) ?? v : rewrite(v)]));
    }
    return value;
  };
  return entries.map((e) => rewrite(e.resource) as Json);
}

export interface HostileServer {
  baseUrl(mode: HostileMode): string;
  /** Requests that reached the other origin (a redirect target). */
  readonly elsewhere: string[];
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export async function startHostileServer(launchPatient: Json[], otherPatients: Json[]): Promise<HostileServer> {
  const elsewhere: string[] = [];
  const other = createServer((req, res) => {
    elsewhere.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
    res.end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [] }));
  });
  const otherOrigin = await listen(other);
  const patient = launchPatient.find((r) => r.resourceType === 'Patient')!;
  const swapped = otherPatients.find((r) => r.resourceType === 'Patient')!;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, mode, , type, id] = url.pathname.split('/') as [string, HostileMode, string, string, string | undefined];
    const json = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.end(JSON.stringify(body));
    };
    const redirect = () => {
      res.writeHead(302, { Location: `${otherOrigin}/fhir${url.pathname.split('/fhir')[1]}${url.search}` });
      res.end();
    };
    if (type === 'Patient' && id) {
      if (mode === 'swapped-patient') return json(swapped);
      if (mode === 'redirect-patient') return redirect();
      if (mode === 'huge-patient') {
        res.on('close', () => res.destroy());
        res.writeHead(200, { 'Content-Type': 'application/fhir+json', 'Content-Length': String(300 * 1024 * 1024) });
        res.write('{"resourceType":"Patient","id":"');
        return;
      }
      if (mode === 'html-patient') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        return res.end('<!doctype html>\n<html><head><title>Sign in</title></head><body>Single sign-on</body></html>');
      }
      return json(patient);
    }
    if (mode === 'redirect-search' && type === 'Condition') return redirect();
    const pool = mode === 'mixed' ? [...otherPatients, ...launchPatient] : launchPatient;
    json({ resourceType: 'Bundle', type: 'searchset', entry: pool.filter((r) => r.resourceType === type).map((resource) => ({ resource, search: { mode: 'match' } })) });
  });
  const origin = await listen(server);
  return {
    baseUrl: (mode) => `${origin}/${mode}/fhir`,
    elsewhere,
    async close() {
      server.closeAllConnections();
      other.closeAllConnections();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))]);
    },
  };
}
