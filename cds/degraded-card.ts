// The card when the record could not be read within the service's time budget: it says so, asks for
// nothing to be ordered, and links to the app, which reads the record at its own pace. An EHR that got
// a 412 here would show nothing at all at the moment the physician signs.
import { randomUUID } from 'node:crypto';
import { appContextOf, type Card } from './card';
import { augmentationOrders } from './draft-orders';
import type { OrderHookRequest } from './hook-request';
import { OVERRIDE_REASONS } from './override-reasons';

export const DEGRADED_SUMMARY = 'Vertebral augmentation: could not read the record in time: open the app';

export function degradedCard(request: OrderHookRequest, appLaunchUrl: string, budgetMs: number): Card | undefined {
  const order = augmentationOrders(request)[0];
  if (!order) return undefined;
  return {
    uuid: randomUUID(),
    summary: DEGRADED_SUMMARY,
    indicator: 'warning',
    detail:
      `The patient's record did not arrive from the EHR's FHIR server within ${(budgetMs / 1000).toFixed(1)} s, so the ` +
      'candidacy rules were not run and nothing is known yet about this order. Open the app to read the whole record and see the assessment.',
    source: { label: 'Kyphoplasty Candidacy' },
    links: [{ label: 'Open Kyphoplasty Candidacy', url: appLaunchUrl, type: 'smart', appContext: appContextOf(order) }],
    overrideReasons: [...OVERRIDE_REASONS],
  };
}
