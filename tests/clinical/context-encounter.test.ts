// Issue 8 item 4: the Encounter of the launch context decides the hospital setting before the in-progress search.
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { AS_OF, MAN_76, criterion, dtAgo, encounter, pain, patient, recordOf, type Resource } from './builders';

function withContext(context: Resource, ...others: Resource[]) {
  const record = recordOf(patient(MAN_76), pain(6, 1), context, ...others);
  record.contextEncounterId = context.id;
  return assess(record, {}, AS_OF);
}

describe('severe-pain: hospital setting from the launch context (§0 Inpatient stay, issue 8)', () => {
  it('severe-pain: an inpatient context encounter (IMP) makes the patient hospitalized: NRS 6 is below 8', () => {
    const a = withContext(encounter('IMP', 'in-progress', dtAgo(3)));
    expect(a.hospitalized).toBe(true);
    expect(criterion(a, 'severe-pain').status).toBe('not-met');
  });

  it('severe-pain: an outpatient context encounter (AMB) decides, even beside a stale in-progress inpatient stay', () => {
    const stale = encounter('IMP', 'in-progress', dtAgo(40));
    const a = withContext(encounter('AMB', 'in-progress', dtAgo(0)), stale);
    expect(a.hospitalized).toBe(false);
    expect(criterion(a, 'severe-pain').status).toBe('met');
    expect(criterion(a, 'severe-pain').evidence.map((e) => e.display).join(' ')).toMatch(/this encounter, class AMB/);
  });

  it('severe-pain: without a context encounter, the in-progress inpatient search decides as before', () => {
    const record = recordOf(patient(MAN_76), pain(6, 1), encounter('ACUTE', 'in-progress', dtAgo(3)));
    expect(assess(record, {}, AS_OF).hospitalized).toBe(true);
  });

  it('severe-pain: the answer still wins over the context encounter', () => {
    const context = encounter('IMP', 'in-progress', dtAgo(3));
    const record = recordOf(patient(MAN_76), pain(6, 1), context);
    record.contextEncounterId = context.id;
    expect(assess(record, { hospitalized: false }, AS_OF).hospitalized).toBe(false);
  });
});
