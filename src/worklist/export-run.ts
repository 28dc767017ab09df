// One export from kick-off to the last line: every resource is handed to `onResource` as it is read (files are
// streamed line by line, never held whole), and what the export did not deliver comes back as gaps. The job is
// deleted on the server once read, and cancelled (DELETE) when the run is interrupted.
import { isObject, type Json } from '../fhir/narrow';
import { BulkClient, DownloadFailed, type KickOffRequest, type Manifest } from './bulk-client';
import { downloadGap, missingTypeGaps, outcomeGap, type ExportGap } from './gaps';

export interface ExportResult {
  manifest: Manifest;
  gaps: ExportGap[];
  resources: number;
  bytes: number;
  files: number;
}

export async function runExport(
  client: BulkClient,
  kick: KickOffRequest,
  label: string,
  progress: (line: string) => void,
  onResource: (resource: Json, fileType: string, line: string) => void,
): Promise<ExportResult> {
  progress(`${label}: kick-off ${kick.path} (${kick.types.join(', ')})${kick.patients ? ` for ${kick.patients.length} patients` : ''}`);
  const statusUrl = await client.kickOff(kick);
  let finished = false;
  try {
    const manifest = await client.poll(statusUrl, label);
    progress(`${label}: manifest: ${manifest.output.length} files, ${manifest.error.length} error files`);
    const gaps = missingTypeGaps(manifest, kick.types);
    for (const file of manifest.error) {
      try {
        for await (const line of client.lines(file, manifest.requiresAccessToken)) {
          const outcome = parseLine(line);
          const gap = outcome ? outcomeGap(outcome, kick.types) : undefined;
          if (gap) gaps.push(gap);
        }
      } catch (error) {
        if (!(error instanceof DownloadFailed)) throw error;
        // The error file itself is lost: whatever it said could concern any type.
        gaps.push({ kind: 'outcome', text: `every type: the export's error file could not be downloaded (${error.reason}): results may be missing`, types: [...kick.types] });
      }
    }
    let resources = 0;
    let bytes = 0;
    // Files in the order the types were asked for (Patient first: birth dates before Conditions with an onsetAge).
    const order = (type: string) => (kick.types.includes(type) ? kick.types.indexOf(type) : kick.types.length);
    for (const file of [...manifest.output].sort((a, b) => order(a.type) - order(b.type))) {
      try {
        for await (const line of client.lines(file, manifest.requiresAccessToken)) {
          bytes += line.length + 1;
          const resource = parseLine(line);
          if (!resource) {
            gaps.push({ kind: 'unreadable', text: `${file.type}: a line of the export file is not a FHIR resource: not read completely`, types: [file.type] });
            continue;
          }
          if (resource.resourceType === 'OperationOutcome') {
            const gap = outcomeGap(resource, kick.types, file.type);
            if (gap) gaps.push(gap);
            continue;
          }
          resources++;
          onResource(resource, file.type, line);
        }
      } catch (error) {
        if (!(error instanceof DownloadFailed)) throw error;
        progress(`${label}: a file of ${file.type} could not be downloaded (${error.reason}): reported as a gap`);
        gaps.push(downloadGap(file.type, error.reason));
      }
    }
    progress(`${label}: read ${resources.toLocaleString('en-US')} resources (${(bytes / 1048576).toFixed(1)} MB), ${gaps.length} gaps`);
    finished = true;
    return { manifest, gaps: dedupe(gaps), resources, bytes, files: manifest.output.length };
  } finally {
    // Read or interrupted, the job's files are no longer wanted on the server.
    await client.cancel(statusUrl);
    if (!finished) progress(`${label}: export cancelled on the server (DELETE)`);
  }
}

function parseLine(line: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) && typeof value.resourceType === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function dedupe(gaps: ExportGap[]): ExportGap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => {
    const key = `${g.patient ?? '*'} ${g.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

