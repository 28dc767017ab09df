// The app page's stand-in for fhirclient's security module (src/app/completing-security.ts, vite.config.ts): the
// same names, so fhirclient finds what it calls; the digest and random bytes real; what only starts a launch refused
// with a sentence that says so, never a silent wrong value.
import { describe, expect, it } from 'vitest';
import * as fhirclientSecurity from 'fhirclient/lib/security/browser';
import * as standIn from '../../src/app/completing-security';

describe("the app page's security stand-in", () => {
  it("exports exactly the functions of fhirclient's security module (an upgrade that adds one fails here)", () => {
    const names = (module: object) => Object.keys(module).filter((name) => name !== 'default' && name !== '__esModule').sort();
    expect(names(standIn)).toEqual(names(fhirclientSecurity));
  });

  it("digests and draws random bytes as fhirclient's module does", async () => {
    expect(await standIn.digestSha256('abc')).toEqual(await fhirclientSecurity.digestSha256('abc'));
    const bytes = standIn.randomBytes(32);
    expect(bytes).toHaveLength(32);
    expect(standIn.randomBytes(32)).not.toEqual(bytes);
  });

  it('refuses to start a launch or sign, naming the launch page', async () => {
    await expect(standIn.generatePKCEChallenge()).rejects.toThrow(/launch page/);
    await expect(standIn.importJWK()).rejects.toThrow(/launch page/);
    await expect(standIn.signCompactJws()).rejects.toThrow(/launch page/);
  });
});
