// Issue 23 item 1: another system can fill the Questionnaire. CSIRO's reference SDC $populate (@aehrc/sdc-populate,
// a tool we did not write) fills public/questionnaire.json for every sample patient from the patient's record, and
// each item it fills agrees with the app's own prefill (clinical/prefill.ts, the reference). The items SDC cannot
// fill are listed here by name, each with the reason it is left for the physician.
import { readFileSync } from 'node:fs';
import { populateQuestionnaire } from '@aehrc/sdc-populate';
import type { Bundle, Patient, Questionnaire, QuestionnaireResponseItem, Resource } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients';
import { prefill } from '../../src/clinical/prefill';
import type { Answers } from '../../src/clinical/types';
import { recordFromBundle } from '../../src/fhir/bundle';
import { answerValues } from '../../src/writeback/questionnaire-response';
import { initialExpressions } from '../../src/writeback/sdc-population';
import { MATCHED_BY_TEXT } from '../../src/clinical/matching';

const questionnaire = JSON.parse(readFileSync(new URL('../../public/questionnaire.json', import.meta.url), 'utf8')) as Questionnaire;

/** Left for the physician: FHIRPath cannot express the rule, or the record never settles it. */
const LEFT_FOR_THE_PHYSICIAN: Record<string, string> = {
  conservativeCareTried: 'spec v3 conservative-care: the record shows care tried (7-84 days), never that it failed',
  imagingConfirmsAcute: 'a reading of the images (oedema on MRI, a bone scan) the physician confirms',
  painAttributable: 'clinical judgement',
  etiology: 'the physician’s call (the app suggests, never answers)',
  levels: 'read from the imaging report by the physician',
  rdqScore: 'a questionnaire the patient fills',
  painWorsening: 'history', heightLossOver25: 'imaging measurement', progressiveHeightLoss: 'imaging measurement',
  mriContraindicated: 'device and implant history', cementAllergy: 'allergy text matched against cement ingredients (words, not codes)',
  unstableFracture: 'imaging', nonunionOrCleft: 'imaging',
};

/** A tiny FHIR search over the bundle: the searches the Questionnaire's variables make (patient, code, status). */
function searchOver(resources: Resource[]) {
  return async (query: string): Promise<Bundle> => {
    const [type, search = ''] = query.split('?');
    const params = new URLSearchParams(search);
    const matches = resources.filter((r) => {
      if (r.resourceType !== type) return false;
      const subject = (r as { subject?: { reference?: string }; patient?: { reference?: string } });
      if (params.has('patient') && (subject.subject ?? subject.patient)?.reference !== `Patient/${params.get('patient')}`) return false;
      if (params.has('status') && (r as { status?: string }).status !== params.get('status')) return false;
      const codes = params.get('code');
      if (codes) {
        const wanted = codes.split(',').map((token) => token.split('|'));
        const codings = (r as { code?: { coding?: Array<{ system?: string; code?: string }> } }).code?.coding ?? [];
        if (!codings.some((c) => wanted.some(([system, code]) => c.system === system && c.code === code))) return false;
      }
      return true;
    });
    expect([...params.keys()].every((k) => ['patient', 'status', 'code'].includes(k)), `search ${query}`).toBe(true);
    return { resourceType: 'Bundle', type: 'searchset', total: matches.length, entry: matches.map((resource) => ({ resource })) };
  };
}

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** Populates the shipped Questionnaire from these resources, and prefills the app's form from the same record, both as of today. */
async function fillBoth(resources: Resource[]) {
  const patient = resources.find((r): r is Patient => r.resourceType === 'Patient')!;
  const fromApp = prefill(recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) }), today());
  const { populateSuccess, populateResult } = await populateQuestionnaire({
    questionnaire,
    patient,
    fetchResourceCallback: searchOver(resources),
    fetchResourceRequestConfig: { sourceServerUrl: 'https://sandbox.invalid/fhir' },
  });
  expect(populateSuccess).toBe(true);
  // An expression that fails is reported as an issue, not thrown: none may fail.
  expect(populateResult?.issues?.issue?.filter((i) => i.severity === 'error' || /fhirpath|undefined/i.test(i.details?.text ?? '')) ?? []).toEqual([]);
  const items = new Map<string, QuestionnaireResponseItem>((populateResult?.populatedResponse.item ?? []).map((i) => [i.linkId, i]));
  return { fromApp, items };
}

/** A field the app prefilled only from conditions read by their text (§0 v3, matched generously): FHIRPath has no word matching. */
const byTextOnly = (fromApp: Awaited<ReturnType<typeof fillBoth>>['fromApp'], field: keyof Answers) => {
  const key = (e: { resourceType: string; id?: string }) => `${e.resourceType}/${e.id}`;
  const readByText = new Set(fromApp.facts.flatMap((f) => f.evidence).filter((e) => e.display.endsWith(`(${MATCHED_BY_TEXT})`)).map(key));
  const evidence = fromApp.sources[field]?.evidence ?? [];
  return evidence.length > 0 && evidence.every((e) => readByText.has(key(e)));
};

