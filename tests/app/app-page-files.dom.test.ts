// The launch page fetches the app page's files ahead once SMART discovery is on its way (issue 22): until then the
// build's links sit in an inert <template>, so they do not compete with the configuration and discovery.
import { afterEach, describe, expect, it } from 'vitest';
import { APP_PAGE_FILES_TEMPLATE, fetchAppPageAhead } from '../../src/app/app-page-files';

const aheadLinks = () => [...document.head.querySelectorAll('link[rel="modulepreload"], link[rel="prefetch"]')].map((link) => `${link.getAttribute('rel')} ${link.getAttribute('href')} ${link.hasAttribute('crossorigin') ? 'cors' : 'no-cors'}`);

afterEach(() => {
  document.head.innerHTML = '';
});

describe('fetchAppPageAhead', () => {
  it('moves the template\'s links into the page once, as the same cross-origin requests', () => {
    document.head.innerHTML = `<template id="${APP_PAGE_FILES_TEMPLATE}"><link rel="modulepreload" crossorigin href="./assets/index-1.js"><link rel="prefetch" as="style" crossorigin href="./assets/index-2.css"></template>`;
    expect(aheadLinks()).toEqual([]);
    fetchAppPageAhead(document);
    expect(aheadLinks()).toEqual(['modulepreload ./assets/index-1.js cors', 'prefetch ./assets/index-2.css cors']);
    expect(document.getElementById(APP_PAGE_FILES_TEMPLATE)).toBeNull();
    // Discovery asked again (fhirclient's cache answers it) adds nothing.
    fetchAppPageAhead(document);
    expect(aheadLinks()).toHaveLength(2);
  });

  it('does nothing on a page without the template (the dev server serves launch.html from source)', () => {
    fetchAppPageAhead(document);
    expect(aheadLinks()).toEqual([]);
  });
});
