// The scopes an EHR grants, against what the app reads: SMART v1 and v2 grammars, wildcards, query restrictions.
import { describe, expect, it } from 'vitest';
import { accessGaps, coverage, describeRestriction, parseResourceGrant, parseResourceGrants } from '../../src/fhir/granted-scope';
import { READ_RESOURCE_TYPES } from '../../src/fhir/queries';

const V2_REQUEST = `launch openid fhirUser online_access launch/encounter ${READ_RESOURCE_TYPES.map((t) => `patient/${t}.rs`).join(' ')}`;
const withoutScope = (scope: string, drop: string) => scope.split(' ').filter((s) => s !== drop).join(' ');

describe('parseResourceGrant', () => {
  it.each([
    ['patient/Condition.read', 'patient', 'Condition', 'rs'],
    ['user/Observation.read', 'user', 'Observation', 'rs'],
    ['patient/*.read', 'patient', '*', 'rs'],
    ['patient/*.*', 'patient', '*', 'cruds'],
    ['user/Condition.write', 'user', 'Condition', 'cud'],
    ['patient/Condition.rs', 'patient', 'Condition', 'rs'],
    ['patient/Condition.s', 'patient', 'Condition', 's'],
    ['user/*.cruds', 'user', '*', 'cruds'],
    ['system/Patient.r', 'system', 'Patient', 'r'],
  ])('%s', (scope, context, resourceType, permissions) => {
    const grant = parseResourceGrant(scope)!;
    expect(grant).toMatchObject({ context, resourceType });
    expect([...grant.permissions].sort().join('')).toBe(permissions.split('').sort().join(''));
    expect(grant.restriction).toBeUndefined();
  });

  it('keeps a v2 query restriction', () => {
    const grant = parseResourceGrant('patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item')!;
    expect(grant.restriction?.get('category')).toBe('http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item');
  });

  it.each(['launch', 'launch/patient', 'openid', 'fhirUser', 'online_access', 'patient/Condition.sr', 'patient/Condition.rx', 'doctor/Condition.read', 'patient/Condition', ''])(
    'is not a resource grant: "%s"',
    (scope) => expect(parseResourceGrant(scope)).toBeUndefined(),
  );
});

describe('coverage', () => {
  const grants = (scope: string) => parseResourceGrants(scope);
  it('a wildcard covers every type, v1 and v2', () => {
    expect(coverage(grants('patient/*.read'), 'Condition', 's').kind).toBe('full');
    expect(coverage(grants('user/*.rs'), 'AllergyIntolerance', 's').kind).toBe('full');
  });
  it('read-only and write scopes do not cover search', () => {
    expect(coverage(grants('patient/Condition.r'), 'Condition', 's').kind).toBe('none');
    expect(coverage(grants('patient/Condition.write'), 'Condition', 's').kind).toBe('none');
    expect(coverage(grants('patient/Condition.r'), 'Condition', 'r').kind).toBe('full');
  });
  it('a backend (system/) grant is not a launch grant', () => {
    expect(coverage(grants('system/*.rs'), 'Condition', 's').kind).toBe('none');
  });
  it('one unrestricted grant beats restricted ones (own scope or wildcard)', () => {
    expect(coverage(grants('patient/Condition.rs?category=problem-list-item patient/Condition.rs'), 'Condition', 's').kind).toBe('full');
    expect(coverage(grants('patient/Condition.rs?category=problem-list-item patient/*.rs'), 'Condition', 's').kind).toBe('full');
  });
  it('restricted grants only: restricted, each restriction kept', () => {
    const found = coverage(grants('patient/Condition.rs?category=problem-list-item patient/Condition.rs?category=health-concern'), 'Condition', 's');
    expect(found.kind).toBe('restricted');
    expect(found.kind === 'restricted' && found.restrictions.map((r) => r.get('category'))).toEqual(['problem-list-item', 'health-concern']);
  });
});

describe('describeRestriction', () => {
  it('names the parameter and the code, without the code system', () => {
    expect(describeRestriction(new URLSearchParams('category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item'))).toBe('category problem-list-item');
    expect(describeRestriction(new URLSearchParams('category=laboratory,vital-signs&status=final'))).toBe('category laboratory or vital-signs and status final');
  });
});

