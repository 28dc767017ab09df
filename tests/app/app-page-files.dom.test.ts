// The launch page prefetches the app page's files once SMART discovery is on its way (issue 22): until then the
// build's prefetch links sit in an inert <template>, so they do not compete with the configuration and discovery.
import { afterEach, describe, expect, it } from 'vitest';
import { APP_PAGE_FILES_TEMPLATE, prefetchAppPage } from '../../src/app/app-page-files';

const prefetches = () => [...document.head.querySelectorAll('link[rel="prefetch"]')].map((link) => `${link.getAttribute('as')} ${link.getAttribute('href')} ${link.hasAttribute('crossorigin') ? 'cors' : 'no-cors'}`);

afterEach(() => {
  document.head.innerHTML = '';
});

describe('prefetchAppPage', () => {
  it('moves the template\'s links into the page once, as the same cross-origin prefetches', () => {
    document.head.innerHTML = `<template id="${APP_PAGE_FILES_TEMPLATE}"><link rel="prefetch" as="script" crossorigin href="./assets/index-1.js"><link rel="prefetch" as="style" crossorigin href="./assets/index-2.css"></template>`;
    expect(prefetches()).toEqual([]);
    prefetchAppPage(document);
    expect(prefetches()).toEqual(['script ./assets/index-1.js cors', 'style ./assets/index-2.css cors']);
    expect(document.getElementById(APP_PAGE_FILES_TEMPLATE)).toBeNull();
    // Discovery asked again (fhirclient's cache answers it) adds nothing.
    prefetchAppPage(document);
    expect(prefetches()).toHaveLength(2);
  });

  it('does nothing on a page without the template (the dev server serves launch.html from source)', () => {
    prefetchAppPage(document);
    expect(prefetches()).toEqual([]);
  });
});
