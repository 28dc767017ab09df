// The loader's fatal error, in a module of its own: the app's problem texts test for it without carrying the loader.
import type { FhirRequestError } from './source';

/** The Patient could not be read: nothing can be assessed. */
export class PatientUnreadableError extends Error {
  override name = 'PatientUnreadableError';
  constructor(message: string, readonly failure?: FhirRequestError) {
    super(message);
  }
}
