// Puts every sample patient into the repository at startup (vignettes built for today, Synthea
// bundles re-dated) and returns the directory the launcher and picker list.
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Encounter, Patient, Resource } from 'fhir/r4';
import { storeResources } from './fhir/bundle-loader';
import { directoryEntry, PatientDirectory, type DirectoryEntry } from './patient-directory';
import { VIGNETTES } from './patients/index';
import { loadSyntheaFixtures } from './synthea/load-fixtures';
import { syntheaSummary } from './synthea/summaries';

export interface SampleDataOptions {
  today: Date;
  includeSynthea: boolean;
  syntheaDir: string;
  log: (line: string) => void;
}

/** The newest in-progress Encounter among a patient's resources, the encounter a chart would have open. */
function openEncounterId(resources: Resource[]): { openEncounterId?: string } {
  const open = resources
    .filter((r): r is Encounter => r.resourceType === 'Encounter')
    .filter((e) => e.status === 'in-progress' && !!e.id)
    .sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? ''));
  return open[0]?.id ? { openEncounterId: open[0].id } : {};
}

export async function loadSampleData(repo: MemoryRepository, options: SampleDataOptions): Promise<PatientDirectory> {
  const entries: DirectoryEntry[] = [];
  for (const vignette of VIGNETTES) {
    const resources = vignette.build(options.today);
    await storeResources(repo, resources);
    const patient = resources.find((r): r is Patient => r.resourceType === 'Patient');
    if (!patient) throw new Error(`Vignette ${vignette.id} has no Patient`);
    entries.push(
      directoryEntry(patient, options.today, { summary: vignette.summary, source: 'vignette', expectedVerdict: vignette.expected.verdictFromRecord, ...openEncounterId(resources) }),
    );
  }
  if (options.includeSynthea) {
    const bundles = await loadSyntheaFixtures(options.syntheaDir, options.today, options.log);
    let count = 0;
    for (const loaded of bundles) {
      count += await storeResources(repo, loaded.resources);
      entries.push(directoryEntry(loaded.patient, options.today, { summary: syntheaSummary(loaded.file), source: 'synthea', ...openEncounterId(loaded.resources) }));
    }
    if (bundles.length) options.log(`Loaded ${bundles.length} Synthea patients (${count} resources), re-dated to end yesterday.`);
  }
  return new PatientDirectory(entries);
}
