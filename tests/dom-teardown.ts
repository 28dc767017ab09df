// Every jsdom test file: unmount what the tests rendered and let Preact's deferred effects run before jsdom goes.
// Preact schedules effects on requestAnimationFrame with a 35 ms timer beside it; a timer still pending when the
// environment is torn down calls cancelAnimationFrame after jsdom has removed it, an unhandled error that fails the run.
import { afterAll, afterEach } from 'vitest';
import { render } from 'preact';

/** Preact keeps a root's rendered tree on the container under this (mangled, stable in Preact 10) property. */
const PREACT_ROOT = '__k';

afterEach(() => {
  const roots = [document.body, ...Array.from(document.body.querySelectorAll('*'))].filter((el) => PREACT_ROOT in el);
  for (const root of roots) render(null, root);
});

afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 100));
});
