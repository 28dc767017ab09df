// The built app replaces js-base64 with src/app/base64.ts (vite.config.ts): PKCE and id_token reading depend on
// it giving exactly what js-base64 gives.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as reference from 'js-base64';
import { decode, encodeURL, fromUint8Array } from '../../src/app/base64';

describe('the Base64 stand-in for js-base64', () => {
  it('encodes bytes like js-base64, plain and URL-safe (the PKCE verifier and challenge)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, urlsafe) => {
      expect(fromUint8Array(bytes, urlsafe)).toBe(reference.fromUint8Array(bytes, urlsafe));
    }), { numRuns: 300 });
    // A 32-byte verifier with every byte value that maps to + and /.
    const verifier = new Uint8Array(32).fill(0xfb);
    expect(fromUint8Array(verifier, true)).toBe(reference.fromUint8Array(verifier, true));
    expect(fromUint8Array(verifier, true)).not.toMatch(/[+/=]/);
  });

  it('encodes text (any Unicode) to URL-safe Base64 like js-base64', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      expect(encodeURL(text)).toBe(reference.encodeURL(text));
    }), { numRuns: 300 });
  });

  it('decodes what it encodes, plain or URL-safe, padded or not (an id_token payload)', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
      const urlsafe = reference.encodeURL(text);
      const plain = reference.encode(text);
      expect(decode(urlsafe)).toBe(reference.decode(urlsafe));
      expect(decode(plain)).toBe(reference.decode(plain));
      expect(decode(urlsafe)).toBe(text);
    }), { numRuns: 300 });
    const payload = '{"sub":"Practitioner/é1","fhirUser":"https://ehr.test/Practitioner/1"}';
    expect(decode(reference.encodeURL(payload))).toBe(payload);
  });
});
