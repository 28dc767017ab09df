// The app reads the order a CDS Hooks card launched it for, and nothing it cannot trust.
import { describe, expect, it } from 'vitest';
import { launchOrder } from '../../src/app/launch-order';
import { appContextOf } from '../../cds/card';

describe('launchOrder', () => {
  it("reads the service's own appContext", () => {
    const appContext = appContextOf({ resourceType: 'ServiceRequest', id: 'sr-1', reference: 'ServiceRequest/sr-1', display: 'Kyphoplasty, lumbar', levels: ['T12', 'L1'], resource: {} });
    expect(launchOrder({ access_token: 't', appContext })).toEqual({ reference: 'ServiceRequest/sr-1', display: 'Kyphoplasty, lumbar', levels: ['T12', 'L1'] });
  });

  it('takes the reference from fhirContext when appContext has none', () => {
    const appContext = JSON.stringify({ kyphoplastyOrder: { display: 'Vertebroplasty', levels: ['L2'] } });
    expect(launchOrder({ appContext, fhirContext: [{ reference: 'ServiceRequest/x9' }] })).toEqual({ reference: 'ServiceRequest/x9', display: 'Vertebroplasty', levels: ['L2'] });
  });

  it('ignores launches not from the card and malformed context', () => {
    expect(launchOrder({ access_token: 't' })).toBeUndefined();
    expect(launchOrder({ appContext: 'not json' })).toBeUndefined();
    expect(launchOrder({ appContext: JSON.stringify({ other: 1 }) })).toBeUndefined();
    expect(launchOrder(undefined)).toBeUndefined();
  });

  it('drops levels and references that are not what they claim', () => {
    const appContext = JSON.stringify({ kyphoplastyOrder: { reference: 'javascript:alert(1)', display: '', levels: ['L1', 'X9', 7, 'L1'] } });
    expect(launchOrder({ appContext })).toEqual({ display: 'Vertebral augmentation', levels: ['L1'] });
  });
});
