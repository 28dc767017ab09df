// Which draft orders the service reacts to: a ServiceRequest, or a Procedure still in preparation,
// coded CPT 22510-22515 or named vertebroplasty / kyphoplasty / vertebral augmentation.
import { VERTEBRAL_AUGMENTATION_ORDER, conceptMatches, conceptTexts, textHasAnyTerm } from '../src/clinical/codes';
import type { Concept } from '../src/clinical/record';
import type { OrderHookRequest } from './hook-request';

export interface AugmentationOrder {
  resourceType: 'ServiceRequest' | 'Procedure';
  id?: string;
  /** "ServiceRequest/123", when the order has an id. */
  reference?: string;
  /** The order's name as the EHR shows it. */
  display: string;
  /** Levels named by the order's bodySite, top to bottom: ["T12", "L1"]. */
  levels: string[];
  resource: Record<string, unknown>;
}

type Json = Record<string, unknown>;

const LEVEL_ORDER = [...Array.from({ length: 12 }, (_, i) => `T${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `L${i + 1}`)];
const LEVEL_WORD = /(?:^|[^A-Za-z0-9])([TL])(1[0-2]|[1-9])(?![0-9])/gi;
const IGNORED_STATUSES = new Set(['entered-in-error', 'revoked', 'completed', 'not-done', 'stopped']);

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toConcept(value: unknown): Concept | undefined {
  if (!isObject(value)) return undefined;
  const codings = (Array.isArray(value.coding) ? value.coding : []).filter(isObject).map((c) => ({
    ...(typeof c.system === 'string' ? { system: c.system } : {}),
    ...(typeof c.code === 'string' ? { code: c.code } : {}),
    ...(typeof c.display === 'string' ? { display: c.display } : {}),
  }));
  return { codings, ...(typeof value.text === 'string' ? { text: value.text } : {}) };
}

function isAugmentation(code: Concept | undefined): boolean {
  if (!code) return false;
  return conceptMatches(code, VERTEBRAL_AUGMENTATION_ORDER.codes) || conceptTexts(code).some((t) => textHasAnyTerm(t, VERTEBRAL_AUGMENTATION_ORDER.text));
}

/** Vertebral levels written in the order's body sites ("L1 vertebra", "T12-L1"). */
export function orderLevels(bodySite: unknown): string[] {
  const found = new Set<string>();
  for (const site of Array.isArray(bodySite) ? bodySite : []) {
    for (const text of conceptTexts(toConcept(site))) {
      for (const match of text.matchAll(LEVEL_WORD)) {
        const level = `${match[1]!.toUpperCase()}${match[2]}`;
        if (LEVEL_ORDER.includes(level)) found.add(level);
      }
    }
  }
  return [...found].sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b));
}

function augmentationOrder(resource: unknown): AugmentationOrder | undefined {
  if (!isObject(resource)) return undefined;
  const type = resource.resourceType;
  if (type !== 'ServiceRequest' && type !== 'Procedure') return undefined;
  // A Procedure is a proposal only before it is done; a signed or finished one is history, not an order.
  if (type === 'Procedure' && resource.status !== 'preparation') return undefined;
  if (typeof resource.status === 'string' && IGNORED_STATUSES.has(resource.status)) return undefined;
  const code = toConcept(resource.code);
  if (!isAugmentation(code)) return undefined;
  const id = typeof resource.id === 'string' && resource.id ? resource.id : undefined;
  const display = code?.text ?? code?.codings.find((c) => c.display)?.display ?? 'Vertebral augmentation';
  return {
    resourceType: type,
    ...(id ? { id, reference: `${type}/${id}` } : {}),
    display,
    levels: orderLevels(resource.bodySite),
    resource,
  };
}

/**
 * The vertebral augmentation orders the hook is about. For order-select, only the orders just
 * selected: the others in the basket were reviewed when they were selected.
 */
export function augmentationOrders(request: OrderHookRequest): AugmentationOrder[] {
  const entries = request.context.draftOrders.entry ?? [];
  const orders = entries.map((entry) => augmentationOrder(isObject(entry) ? entry.resource : undefined)).filter((o): o is AugmentationOrder => !!o);
  const selections = request.context.selections;
  if (!selections) return orders;
  const selected = new Set(selections);
  return orders.filter((order) => order.reference && selected.has(order.reference));
}
