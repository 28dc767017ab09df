// A throwaway self-signed certificate for the TLS (HTTP/2) front, made with openssl at run time. The browser trusts
// its key (--ignore-certificate-errors-spki-list) rather than ignoring certificate errors: Chromium does not cache
// what it fetched over a connection with a certificate error, which would refetch the script the launch page
// prefetched for the app page.
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  key: string;
  cert: string;
  /** base64 SHA-256 of the public key, for Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
}

export function selfSignedCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'ttv-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    const der = createPublicKey(readFileSync(cert, 'utf8')).export({ type: 'spki', format: 'der' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8'), spki: createHash('sha256').update(der).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
