// Page landmarks shared by both pages: a skip link, the header, and main.
import type { ComponentChildren } from 'preact';
import { ErrorBoundary } from './ErrorBoundary';

export function Shell({ subtitle, children }: { subtitle?: string; children?: ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="app-header">
        <h1>Kyphoplasty candidacy</h1>
        <p class="tagline">{subtitle ?? 'Decision support for vertebral augmentation, from the patient\'s record.'}</p>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>{children}</ErrorBoundary>
      </main>
    </>
  );
}
