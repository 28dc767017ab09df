// The server's CapabilityStatement, read once per session and shared (issue 18): the loader checks the per-EHR search
// claims of smart-config.json against it (clinical-rules §0 *Reading through a server*), the write-back asks it which
// types are created conditionally. Kept to the few facts those two need, so the statement itself is not held.
//
// Lean on the wire without trusting less: asked with `_elements=rest` (FHIR's `_elements` names top-level elements:
// `rest` keeps every type, search parameter and interaction whole and drops the narrative and descriptions). A server
// that ignores it answers the full statement, which serves as well; one that refuses it (an error status) or answers a
// statement with no search parameter at all (a server that summarised instead) is asked again for the full statement.
// Nothing usable after that: undefined, and each user fails safe (a named gap and the fallback; search-then-create).
// No imports. It lives in the loader's chunk; the write-back receives the session's answer through its ChartSession
// (src/writeback/chart-access.ts) rather than importing it, which would split it into a script of its own.

export interface ServerCapability {
  /** The search parameters listed for a type (its own and those of `rest.searchParam`, for every type), or undefined when the statement does not describe the type. */
  searchParams(type: string): ReadonlySet<string> | undefined;
  /** Types created conditionally (`rest.resource.conditionalCreate`). */
  conditionalCreate: ReadonlySet<string>;
  /** The system-level interactions (`rest.interaction`: batch, transaction, ...). */
  systemInteractions: ReadonlySet<string>;
}

/** GET a path relative to the FHIR base and parse the JSON; throws on failure, with `status` when the server answered. */
export type CapabilityGet = (path: string) => Promise<unknown>;

/** The lean request, and the full one it falls back to. */
export const LEAN_METADATA = 'metadata?_elements=rest';
export const FULL_METADATA = 'metadata';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const names = (list: unknown, key: string): string[] => objects(list).flatMap((item) => (typeof item[key] === 'string' ? [item[key] as string] : []));

/** The server's `rest` entries (mode server, or no mode), or undefined when the answer is not a CapabilityStatement. */
function serverRests(statement: unknown): Json[] | undefined {
  if (!isObject(statement) || statement.resourceType !== 'CapabilityStatement') return undefined;
  return objects(statement.rest).filter((rest) => rest.mode === undefined || rest.mode === 'server');
}

/** The facts the app reads from a CapabilityStatement, or undefined when the answer is not one. */
export function parseCapability(statement: unknown): ServerCapability | undefined {
  const rests = serverRests(statement);
  if (!rests) return undefined;
  const common = rests.flatMap((rest) => names(rest.searchParam, 'name'));
  const params = new Map<string, Set<string>>();
  const conditionalCreate = new Set<string>();
  for (const resource of rests.flatMap((rest) => objects(rest.resource))) {
    if (typeof resource.type !== 'string') continue;
    const listed = params.get(resource.type) ?? new Set(common);
    for (const name of names(resource.searchParam, 'name')) listed.add(name);
    params.set(resource.type, listed);
    if (resource.conditionalCreate === true) conditionalCreate.add(resource.type);
  }
  return {
    searchParams: (type) => params.get(type),
    conditionalCreate,
    systemInteractions: new Set(rests.flatMap((rest) => names(rest.interaction, 'code'))),
  };
}

/**
 * Whether an answer to the lean request can stand for the full statement: a CapabilityStatement that lists search
 * parameters somewhere. One without any (a server that applied a summary, not `_elements`) might have dropped them;
 * the full statement is read instead of reporting parameters as missing that the server lists.
 */
function leanAnswerUsable(statement: unknown): boolean {
  const rests = serverRests(statement);
  return !!rests && rests.some((rest) => objects(rest.searchParam).length > 0 || objects(rest.resource).some((r) => objects(r.searchParam).length > 0));
}

/** An error the server answered (an HTTP status): the lean request may be what it refused. */
function answeredWithStatus(error: unknown): boolean {
  const status = isObject(error) || error instanceof Error ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The CapabilityStatement, lean where the server allows, else whole; undefined when neither can be read or used. */
export async function readCapability(get: CapabilityGet): Promise<ServerCapability | undefined> {
  let lean: unknown;
  try {
    lean = await get(LEAN_METADATA);
  } catch (error) {
    // A timeout, a network failure or an abort would fail the full request too: not asked twice.
    if (!answeredWithStatus(error)) return undefined;
  }
  if (leanAnswerUsable(lean)) return parseCapability(lean);
  try {
    return parseCapability(await get(FULL_METADATA));
  } catch {
    return undefined;
  }
}

const bySession = new WeakMap<object, Promise<ServerCapability | undefined>>();

/**
 * The session's CapabilityStatement: read by the first caller (the loader, in the searches' round), then shared
 * (the write-back's saves). A read that found nothing usable is not kept: the next caller asks again (an aborted
 * load, a server that was briefly away), so a failure costs a request, never a wrong answer.
 */
export function sessionCapability(session: object, get: CapabilityGet): Promise<ServerCapability | undefined> {
  const known = bySession.get(session);
  if (known) return known;
  const read = readCapability(get).then((capability) => {
    if (!capability && bySession.get(session) === read) bySession.delete(session);
    return capability;
  });
  bySession.set(session, read);
  return read;
}
