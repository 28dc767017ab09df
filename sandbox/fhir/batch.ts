// FHIR `batch` (POST to the base, issue 22 item 3): many searches in one request and one CORS preflight, as HAPI and
// Medplum answer it. Only GET entries (reads and searches): each is answered exactly as the same GET would be (the
// token's access control, its EHR profile, paging links), its own status in `entry.response`; one entry's failure
// is that entry's, never the batch's. Profiles whose real servers are not known to answer batch refuse it (./ehr-profiles.ts).
import type { IncomingMessage } from 'node:http';
import type { Bundle, BundleEntry } from 'fhir/r4';
import { BodyTooLargeError, readBody } from '../../http-kit/body';
import { fhirError, FhirHttpError, operationOutcome } from './outcome';
import type { FhirRequestTarget } from './fhir-api';

/** Entries one batch may carry: the app's plan sends about thirty. */
export const MAX_BATCH_ENTRIES = 100;

type Answer = (req: IncomingMessage, target: FhirRequestTarget) => Promise<{ status: number; body: unknown }>;

async function batchBody(req: IncomingMessage): Promise<Bundle> {
  let text: string;
  try {
    text = await readBody(req, 1024 * 1024);
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw fhirError(413, 'too-costly', 'The batch is larger than 1 MB');
    throw error;
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fhirError(400, 'structure', 'The body is not JSON');
  }
  const bundle = body as Bundle;
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'batch') throw fhirError(400, 'invalid', 'POST to the base takes a Bundle of type batch');
  if ((bundle.entry?.length ?? 0) > MAX_BATCH_ENTRIES) throw fhirError(413, 'too-costly', `A batch may carry at most ${MAX_BATCH_ENTRIES} entries`);
  return bundle;
}

/** An entry's request URL (relative to the base, or absolute below it) as the target a GET would have had. */
function entryTarget(url: string, target: FhirRequestTarget): FhirRequestTarget | undefined {
  const base = target.fhirBaseUrl.replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(url, `${base}/`);
  } catch {
    return undefined;
  }
  if (!`${parsed.origin}${parsed.pathname}`.startsWith(`${base}/`)) return undefined;
  return { fhirBaseUrl: target.fhirBaseUrl, path: parsed.pathname.slice(new URL(base).pathname.length + 1), query: parsed.searchParams };
}

function failed(status: number, outcome: unknown): BundleEntry {
  return { response: { status: String(status), outcome: outcome as never } };
}

/** The batch-response: one entry per request entry, in order. */
export async function answerBatch(req: IncomingMessage, target: FhirRequestTarget, answer: Answer): Promise<Bundle> {
  const bundle = await batchBody(req);
  const entries: BundleEntry[] = [];
  for (const entry of bundle.entry ?? []) {
    const request = entry.request;
    if (request?.method !== 'GET' || typeof request.url !== 'string') {
      entries.push(failed(400, operationOutcome('not-supported', 'This sandbox answers GET entries (reads and searches) in a batch')));
      continue;
    }
    const entryTargetOf = entryTarget(request.url, target);
    if (!entryTargetOf || entryTargetOf.path === '' || entryTargetOf.path === 'metadata' || entryTargetOf.path.startsWith('.well-known')) {
      entries.push(failed(400, operationOutcome('invalid', `Not a read or search below this server: ${request.url.slice(0, 200)}`)));
      continue;
    }
    // The same request as a GET: the batch's headers (its bearer token) and the entry's path and query.
    const get = { method: 'GET', headers: req.headers, url: request.url } as unknown as IncomingMessage;
    try {
      const { status, body } = await answer(get, entryTargetOf);
      entries.push({ resource: body as never, response: { status: String(status) } });
    } catch (error) {
      if (!(error instanceof FhirHttpError)) throw error;
      entries.push(failed(error.status, error.outcome));
    }
  }
  return { resourceType: 'Bundle', type: 'batch-response', entry: entries };
}
