// What `npm start` prints for the population worklist: the bulk endpoint and a command that runs as printed.
// The generated client's private key is written to a file only the user can read, removed when the sandbox stops.
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkInfo } from './index';

export function writeKeyFile(info: BulkInfo, port: string): string | undefined {
  if (!info.privateJwk) return undefined;
  const file = join(tmpdir(), `kyphoplasty-sandbox-${port}-worklist-key.json`);
  writeFileSync(file, `${JSON.stringify(info.privateJwk)}\n`, { mode: 0o600 });
  return file;
}

export function removeKeyFile(file: string | undefined): void {
  if (file) rmSync(file, { force: true });
}

export function worklistLines(info: BulkInfo, fhirBaseUrl: string, launcherUrl: string, keyFile: string | undefined): string[] {
  const launch = `${launcherUrl}launch?launch=ehr:{id}&sim=none`;
  return [
    `Bulk export: ${info.groupExportUrl} (Backend Services client ${info.clientId}; simulations at ${fhirBaseUrl.replace(/\/fhir$/, '/bulk-sim/<name>/fhir')})`,
    `Worklist:   npm run -s worklist -- --fhir ${fhirBaseUrl} --group ${info.groupId} --client-id ${info.clientId} --key ${keyFile ?? 'PRIVATE_KEY_FILE'} --out worklist-out --launch-url '${launch}'`,
  ];
}
