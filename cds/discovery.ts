// GET /cds-services: the two services an EHR registers, one per ordering hook.
import { prefetchTemplates } from './prefetch-plan';

export type OrderHook = 'order-select' | 'order-sign';

export interface CdsServiceDefinition {
  hook: OrderHook;
  id: string;
  title: string;
  description: string;
  prefetch: Record<string, string>;
  usageRequirements?: string;
}

const USAGE =
  'Send the prefetch (or fhirServer with fhirAuthorization granting patient/*.rs). Calls must carry a JWT signed by a trusted issuer.';

export const CDS_SERVICES: readonly CdsServiceDefinition[] = [
  {
    hook: 'order-select',
    id: 'kyphoplasty-order-select',
    title: 'Kyphoplasty candidacy (order selected)',
    description:
      'When a vertebral augmentation order (CPT 22510-22515) is selected, checks the record against the kyphoplasty / vertebroplasty criteria, contraindications and pre-procedure workup.',
    prefetch: prefetchTemplates(),
    usageRequirements: USAGE,
  },
  {
    hook: 'order-sign',
    id: 'kyphoplasty-order-sign',
    title: 'Kyphoplasty candidacy (order signed)',
    description:
      'Before a vertebral augmentation order (CPT 22510-22515) is signed, reviews the criteria, contraindications and missing workup, and offers to order what is missing.',
    prefetch: prefetchTemplates(),
    usageRequirements: USAGE,
  },
];

export function findService(id: string): CdsServiceDefinition | undefined {
  return CDS_SERVICES.find((service) => service.id === id);
}

export function discoveryDocument(): { services: CdsServiceDefinition[] } {
  return { services: CDS_SERVICES.map((service) => ({ ...service, prefetch: { ...service.prefetch } })) };
}
