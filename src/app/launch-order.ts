// The order a CDS Hooks card launched the app for: the card's appContext (a JSON string the
// service wrote, cds/card.ts KyphoplastyAppContext) and the SMART fhirContext of the token response.
// Anything malformed is ignored: the app then opens as from any other launch.

export interface LaunchOrder {
  /** "ServiceRequest/123", when known. */
  reference?: string;
  /** The order's name, as the EHR showed it. */
  display: string;
  /** The levels the order names, top to bottom, e.g. ["L1"]. */
  levels: string[];
}

const LEVEL = /^(T([1-9]|1[0-2])|L[1-5])$/;
const REFERENCE = /^(ServiceRequest|Procedure)\/[A-Za-z0-9\-.]{1,64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The order in a token response, or undefined when the launch did not come from our card. */
export function launchOrder(tokenResponse: unknown): LaunchOrder | undefined {
  if (!isObject(tokenResponse) || typeof tokenResponse.appContext !== 'string') return undefined;
  let context: unknown;
  try {
    context = JSON.parse(tokenResponse.appContext);
  } catch {
    return undefined;
  }
  const order = isObject(context) ? context.kyphoplastyOrder : undefined;
  if (!isObject(order)) return undefined;
  const levels = Array.isArray(order.levels) ? order.levels.filter((l): l is string => typeof l === 'string' && LEVEL.test(l)) : [];
  const fromFhirContext = Array.isArray(tokenResponse.fhirContext)
    ? tokenResponse.fhirContext.map((c) => (isObject(c) ? c.reference : undefined)).find((r): r is string => typeof r === 'string' && REFERENCE.test(r))
    : undefined;
  const reference = typeof order.reference === 'string' && REFERENCE.test(order.reference) ? order.reference : fromFhirContext;
  const display = typeof order.display === 'string' && order.display.trim() ? order.display.trim().slice(0, 200) : 'Vertebral augmentation';
  return { ...(reference ? { reference } : {}), display, levels: [...new Set(levels)] };
}
