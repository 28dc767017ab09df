// The servers the launch page offers, and the local launcher the error pages point to: plain data, kept apart
// from launch.ts so the app page does not carry the launch code to show a link.

/** Servers the picker offers for a standalone launch. */
export interface KnownServer {
  name: string;
  iss: string;
  note: string;
}

export const KNOWN_SERVERS: readonly KnownServer[] = [
  { name: 'Local sandbox', iss: 'http://localhost:4013/fhir', note: 'Started by npm start. For an EHR launch, use its launcher at http://localhost:4013/.' },
  { name: 'SMART Health IT launcher (public)', iss: 'https://launch.smarthealthit.org/v/r4/fhir', note: 'Synthetic patients; any client id works. For an EHR launch, set its App Launch URL to this page.' },
  { name: 'Epic sandbox', iss: 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4', note: 'Needs the app registered at fhir.epic.com and its client id in smart-config.json.' },
  { name: 'Oracle Health (Cerner) sandbox', iss: 'https://fhir-myrecord.cerner.com/r4/ec2458f2-1e24-41c8-b71b-0e701af7583d', note: 'Needs the app registered in the Oracle Health Code Console and its client id in smart-config.json.' },
];

/** The sandbox's default port. The launch page's picker reads the running sandbox's port from smart-config.json
 * (launch-servers.ts); the app page's "open it from the chart" page keeps this default, which costs it no script. */
export const LOCAL_LAUNCHER = 'http://localhost:4013/';
