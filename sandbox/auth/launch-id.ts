// The EHR launch id is base64url JSON, like the public SMART launcher's: stateless, so a launch
// URL keeps working across sandbox restarts, and readable when debugging. It carries no secret;
// the authorization code and tokens are what is protected.
import { parseSimulation, type Simulation } from './simulation';

export interface LaunchContext {
  patient: string;
  simulation: Simulation;
  /** Embedded in the EHR chart, which shows its own patient header: need_patient_banner false. */
  embedded: boolean;
  /** From a CDS Hooks card's smart link: handed to the app in the token response. */
  appContext?: string;
  /** References the launch is about (SMART fhirContext), e.g. the order a card reviewed. */
  fhirContext?: string[];
}

interface EncodedLaunch {
  p: string;
  s?: string;
  e?: 1;
  a?: string;
  f?: string[];
}

export function encodeLaunchId(context: LaunchContext): string {
  const encoded: EncodedLaunch = { p: context.patient };
  if (context.simulation !== 'none') encoded.s = context.simulation;
  if (context.embedded) encoded.e = 1;
  if (context.appContext) encoded.a = context.appContext;
  if (context.fhirContext?.length) encoded.f = context.fhirContext;
  return Buffer.from(JSON.stringify(encoded), 'utf8').toString('base64url');
}

/** Undefined when the id is not one we issued (bad encoding, missing patient, unknown simulation). */
export function decodeLaunchId(launchId: string): LaunchContext | undefined {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(launchId)) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(launchId, 'base64url').toString('utf8')) as Partial<EncodedLaunch>;
    if (typeof decoded.p !== 'string' || decoded.p === '') return undefined;
    const simulation = decoded.s === undefined ? 'none' : parseSimulation(decoded.s);
    if (!simulation) return undefined;
    const fhirContext = Array.isArray(decoded.f) ? decoded.f.filter((r): r is string => typeof r === 'string' && /^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(r)) : [];
    return {
      patient: decoded.p,
      simulation,
      embedded: decoded.e === 1,
      ...(typeof decoded.a === 'string' ? { appContext: decoded.a } : {}),
      ...(fhirContext.length ? { fhirContext } : {}),
    };
  } catch {
    return undefined;
  }
}