function expectSameAnswers({ fromApp, items }: Awaited<ReturnType<typeof fillBoth>>, label: string): Set<string> {
  const answered = new Set<string>();
  for (const field of Object.keys(initialExpressions()) as Array<keyof Answers>) {
    const populated = items.get(field)?.answer ?? [];
    if (populated.length) answered.add(`${field}=${JSON.stringify(populated[0])}`);
    const expected = byTextOnly(fromApp, field) ? [] : answerValues(field, fromApp.answers[field]);
    expect(populated, `${label}: ${field}`).toEqual(expected);
  }
  for (const field of Object.keys(LEFT_FOR_THE_PHYSICIAN)) expect(items.get(field)?.answer, `${label}: ${field} is left for the physician`).toBeUndefined();
  return answered;
}

describe('SDC population by CSIRO’s $populate agrees with the app’s prefill (issue 23)', () => {
  it('leaves no Answers field both unpopulated and unlisted', () => {
    const populated = Object.keys(initialExpressions());
    const all = (questionnaire.item ?? []).map((i) => i.linkId);
    expect(all.filter((f) => !populated.includes(f) && !(f in LEFT_FOR_THE_PHYSICIAN))).toEqual([]);
    expect(populated.filter((f) => f in LEFT_FOR_THE_PHYSICIAN)).toEqual([]);
  });

  const seen = new Set<string>();
  for (const vignette of VIGNETTES) {
    it(`fills ${vignette.id} as the app prefills it`, async () => {
      // The vignettes are relative to today, and the expressions read today(): both use the same day.
      for (const answer of expectSameAnswers(await fillBoth(vignette.build(new Date())), vignette.id)) seen.add(answer);
    });
  }

  it('really fills the sample patients (the comparison above is not of empty forms)', () => {
    const fields = new Set([...seen].map((a) => a.split('=')[0]));
    expect([...fields].sort()).toEqual(expect.arrayContaining(['activeInfection', 'hospitalized', 'kyphoticDeformity', 'onsetDate', 'painScore', 'vcf']));
    expect(seen).toContain('hospitalized={"valueBoolean":true}');
    expect(seen).toContain('hospitalized={"valueBoolean":false}');
  });

  it('reads codes as the rules do: dotted or not, systems in other spellings for cautions, exceptions, stale and unreadable scores', async () => {
    const subject = { reference: 'Patient/p1' };
    const condition = (id: string, coding: { system?: string; code?: string }, extra: object = {}): Resource => ({
      resourceType: 'Condition', id, subject, clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [coding] }, ...extra,
    } as Resource);
    const pain = (id: string, value: number, day: string, unit = '{score}'): Resource => ({
      resourceType: 'Observation', id, status: 'final', subject, code: { coding: [{ system: 'http://loinc.org', code: '72514-3' }] },
      effectiveDateTime: `${day}T09:00:00Z`, valueQuantity: { value, unit },
    } as Resource);
    const patient = { resourceType: 'Patient', id: 'p1', gender: 'female', birthDate: '1990-03-04' } as Resource;
    const icd = 'http://hl7.org/fhir/sid/icd-10-cm';
    const cases: Array<{ label: string; resources: Resource[]; expect: Partial<Record<keyof Answers, unknown>> }> = [
      {
        label: 'coded pregnancy, mobility, cord compression in an odd system spelling; a newer unreadable pain score',
        resources: [patient, condition('fx', { system: icd, code: 'S32.010A' }, { onsetDateTime: daysAgo(20) }), condition('fx-old', { system: icd, code: 'M4856XA' }, { onsetDateTime: daysAgo(200) }),
          condition('preg', { system: icd, code: 'Z34.00' }), condition('mob', { system: icd, code: 'R26.2' }), condition('cord', { system: 'ICD-10 CM', code: 'G95.20' }),
          pain('p-old', 8, daysAgo(3)), pain('p-vas', 70, daysAgo(1), 'mm')],
        expect: { vcf: true, onsetDate: daysAgo(20), pregnant: true, limitedMobility: true, neurologicDeficit: true, painScore: undefined },
      },
      {
        label: 'an abortive outcome (never a current pregnancy), a refuted fracture, a resolved kyphosis, a stale pain score',
        resources: [patient, condition('ab', { system: icd, code: 'O03.9' }), condition('fx', { system: icd, code: 'S22.000A' }, { verificationStatus: { coding: [{ code: 'refuted' }] } }),
          condition('ky', { system: icd, code: 'M40.00' }, { clinicalStatus: { coding: [{ code: 'resolved' }] } }), pain('p', 6, daysAgo(20))],
        expect: { vcf: undefined, pregnant: undefined, kyphoticDeformity: undefined, painScore: undefined },
      },
      {
        label: 'pregnancy named only in text: the app reads it, SDC leaves it to the physician',
        resources: [patient, { resourceType: 'Condition', id: 't', subject, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Pregnant, 12 weeks' } } as Resource, pain('p', 4, daysAgo(2))],
        expect: { pregnant: undefined, painScore: 4 },
      },
    ];
    for (const c of cases) {
      const both = await fillBoth(c.resources);
      expectSameAnswers(both, c.label);
      for (const [field, value] of Object.entries(c.expect)) {
        expect(both.items.get(field)?.answer ?? [], `${c.label}: ${field}`).toEqual(answerValues(field as keyof Answers, value as never));
      }
    }
    // The text-only pregnancy is the app's own generous reading, which SDC does not repeat.
    const textOnly = await fillBoth(cases[2]!.resources);
    expect(textOnly.fromApp.answers.pregnant).toBe(true);
  });
});
