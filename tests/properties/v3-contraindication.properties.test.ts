// Spec v3, clinical-rules §0 *Matching what stops or cautions*: a candidate record plus an absolute contraindication
// (`spinal-infection`, `instability`, `pregnancy`), coded in any form the spec accepts, is never `candidate`.
// Codes and words are written out here from codes.md (not read from the app's lists), so a list the app lost
// would show up as a failure.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assess } from '../../src/clinical/assess';
import {
  AS_OF,
  CANDIDATE_ANSWERS,
  NEGATIVE,
  birthDateForAge,
  condition,
  daysAgo,
  hcg,
  patient,
  recordOf,
  withFields,
  type Resource,
} from '../clinical/builders';

interface Contraindication {
  id: 'spinal-infection' | 'instability' | 'pregnancy';
  /** In-list ICD-10-CM codes (codes.md § Conditions). */
  icd10: string[];
  /** Texts naming a word of codes.md *Words*, with no negation. */
  texts: string[];
  /** Onset days before asOf that make the condition count (clinical-rules §3 windows). */
  maxDaysAgo: number;
}

const CONTRAINDICATIONS: Contraindication[] = [
  {
    id: 'spinal-infection',
    icd10: ['M46.20', 'M46.26', 'M46.36', 'M46.46', 'M46.47', 'A40.0', 'A41.9', 'A41.51', 'T81.4XXA', 'T81.40XA'],
    texts: [
      'Discitis', 'Lumbar diskitis', 'Spondylodiscitis of L2-L3', 'Spinal epidural abscess', 'Psoas abscess', 'Vertebral osteomyelitis',
      'Osteomyelitis of lumbar spine', 'Sepsis', 'Septic shock', 'Bacteremia', 'Disc infection', 'Chronic osteomyelitis, thoracic',
    ],
    maxDaysAgo: 84,
  },
  {
    id: 'instability',
    icd10: ['S32.012A', 'S22.032A', 'S14.101A', 'S24.109A', 'S34.111A', 'S34.3XXA', 'G83.4', 'S32.052D'],
    texts: [
      'Unstable burst fracture of L1', 'Unstable fracture of T12 vertebra', 'Spinal cord injury', 'Cauda equina syndrome',
      'Chance fracture of L2', 'Fracture-dislocation of T11-T12', 'Flexion-distraction injury, thoracolumbar', 'Cord injury at T10',
    ],
    maxDaysAgo: 84,
  },
  {
    id: 'pregnancy',
    icd10: ['Z33.1', 'Z34.00', 'Z34.93', 'Z3A.20', 'O09.513', 'O26.891', 'O10.011'],
    texts: ['Pregnancy', 'Pregnant', 'Twin pregnancy', 'Pregnancy, first trimester', 'High-risk pregnancy', 'Pregnant state, incidental'],
    // The base record holds a negative hCG 5 days ago: only newer evidence decides (clinical-rules §3 pregnancy).
    maxDaysAgo: 4,
  },
];

