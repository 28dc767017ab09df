// Stable card and suggestion ids: a name-based UUID (RFC 9562 version 5) of the hook call and what the card is
// about, so a retried call gets the same ids and the EHR's feedback names a card the service can recognise.
import { createHash, randomUUID } from 'node:crypto';

/** This service's namespace for version-5 UUIDs (itself a random UUID, fixed once). */
const NAMESPACE = Buffer.from('6f1d3a2e4b8c4f7a9e215c0d8b7a3f61', 'hex');

export function stableUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(JSON.stringify(parts)).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The card's uuid: stable for one hook instance and order; random when the call has no instance id. */
export function cardUuid(hookInstance: string | undefined, orderKey: string): string {
  return hookInstance ? stableUuid(hookInstance, orderKey, 'card') : randomUUID();
}
