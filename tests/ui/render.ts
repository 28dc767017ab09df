// Render Preact into a jsdom container and fire real DOM events, flushing renders and effects with act().
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';

export interface Mounted {
  container: HTMLElement;
  unmount(): void;
}

export function mount(node: ComponentChild): Mounted {
  const container = document.createElement('div');
  document.body.appendChild(container);
  act(() => render(node, container));
  return {
    container,
    unmount() {
      act(() => render(null, container));
      container.remove();
    },
  };
}

/** Types into an input as a user would: set the value, then dispatch `input`. */
export function type(input: HTMLInputElement, value: string): void {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export function click(element: HTMLElement): void {
  act(() => element.click());
}

export function byTestId(root: ParentNode, id: string): HTMLElement {
  const element = root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`no element with data-testid="${id}"`);
  return element;
}

export function radio(root: ParentNode, field: string, choice: 'yes' | 'no' | 'unanswered'): HTMLInputElement {
  const input = root.querySelector<HTMLInputElement>(`#answer-${field}-${choice}`);
  if (!input) throw new Error(`no ${choice} radio for ${field}`);
  return input;
}

/** Waits until `check` stops throwing (async app flows). */
export async function waitFor<T>(check: () => T, timeoutMs = 3000): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/** Waits until `selector` matches inside `root`, and returns the element. */
export function waitForElement(root: ParentNode, selector: string, timeoutMs = 5000): Promise<HTMLElement> {
  return waitFor(() => {
    const element = root.querySelector<HTMLElement>(selector);
    if (!element) throw new Error(`nothing matches ${selector}`);
    return element;
  }, timeoutMs);
}
