// URLs of the EHR origin, in one place: the FHIR base (plus one alias per error simulation, so a
// standalone launch can choose a simulation through its iss), and the OAuth endpoints.
import { SIMULATIONS, type Simulation } from './simulation';

export interface EhrEndpoints {
  origin: string;
  fhirBaseUrl: string;
  authorizeUrl: string;
  tokenUrl: string;
  launcherUrl: string;
  /** The FHIR base a standalone launch uses to get this simulation. */
  fhirBaseFor(simulation: Simulation): string;
  /** The simulation a FHIR base stands for; undefined when it is not one of ours. */
  simulationOfBase(url: string): Simulation | undefined;
}

export function ehrEndpoints(origin: string): EhrEndpoints {
  const fhirBaseUrl = `${origin}/fhir`;
  const fhirBaseFor = (simulation: Simulation) => (simulation === 'none' ? fhirBaseUrl : `${origin}/sim/${simulation}/fhir`);
  return {
    origin,
    fhirBaseUrl,
    authorizeUrl: `${origin}/auth/authorize`,
    tokenUrl: `${origin}/auth/token`,
    launcherUrl: `${origin}/`,
    fhirBaseFor,
    simulationOfBase: (url) => SIMULATIONS.find((s) => fhirBaseFor(s) === url.replace(/\/+$/, '')),
  };
}
