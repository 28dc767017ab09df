// The launch page opened without `iss` (the server picker): the local sandbox is linked at the port the deployment's
// smart-config.json names, as a sandbox on another port serves it, so its links lead to a launch that is accepted.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import shippedConfig from '../../public/smart-config.json?raw';
import { bootLaunch } from '../../src/app/boot-launch';
import { waitFor } from '../ui/render';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let container: HTMLElement;
beforeEach(() => {
  sessionStorage.clear();
  document.body.innerHTML = '';
  container = document.createElement('div');
  document.body.appendChild(container);
});

/** The picker's links as a physician sees them: the local sandbox's launch link, its shown base URL, and the launcher link. */
function localLinks() {
  const local = [...container.querySelectorAll<HTMLLIElement>('.servers li')].find((li) => li.textContent?.includes('Local sandbox'));
  const launcher = [...container.querySelectorAll<HTMLAnchorElement>('p.hint a')].at(-1);
  return {
    iss: new URL(local!.querySelector('a')!.href).searchParams.get('iss'),
    shown: local!.querySelector('code')!.textContent,
    note: local!.querySelector('.hint')!.textContent,
    launcher: launcher!.getAttribute('href'),
  };
}

function openPicker(config: () => Response) {
  server.use(http.get('*/smart-config.json', config));
  bootLaunch(container, new URL('http://localhost:4010/launch.html'), async () => { throw new Error('the picker must not authorize'); });
}

describe('the server picker', () => {
  it('links the local sandbox at the port the configuration names (a sandbox started with --port)', async () => {
    openPicker(() => new HttpResponse(shippedConfig.replaceAll('http://localhost:4013', 'http://localhost:5999'), { headers: { 'content-type': 'application/json' } }));
    await waitFor(() => expect(localLinks().iss).toBe('http://localhost:5999/fhir'));
    expect(localLinks()).toEqual({
      iss: 'http://localhost:5999/fhir',
      shown: 'http://localhost:5999/fhir',
      note: expect.stringContaining('http://localhost:5999/') as unknown as string,
      launcher: 'http://localhost:5999/',
    });
    expect(container.textContent).not.toContain('4013');
    // The other servers are as listed.
    const others = [...container.querySelectorAll<HTMLAnchorElement>('.servers a')].map((a) => new URL(a.href).searchParams.get('iss'));
    expect(others).toContain('https://launch.smarthealthit.org/v/r4/fhir');
  });

  it('keeps the default sandbox links when the configuration cannot be read', async () => {
    let asked = 0;
    openPicker(() => { asked++; return new HttpResponse('Not found', { status: 404 }); });
    await waitFor(() => expect(asked).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(container.textContent).toContain('Choose a FHIR server');
    expect(localLinks()).toMatchObject({ iss: 'http://localhost:4013/fhir', launcher: 'http://localhost:4013/' });
  });
});
