// A FHIR Bundle of any type (collection, transaction, batch, searchset) into a patient record.
import { indexRecord } from '../clinical/facts';
import { emptyRecord, type PatientRecord } from '../clinical/record';
import { isObject, objects, rawString, type Json } from './narrow';
import { addResource, containedResource, patientFacts } from './normalize';
import { READ_RESOURCE_TYPES } from './queries';
import { refersToPatient, subjectReference } from './references';
import { bundleOmissions } from './search-outcomes';

/** Input that cannot be assessed; its message is written for the person running the command. */
export class RecordError extends Error {
  override name = 'RecordError';
}

interface Entry {
  fullUrl?: string;
  resource: Json;
}

function entriesOf(bundle: unknown): Entry[] {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    const type = isObject(bundle) && typeof bundle.resourceType === 'string' ? `a ${bundle.resourceType}` : 'not a FHIR resource';
    throw new RecordError(`the input is not a FHIR Bundle (it is ${type})`);
  }
  return objects(bundle.entry)
    .filter((e) => isObject(e.resource))
    .map((e) => ({ ...(rawString(e.fullUrl) ? { fullUrl: rawString(e.fullUrl)! } : {}), resource: e.resource as Json }));
}

/** Every name a bundle entry can be referenced by: its fullUrl, `Type/id`, and the fullUrl's `Type/id` tail. */
function namesOf(entry: Entry): string[] {
  const names: string[] = [];
  const type = rawString(entry.resource.resourceType);
  const id = rawString(entry.resource.id);
  if (entry.fullUrl) {
    names.push(entry.fullUrl);
    const tail = /([A-Za-z]+\/[^/]+)$/.exec(entry.fullUrl.replace(/\/_history\/[^/]+$/, ''));
    if (tail?.[1]) names.push(tail[1]);
  }
  if (type && id) names.push(`${type}/${id}`);
  return names;
}

export function patientIdsInBundle(bundle: unknown): string[] {
  return entriesOf(bundle).map((e) => patientFacts(e.resource)?.id).filter((id): id is string => !!id);
}

/**
 * The record of one patient in the bundle. With several patients, `patientId` picks one; resources are
 * kept when their subject/patient reference names that patient (or when they name none and the bundle has one patient).
 */
export function recordFromBundle(bundle: unknown, patientId?: string): PatientRecord {
  const entries = entriesOf(bundle);
  const patients = entries.filter((e) => e.resource.resourceType === 'Patient');
  const readable = patients.map((e) => ({ entry: e, facts: patientFacts(e.resource) })).filter((p) => p.facts);
  if (patients.length === 0) throw new RecordError('the Bundle holds no Patient');
  if (readable.length === 0) throw new RecordError('the Bundle\'s Patient has no id');
  let chosen = readable[0]!;
  if (patientId !== undefined) {
    const match = readable.find((p) => p.facts!.id === patientId);
    if (!match) throw new RecordError(`no Patient with id "${patientId}" in the Bundle (it holds: ${readable.map((p) => p.facts!.id).join(', ')})`);
    chosen = match;
  } else if (readable.length > 1) {
    throw new RecordError(`the Bundle holds ${readable.length} patients; choose one with --patient (${readable.map((p) => p.facts!.id).join(', ')})`);
  }

  const byName = new Map<string, Json>();
  for (const entry of entries) for (const name of namesOf(entry)) byName.set(name, entry.resource);
  const resolve = (reference: string, container: Json) => containedResource(reference, container) ?? byName.get(reference);

  const patientAliases = new Set(namesOf(chosen.entry));
  const record = emptyRecord(chosen.facts!);
  const single = readable.length === 1;
  for (const { resource } of entries) {
    if (resource.resourceType === 'Patient') continue;
    const subject = subjectReference(resource);
    const ours = subject ? refersToPatient(subject, chosen.facts!.id, patientAliases) : single;
    if (ours) addResource(record, resource, resolve);
  }
  const omitted = bundleOmissions(bundle, READ_RESOURCE_TYPES.filter((t) => t !== 'Patient'));
  record.dataGaps.push(...omitted.dataGaps);
  record.incompleteTypes.push(...omitted.incompleteTypes);
  return indexRecord(record);
}
