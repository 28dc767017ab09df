// Which draft orders the service reacts to: a ServiceRequest, or a Procedure still in preparation,
// coded CPT 22510-22515 or named vertebroplasty / kyphoplasty / vertebral augmentation; and the spine region each
// treats, for the imaging the card suggests.
import { VERTEBRAL_AUGMENTATION_ORDER, conceptMatches, conceptTexts, isCpt, textHasAnyTerm } from '../src/clinical/codes';
import { AUGMENTATION_CPT_REGION, regionOfLevels, type SpineRegion } from '../src/clinical/orders';
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
  /** The region the order treats: from its bodySite (levels, else the words thoracic / lumbar), else its CPT code. */
  region?: SpineRegion;
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

/** "Thoracic spine", "lumbar vertebra": the region a bodySite names without a level (thoracic only when alone). */
function bodySiteRegion(bodySite: unknown): SpineRegion | undefined {
  const texts = (Array.isArray(bodySite) ? bodySite : []).flatMap((site) => conceptTexts(toConcept(site)));
  const lumbar = texts.some((t) => textHasAnyTerm(t, ['lumbar', 'lumbosacral']));
  if (lumbar) return 'lumbar';
  return texts.some((t) => textHasAnyTerm(t, ['thoracic'])) ? 'thoracic' : undefined;
}

/** 22513 thoracic, 22514 lumbar, 22510 cervicothoracic, 22511 lumbosacral; the add-on codes name no region. */
function cptRegion(code: Concept | undefined): SpineRegion | undefined {
  const regions = (code?.codings ?? []).filter((c) => isCpt(c.system) && c.code).map((c) => AUGMENTATION_CPT_REGION[c.code!]).filter((r): r is SpineRegion => !!r);
  if (regions.length === 0) return undefined;
  return regions.every((r) => r === 'thoracic') ? 'thoracic' : 'lumbar';
}

/** What the order itself says about the region: its levels first (the most precise), then its words, then its code. */
export function orderRegion(levels: readonly string[], bodySite: unknown, code: Concept | undefined): SpineRegion | undefined {
  return regionOfLevels(levels) ?? bodySiteRegion(bodySite) ?? cptRegion(code);
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
  const levels = orderLevels(resource.bodySite);
  const region = orderRegion(levels, resource.bodySite, code);
  return {
    resourceType: type,
    ...(id ? { id, reference: `${type}/${id}` } : {}),
    display,
    levels,
    ...(region ? { region } : {}),
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
