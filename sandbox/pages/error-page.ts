// Shown by the authorization server when it must not redirect (unknown client or unverified
// redirect URI): sending the browser to an unverified URI would make us an open redirector.
import { html, page } from '../http/html';

export function authorizeErrorPage(error: string, description: string, launcherUrl: string): string {
  return page(
    `Authorization error: ${error}`,
    html`<main class="narrow">
<h1>Authorization refused</h1>
<p class="error" data-testid="authorize-error" data-error="${error}"><strong>${error}</strong>: ${description}</p>
<p>The sandbox did not redirect back to the app because it could not verify where to send you.</p>
<p><a href="${launcherUrl}" data-testid="back-to-launcher">Back to the launcher</a></p>
</main>`,
  );
}
