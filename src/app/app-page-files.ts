// The app page's files (its script, module preloads and stylesheet), fetched while the physician signs in so that
// index.html finds them in the HTTP cache (assets/ are immutable) instead of starting round trips for them before the
// token request (issues 12 and 22). The build writes them into launch.html as prefetch links inside a <template>
// (build-tools/launch-page.ts): inert there, so they do not compete with the configuration and SMART discovery for
// the link; the launch moves them into the page once discovery is on its way (launch/main.ts). `prefetch`, not
// `modulepreload`: they are for the next page, not this one.

/** The <template> of launch.html holding the prefetch links. */
export const APP_PAGE_FILES_TEMPLATE = 'app-page-files';

/** Starts the prefetches, once: later calls, and pages without the template (the dev server's), do nothing. */
export function prefetchAppPage(doc: Document): void {
  const template = doc.getElementById(APP_PAGE_FILES_TEMPLATE);
  if (!template || !('content' in template)) return;
  template.remove();
  doc.head.append(doc.importNode((template as HTMLTemplateElement).content, true));
}
