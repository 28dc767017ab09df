// The launch page opens the EHR's connection while smart-config.json loads (issue 22: one round trip of SMART
// discovery), and sends nothing: the iss is contacted by request only once the configuration accepts it.
import { afterEach, describe, expect, it } from 'vitest';
import { preconnectToIssuer } from '../../src/app/issuer-preconnect';

const hints = () => [...document.head.querySelectorAll('link[rel="preconnect"]')].map((link) => `${link.getAttribute('href')} ${link.getAttribute('crossorigin')}`);
const launchPage = (query: string) => new URL(`https://app.example.org/launch.html?${query}`);

afterEach(() => {
  document.head.innerHTML = '';
});

describe('preconnectToIssuer', () => {
  it('hints the iss origin for the cookie-less requests the launch and the app make to it', () => {
    expect(preconnectToIssuer(document, launchPage('iss=https%3A%2F%2Fehr.example.org%2Ffhir%2FR4&launch=abc'))).toBe('https://ehr.example.org');
    // anonymous: discovery, the token request and the FHIR reads go without cookies, on connections of their own.
    expect(hints()).toEqual(['https://ehr.example.org anonymous']);
  });

  it('hints the local sandbox over http when the app itself runs on this machine', () => {
    const localApp = new URL('http://localhost:4014/launch.html?iss=http%3A%2F%2Flocalhost%3A4013%2Ffhir&launch=abc');
    expect(preconnectToIssuer(document, localApp)).toBe('http://localhost:4013');
  });

  it('never hints a port on the physician\'s machine to a deployed app (a crafted link naming a local iss)', () => {
    for (const iss of ['http%3A%2F%2Flocalhost%3A6379%2Ffhir', 'http%3A%2F%2F127.0.0.1%3A22%2Ffhir', 'http%3A%2F%2F%5B%3A%3A1%5D%3A8080%2Ffhir']) {
      expect(preconnectToIssuer(document, launchPage(`iss=${iss}`)), iss).toBeUndefined();
    }
    expect(hints()).toEqual([]);
  });

  it('hints nothing for an iss no configuration entry could accept, or when there is none', () => {
    for (const query of [
      '',
      'launch=abc',
      'iss=http%3A%2F%2Fehr.example.org%2Ffhir', // plain http off this machine
      'iss=javascript%3Aalert(1)',
      'iss=https%3A%2F%2Fuser%3Apw%40ehr.example.org%2Ffhir', // credentials
      'iss=https%3A%2F%2Fehr.example.org%2Ffhir%3Fa%3D1', // a query
      'iss=not%20a%20url',
    ]) {
      expect(preconnectToIssuer(document, launchPage(query)), query).toBeUndefined();
    }
    expect(hints()).toEqual([]);
  });

  it('hints nothing for its own origin: the page arrived on that connection', () => {
    expect(preconnectToIssuer(document, launchPage('iss=https%3A%2F%2Fapp.example.org%2Ffhir'))).toBeUndefined();
    expect(hints()).toEqual([]);
  });
});
