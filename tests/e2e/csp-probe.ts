// What the page's Content-Security-Policy does with a script injected into it: the directive that refused it
// (`script-src-elem` under the app's policies), 'ran' if it ran, or 'no violation reported'.
import type { Page } from 'playwright-core';

export function injectedScriptVerdict(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
        const script = document.createElement('script');
        script.textContent = 'window.__inline = 1';
        document.body.append(script);
        setTimeout(() => resolve((window as unknown as { __inline?: number }).__inline ? 'ran' : 'no violation reported'), 2_000);
      }),
  );
}
