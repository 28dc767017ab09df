// The two versions every output carries: the app's package version and a hash of the spec it implements.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function computeVersions() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const engineVersion = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version;
  const specDir = `${root}../shared/spec/`;
  const hash = createHash('sha256');
  for (const name of readdirSync(specDir).filter((n) => n.endsWith('.md')).sort()) {
    hash.update(name).update('\0').update(readFileSync(specDir + name)).update('\0');
  }
  // The spec's own version: the newest "Changes in vN" heading of its README.
  const readme = readFileSync(`${specDir}README.md`, 'utf8');
  const major = Math.max(1, ...[...readme.matchAll(/^## Changes in v(\d+)/gm)].map((m) => Number(m[1])));
  return { engineVersion, specVersion: `v${major}-${hash.digest('hex').slice(0, 12)}` };
}