describe('accessGaps: the granted scope against the app\'s reads', () => {
  it('everything granted as asked (v2): no gap', () => {
    expect(accessGaps(V2_REQUEST, V2_REQUEST, READ_RESOURCE_TYPES)).toEqual({ incompleteTypes: [], dataGaps: [] });
  });

  it('no scope in the token response: granted as asked (RFC 6749 §5.1)', () => {
    expect(accessGaps(V2_REQUEST, undefined, READ_RESOURCE_TYPES)).toEqual({ incompleteTypes: [], dataGaps: [] });
  });

  it('v1 wildcards granted: no gap', () => {
    expect(accessGaps('launch patient/*.read', 'launch patient/*.read', READ_RESOURCE_TYPES).dataGaps).toEqual([]);
    expect(accessGaps('launch user/*.read', 'launch user/*.*', READ_RESOURCE_TYPES).dataGaps).toEqual([]);
  });

  it('v2 asked, v1 granted per type (an EHR answering in its own grammar): no gap', () => {
    const v1 = READ_RESOURCE_TYPES.map((t) => `patient/${t}.read`).join(' ');
    expect(accessGaps(V2_REQUEST, v1, READ_RESOURCE_TYPES).dataGaps).toEqual([]);
  });

  it('Condition narrowed to the problem list (US Core form): incomplete, the category named', () => {
    const granted = V2_REQUEST.replace('patient/Condition.rs', 'patient/Condition.rs?category=http://terminology.hl7.org/CodeSystem/condition-category|problem-list-item');
    expect(accessGaps(V2_REQUEST, granted, READ_RESOURCE_TYPES)).toEqual({
      incompleteTypes: ['Condition'],
      dataGaps: ['Condition: access limited to category problem-list-item'],
    });
  });

  it('two restricted grants: both named', () => {
    const granted = V2_REQUEST.replace('patient/Condition.rs', 'patient/Condition.rs?category=problem-list-item patient/Condition.rs?category=health-concern');
    expect(accessGaps(V2_REQUEST, granted, READ_RESOURCE_TYPES).dataGaps).toEqual(['Condition: access limited to category problem-list-item, or to category health-concern']);
  });

  it('a restricted own scope next to an unrestricted wildcard: complete', () => {
    const granted = `patient/*.rs patient/Condition.rs?category=problem-list-item`;
    expect(accessGaps(V2_REQUEST, granted, READ_RESOURCE_TYPES).dataGaps).toEqual([]);
  });

  it('a type asked for and not granted: incomplete, "not granted"', () => {
    const granted = withoutScope(V2_REQUEST, 'patient/AllergyIntolerance.rs');
    expect(accessGaps(V2_REQUEST, granted, READ_RESOURCE_TYPES)).toEqual({
      incompleteTypes: ['AllergyIntolerance'],
      dataGaps: ['AllergyIntolerance: access not granted by the EHR'],
    });
  });

  it('a type the configuration never asked for: incomplete, and the configuration is named', () => {
    const requested = withoutScope(V2_REQUEST, 'patient/DeviceRequest.rs');
    expect(accessGaps(requested, requested, READ_RESOURCE_TYPES).dataGaps).toEqual([
      'DeviceRequest: access not requested (the scope in smart-config.json leaves it out)',
    ]);
  });

  it('read without search is not enough for a searched type', () => {
    const granted = V2_REQUEST.replace('patient/MedicationRequest.rs', 'patient/MedicationRequest.r');
    expect(accessGaps(V2_REQUEST, granted, READ_RESOURCE_TYPES).incompleteTypes).toEqual(['MedicationRequest']);
  });

  it('Medication not granted: the medication orders and statements that reference it are incomplete too', () => {
    const granted = withoutScope(V2_REQUEST, 'patient/Medication.rs');
    expect(accessGaps(V2_REQUEST, granted, READ_RESOURCE_TYPES).incompleteTypes).toEqual(['Medication', 'MedicationRequest', 'MedicationStatement']);
  });

  it('the Patient read is not judged here (its failure is its own named state)', () => {
    const granted = withoutScope(V2_REQUEST, 'patient/Patient.rs');
    expect(accessGaps(V2_REQUEST, granted, READ_RESOURCE_TYPES).dataGaps).toEqual([]);
  });

  it('an empty grant: every type read is incomplete', () => {
    const gaps = accessGaps(V2_REQUEST, 'launch openid', READ_RESOURCE_TYPES);
    expect(new Set(gaps.incompleteTypes)).toEqual(new Set(READ_RESOURCE_TYPES.filter((t) => t !== 'Patient')));
  });
});
