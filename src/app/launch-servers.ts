// The picker's servers as this deployment's smart-config.json names them. A sandbox started on another port serves
// the file with its own origin in place of :4013 (sandbox/http/app-config.ts), so the local sandbox's FHIR base and
// its launcher (the sandbox's root, beside /fhir) are read from there. Launch page only: the app page keeps the
// default link in known-servers.ts, at no cost to its script.
import type { EhrConfig } from './config';
import { KNOWN_SERVERS, LOCAL_LAUNCHER, type KnownServer } from './known-servers';

export interface PickerServers {
  servers: readonly KnownServer[];
  /** The local sandbox's launcher (EHR launch on this machine). */
  launcher: string;
}

// Plain http is allowed only on this machine (issuer-allow-list.ts), so an http iss is the local sandbox.
const isLocal = (iss: string) => iss.startsWith('http:');

/** The known servers with the local sandbox as the configuration lists it; the defaults without a configuration. */
export function pickerServers(configs?: readonly EhrConfig[]): PickerServers {
  const local = configs?.flatMap((entry) => entry.iss ?? []).find(isLocal);
  if (!local) return { servers: KNOWN_SERVERS, launcher: LOCAL_LAUNCHER };
  const launcher = `${new URL(local).origin}/`;
  return {
    servers: KNOWN_SERVERS.map((server) => (isLocal(server.iss) ? { ...server, iss: local, note: server.note.replaceAll(LOCAL_LAUNCHER, launcher) } : server)),
    launcher,
  };
}
