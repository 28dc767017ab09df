import { describe, expect, it } from 'vitest';
import { RecordError, patientIdsInBundle, recordFromBundle } from '../../src/fhir/bundle';

const patient = (id: string) => ({ resourceType: 'Patient', id, birthDate: '1940-01-01', gender: 'female' });
const painAt = (subject: string, id = 'o1') => ({
  resourceType: 'Observation', id, status: 'final', subject: { reference: subject },
  code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] }, effectiveDateTime: '2026-11-20', valueQuantity: { value: 7 },
});
const bundle = (type: string, entry: unknown[]) => ({ resourceType: 'Bundle', type, entry });

describe('recordFromBundle', () => {
  it.each(['collection', 'transaction', 'batch', 'searchset'])('reads a %s bundle', (type) => {
    const record = recordFromBundle(bundle(type, [{ fullUrl: 'urn:uuid:aaa', resource: patient('p1') }, { resource: painAt('urn:uuid:aaa') }]));
    expect(record.patient.id).toBe('p1');
    expect(record.observations).toHaveLength(1);
  });

  it('resolves references by urn:uuid fullUrl, by URL fullUrl and by Type/id', () => {
    const b = bundle('collection', [
      { fullUrl: 'urn:uuid:aaa', resource: patient('p1') },
      { fullUrl: 'https://ehr.example/fhir/Patient/p2', resource: patient('p2') },
      { resource: painAt('urn:uuid:aaa', 'a') },
      { resource: painAt('Patient/p1', 'b') },
      { resource: painAt('https://ehr.example/fhir/Patient/p2', 'c') },
      { resource: painAt('Patient/p2', 'd') },
    ]);
    expect(recordFromBundle(b, 'p1').observations.map((o) => o.id)).toEqual(['a', 'b']);
    expect(recordFromBundle(b, 'p2').observations.map((o) => o.id)).toEqual(['c', 'd']);
    expect(patientIdsInBundle(b)).toEqual(['p1', 'p2']);
  });

  it('reads contained and referenced Medication resources', () => {
    const record = recordFromBundle(bundle('collection', [
      { fullUrl: 'urn:uuid:p', resource: patient('p1') },
      { fullUrl: 'urn:uuid:med', resource: { resourceType: 'Medication', id: 'm', code: { text: 'Warfarin sodium 5 MG' } } },
      { resource: { resourceType: 'MedicationRequest', id: 'r1', status: 'active', subject: { reference: 'urn:uuid:p' }, medicationReference: { reference: 'urn:uuid:med' } } },
      { resource: { resourceType: 'MedicationRequest', id: 'r2', status: 'active', subject: { reference: 'urn:uuid:p' }, contained: [{ resourceType: 'Medication', id: 'c', code: { coding: [{ display: 'Oxycodone 5 MG' }] } }], medicationReference: { reference: '#c' } } },
    ]));
    expect(record.medications.map((m) => m.display)).toEqual(['Warfarin sodium 5 MG', 'Oxycodone 5 MG']);
  });

  it.each([
    [{ resourceType: 'Patient', id: 'x' }, 'the input is not a FHIR Bundle (it is a Patient)'],
    [[1, 2], 'the input is not a FHIR Bundle (it is not a FHIR resource)'],
    [bundle('collection', [{ resource: painAt('Patient/p1') }]), 'the Bundle holds no Patient'],
    [bundle('collection', [{ resource: patient('p1') }, { resource: patient('p2') }]), 'the Bundle holds 2 patients; choose one with --patient (p1, p2)'],
  ])('refuses input it cannot assess with a readable message', (input, message) => {
    expect(() => recordFromBundle(input)).toThrow(RecordError);
    expect(() => recordFromBundle(input)).toThrow(message);
  });

  it('names the choices when --patient is unknown', () => {
    expect(() => recordFromBundle(bundle('collection', [{ resource: patient('p1') }]), 'zz')).toThrow('no Patient with id "zz" in the Bundle (it holds: p1)');
  });

  it('skips malformed entries and keeps the rest', () => {
    const record = recordFromBundle(bundle('collection', [
      null, 42, { resource: 'text' }, { resource: patient('p1') },
      { resource: { resourceType: 'Observation', code: 'not an object', status: 7, valueQuantity: { value: 'NaN' } } },
      { resource: painAt('Patient/p1') },
    ]));
    expect(record.observations).toHaveLength(2);
    expect(record.observations[0]!.value).toBeUndefined();
  });
});
