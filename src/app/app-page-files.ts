// The app page's files (its script, module preloads and stylesheet), fetched while the physician signs in so that
// index.html does not start round trips for them before the token request (issues 12 and 22). The build writes them
// into launch.html inside a <template> (build-tools/launch-page.ts): inert there, so they do not compete with the
// configuration and SMART discovery for the link; the launch moves them into the page once discovery is on its way
// (launch/main.ts). Scripts as module preloads (the app page takes them without a cache read), the stylesheet as a
// prefetch: build-tools/launch-page.ts says why and what each gave.

/** The <template> of launch.html holding the links that fetch the app page's files. */
export const APP_PAGE_FILES_TEMPLATE = 'app-page-files';

/** Starts fetching them, once: later calls, and pages without the template (the dev server's), do nothing. */
export function fetchAppPageAhead(doc: Document): void {
  const template = doc.getElementById(APP_PAGE_FILES_TEMPLATE);
  if (!template || !('content' in template)) return;
  template.remove();
  doc.head.append(doc.importNode((template as HTMLTemplateElement).content, true));
}
