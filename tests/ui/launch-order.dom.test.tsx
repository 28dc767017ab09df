// Opened from a CDS Hooks card, the app names the order under review and prefills its levels.
import { afterEach, beforeAll, expect, it } from 'vitest';
import { AssessmentScreen, loadDetails } from '../../src/ui/AssessmentScreen';

beforeAll(() => loadDetails());
import { AS_OF, needsInformationRecord } from './fixtures';
import { byTestId, mount, type Mounted } from './render';

let mounted: Mounted | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
  // Answers are kept per launch in sessionStorage (answers-store.ts): each test starts a new launch.
  sessionStorage.clear();
});

it("shows the card's order and assesses the levels it names", () => {
  const order = { reference: 'ServiceRequest/sr-1', display: 'Kyphoplasty, lumbar', levels: ['T12', 'L1', 'L2', 'L3'] };
  mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner order={order} />);
  const { container } = mounted;
  expect(byTestId(container, 'launch-order').textContent).toBe('Order under review: Kyphoplasty, lumbar at T12, L1, L2, L3');
  expect(container.querySelector<HTMLInputElement>('#answer-levels')!.value).toBe('T12 L1 L2 L3');
  // Issue 19: the order's levels are marked as the order's, not as the physician's answer.
  expect(byTestId(container, 'levels').textContent).toContain('Treated level: T12, L1, L2, L3 (from the order)');
  expect(byTestId(container, 'levels').textContent).not.toContain('your answer');
  // Four levels: the rules' too-many-levels reads the order's levels as the levels to treat.
  expect(container.querySelector('.panel [data-id="too-many-levels"]')!.textContent).toContain('Present');
});

it('opens as usual without a card', () => {
  mounted = mount(<AssessmentScreen record={needsInformationRecord()} asOf={AS_OF} showBanner />);
  expect(mounted.container.querySelector('[data-testid="launch-order"]')).toBeNull();
  expect(mounted.container.querySelector<HTMLInputElement>('#answer-levels')!.value).toBe('');
});