/** Words that are neither negations nor pregnancy exclusions, put around a text. */
const FILLER = ['', 'Acute', 'Confirmed', 'Severe', '(disorder)', 'Problem list:', 'suspected'];
const SNOMED_SPELLINGS = ['http://snomed.info/sct', 'urn:oid:2.16.840.1.113883.6.96', '2.16.840.1.113883.6.96', 'SNOMED CT', 'http://snomed.info/sct/731000124108'];
const ICD_SPELLINGS = ['ICD-10-CM', 'icd10cm', 'ICD10', 'http://hl7.org/fhir/sid/icd-10-cm', 'http://hl7.org/fhir/sid/icd-10'];
const OIDS = ['urn:oid:2.16.840.1.113883.6.90', '2.16.840.1.113883.6.90'];
const LOCAL = { system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696871', code: 'PL-123', display: 'Problem list entry' };

const casing = fc.constantFrom<(s: string) => string>((s) => s, (s) => s.toUpperCase(), (s) => s.toLowerCase());

/** An ICD-10-CM code dotted or undotted, in any case. */
const icdSpelling = (code: string) =>
  fc.tuple(fc.boolean(), casing).map(([undotted, cased]) => cased(undotted ? code.replace('.', '') : code));

const textWithFiller = (texts: string[]) =>
  fc.tuple(fc.constantFrom(...texts), fc.constantFrom(...FILLER), fc.constantFrom(...FILLER), casing).map(([text, before, after, cased]) =>
    cased([before, text, after].filter(Boolean).join(' ')),
  );

type Code = { coding: Array<Record<string, string>>; text?: string };

/** Every coding form of the spec: SNOMED with a matching display, text only, system-less ICD-10, OID, a spelled system. */
const codeForm = (c: Contraindication): fc.Arbitrary<{ form: string; code: Code }> =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...SNOMED_SPELLINGS), fc.integer({ min: 100_000, max: 999_999_999 }), textWithFiller(c.texts)).map(([system, n, display]) => ({
      form: 'snomed-display',
      code: { coding: [{ system, code: String(n), display }] },
    })),
    textWithFiller(c.texts).map((text) => ({ form: 'text-only', code: { coding: [], text } })),
    fc.constantFrom(...c.icd10).chain(icdSpelling).map((code) => ({ form: 'system-less', code: { coding: [{ code }] } })),
    fc.tuple(fc.constantFrom(...OIDS), fc.constantFrom(...c.icd10).chain(icdSpelling)).map(([system, code]) => ({ form: 'oid', code: { coding: [{ system, code }] } })),
    fc.tuple(fc.constantFrom(...ICD_SPELLINGS), fc.constantFrom(...c.icd10).chain(icdSpelling)).map(([system, code]) => ({ form: 'spelled', code: { coding: [{ system, code }] } })),
  );

const addition = fc.constantFrom(...CONTRAINDICATIONS).chain((c) =>
  fc.record({
    contraindication: fc.constant(c),
    form: codeForm(c),
    localFirst: fc.boolean(),
    // active, recurrence, relapse, or no status at all (§0: an active condition)
    clinicalStatus: fc.constantFrom<string | undefined>('active', 'recurrence', 'relapse', undefined),
    verificationStatus: fc.constantFrom<string | undefined>(undefined, 'confirmed', 'provisional', 'unconfirmed'),
    daysAgo: fc.integer({ min: 0, max: c.maxDaysAgo }),
  }),
);

function baseResources(c: Contraindication): { who: Resource; resources: Resource[] } {
  if (c.id === 'pregnancy') return { who: patient({ birthDate: birthDateForAge(30), gender: 'female' }), resources: [hcg(NEGATIVE, 5)] };
  return { who: patient({ birthDate: birthDateForAge(76), gender: 'female' }), resources: [] };
}

describe('v3 property: an absolute contraindication in any accepted coding form is never candidate', () => {
  it('the base records are candidates (the property is not vacuous)', () => {
    for (const c of CONTRAINDICATIONS) {
      const { who, resources } = baseResources(c);
      expect(assess(recordOf(who, ...resources), CANDIDATE_ANSWERS, AS_OF).verdict, c.id).toBe('candidate');
    }
  });

  it('spinal-infection, instability, pregnancy: SNOMED with display, text only, system-less ICD-10, OID, spelled system', () => {
    fc.assert(
      fc.property(addition, (a) => {
        const { who, resources } = baseResources(a.contraindication);
        const made = condition(null, {
          ...(a.clinicalStatus ? { clinicalStatus: a.clinicalStatus } : {}),
          ...(a.verificationStatus ? { verificationStatus: a.verificationStatus } : {}),
          onset: daysAgo(a.daysAgo),
        });
        const code = a.localFirst ? { ...a.form.code, coding: [LOCAL, ...a.form.code.coding] } : a.form.code;
        const result = assess(recordOf(who, ...resources, withFields(made, { code })), CANDIDATE_ANSWERS, AS_OF);
        const found = result.contraindications.find((r) => r.id === a.contraindication.id)!;
        expect(result.verdict, `${a.form.form}: ${JSON.stringify(code)}`).not.toBe('candidate');
        expect(found.status, `${a.form.form}: ${JSON.stringify(code)}`).toBe('present');
      }),
      { numRuns: 250 },
    );
  });
});
