// Loads the published Synthea bundles (../shared/fixtures/synthea, `more/` included) when the
// folder exists. Files are only read, never written: they are checked byte for byte upstream.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bundle, Patient } from 'fhir/r4';
import { resolveBundleResources } from '../fhir/bundle-loader';
import { redateBundle } from './redate';

/** Relative to the project root, as the brief fixes it. */
export const DEFAULT_SYNTHEA_DIR = fileURLToPath(new URL('../../../shared/fixtures/synthea/', import.meta.url));

export interface LoadedSyntheaPatient {
  file: string;
  patient: Patient;
  resources: ReturnType<typeof resolveBundleResources>;
  shiftDays: number;
}

async function jsonFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await jsonFiles(path)));
    else if (entry.isFile() && entry.name.endsWith('.json')) found.push(path);
  }
  return found.sort();
}

export async function loadSyntheaFixtures(dir: string, today: Date, log: (line: string) => void): Promise<LoadedSyntheaPatient[]> {
  const exists = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!exists) {
    log(`Synthea fixtures not found at ${dir}; starting with the hand-built patients only.`);
    return [];
  }
  const loaded: LoadedSyntheaPatient[] = [];
  for (const path of await jsonFiles(dir)) {
    const file = path.slice(dir.length).replace(/^[/\\]+/, '');
    try {
      const bundle = JSON.parse(await readFile(path, 'utf8')) as Bundle;
      if (bundle.resourceType !== 'Bundle') continue;
      const { bundle: redated, shiftDays } = redateBundle(bundle, today);
      const resources = resolveBundleResources(redated);
      const patient = resources.find((r): r is Patient => r.resourceType === 'Patient');
      if (patient) loaded.push({ file, patient, resources, shiftDays });
    } catch (error) {
      log(`Skipping ${file}: ${(error as Error).message}`);
    }
  }
  return loaded;
}
