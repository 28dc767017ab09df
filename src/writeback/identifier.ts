// A write's identity is chosen before the first attempt, so a retry after a timeout asks the server
// "create only if none has this identifier" (If-None-Exist) instead of creating a second resource.
import type { Identifier } from 'fhir/r4';
import { IDENTIFIER_SYSTEM } from './canonical';

export function newWriteIdentifier(uuid: () => string = () => crypto.randomUUID()): Identifier {
  return { system: IDENTIFIER_SYSTEM, value: `urn:uuid:${uuid()}` };
}

/** The conditional-create query for a resource carrying this identifier: `identifier=system|value`. */
export function ifNoneExist(identifier: Identifier): string {
  return `identifier=${encodeURIComponent(`${identifier.system ?? ''}|${identifier.value ?? ''}`)}`;
}
