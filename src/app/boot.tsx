// Mounts index.html's app into its root element (cleared first: Preact's render keeps existing children).
import { render, type ComponentChild } from 'preact';
import { App, type StartSession } from '../ui/App';
import { runSession } from './session';

export function mount(root: Element, page: ComponentChild): void {
  root.textContent = '';
  render(page, root);
}

/** index.html: ready() -> load -> assess -> render. */
export function bootApp(root: Element, start: StartSession = (update) => runSession(update)): void {
  mount(root, <App start={start} />);
}
