// A hook call into its answer: the augmentation order in the draft orders, the record, the same
// assess() as the app, one card. No augmentation order, no cards.
import { parseAnswers } from '../src/clinical/answers';
import { assess } from '../src/clinical/assess';
import type { Answers } from '../src/clinical/types';
import { buildCard, type Card } from './card';
import type { TrustedIssuer } from './config';
import type { CdsServiceDefinition } from './discovery';
import { augmentationOrders } from './draft-orders';
import { parseOrderHookRequest } from './hook-request';
import { recordForHook } from './record-source';

export interface ReviewSettings {
  appLaunchUrl: string;
  today: () => Date;
}

export interface HookResponse {
  cards: Card[];
}

export async function reviewOrder(body: unknown, service: CdsServiceDefinition, issuer: TrustedIssuer, settings: ReviewSettings): Promise<HookResponse> {
  const request = parseOrderHookRequest(body, service.hook);
  const order = augmentationOrders(request)[0];
  if (!order) return { cards: [] };
  const record = await recordForHook(request, issuer);
  const asOf = settings.today().toISOString().slice(0, 10);
  // The levels the order names are the levels to treat (too-many-levels reads them).
  const answers: Answers = order.levels.length ? parseAnswers({ levels: order.levels }, asOf) : {};
  const assessment = assess(record, answers, asOf);
  const card = buildCard({
    assessment,
    order,
    patientId: request.context.patientId,
    ...(request.context.encounterId ? { encounterId: request.context.encounterId } : {}),
    appLaunchUrl: settings.appLaunchUrl,
    hookInstance: request.hookInstance,
    record,
  });
  return { cards: [card] };
}
