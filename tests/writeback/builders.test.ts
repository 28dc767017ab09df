import { describe, expect, it } from 'vitest';
import { VIGNETTES } from '../../sandbox/patients';
import { assess } from '../../src/clinical/assess';
import { WORKUP_ORDERS } from '../../src/clinical/orders';
import { prefill } from '../../src/clinical/prefill';
import { summaryText } from '../../src/clinical/summary';
import { recordFromBundle } from '../../src/fhir/bundle';
import { ANSWER_SOURCE_EXTENSION, QUESTIONNAIRE_CANONICAL } from '../../src/writeback/canonical';
import { buildNoteDocument, NOTE_TYPE } from '../../src/writeback/document-reference';
import { ifNoneExist, newWriteIdentifier } from '../../src/writeback/identifier';
import { answerItems, buildQuestionnaireResponse } from '../../src/writeback/questionnaire-response';
import { DERIVATION_REFERENCE_EXTENSION, INFORMATION_ORIGIN_EXTENSION, QR_CONTEXT_EXTENSION } from '../../src/writeback/dtr';
import { buildDraftOrder, CPT_SYSTEM, fractureCondition, ordersAsText, proposedOrders } from '../../src/writeback/service-requests';
import { r4Problems } from './fhir-validate';

const asOf = '2026-11-24';
function scenario(id: string) {
  const vignette = VIGNETTES.find((v) => v.id === id)!;
  const record = recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: vignette.build(new Date(Date.UTC(2026, 10, 24, 12))).map((resource) => ({ resource })) });
  return { record, assessment: assess(record, { imagingConfirmsAcute: true }, asOf) };
}
const decode = (data: string | undefined) => Buffer.from(data ?? '', 'base64').toString('utf8');
let n = 0;
const identifier = () => newWriteIdentifier(() => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);

describe('the note as a DocumentReference', () => {
  const { assessment } = scenario('vcf-osteoporotic');
  const note = 'Vertebral augmentation candidacy — Ärztin: “L1”.';
  const doc = buildNoteDocument({ assessment, note, detail: summaryText(assessment), date: '2026-11-24T10:00:00Z', identifier: identifier(), author: { reference: 'Practitioner/dr-1' }, encounterId: 'enc-1', replaces: 'doc-0' });

  it('is a preliminary consult note for the patient, encounter and author, replacing the previous version', () => {
    expect(doc).toMatchObject({
      status: 'current', docStatus: 'preliminary', type: { coding: [NOTE_TYPE] }, subject: { reference: `Patient/${assessment.patient.id}` },
      author: [{ reference: 'Practitioner/dr-1' }], context: { encounter: [{ reference: 'Encounter/enc-1' }] },
      relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/doc-0' } }],
    });
    expect(doc.description).toContain(assessment.specVersion);
    expect(doc.description).toContain(assessment.engineVersion);
  });

  it('carries the note exactly (UTF-8) and the full detail as a second attachment', () => {
    expect(decode(doc.content[0]!.attachment.data)).toBe(note);
    expect(decode(doc.content[1]!.attachment.data)).toBe(summaryText(assessment));
    expect(doc.content.map((c) => c.attachment.contentType)).toEqual(['text/plain; charset=utf-8', 'text/plain; charset=utf-8']);
  });

  it('relates every cited record resource once, and no physician answer', () => {
    const related = (doc.context?.related ?? []).map((r) => r.reference);
    const cited = new Set([...assessment.criteria, ...assessment.contraindications, ...assessment.workup].flatMap((r) => r.evidence)
      .filter((e) => e.id && e.resourceType !== 'ClinicianInput' && e.resourceType !== 'Record').map((e) => `${e.resourceType}/${e.id}`));
    expect(related.length).toBeGreaterThan(2);
    expect(new Set(related)).toEqual(cited);
    expect(related.some((r) => r?.startsWith('ClinicianInput'))).toBe(false);
  });

  it('leaves author, encounter and relatesTo out when unknown, and validates as R4 either way', () => {
    const bare = buildNoteDocument({ assessment, note, detail: 'd', date: '2026-11-24T10:00:00Z', identifier: identifier() });
    expect(bare.author).toBeUndefined();
    expect(bare.relatesTo).toBeUndefined();
    expect(bare.context?.encounter).toBeUndefined();
    expect(r4Problems(bare)).toEqual([]);
    expect(r4Problems(doc)).toEqual([]);
  });
});

describe('the answers as a QuestionnaireResponse, shaped as Da Vinci DTR asks (issue 23)', () => {
  const { record } = scenario('vcf-osteoporotic');
  const fromRecord = prefill(record, asOf);
  const author = { reference: 'Practitioner/dr-1' };
  // onsetDate: the record gives one, the physician replaces it (override); imagingConfirmsAcute: the record gives none (manual).
  const answers = { imagingConfirmsAcute: true, levels: ['T12', 'L1'], etiology: 'traumatic' as const, onsetDate: '2026-11-01' };
  const qr = buildQuestionnaireResponse({
    patientId: record.patient.id, answers, prefill: fromRecord, status: 'completed', authored: '2026-11-24T10:00:00Z', identifier: identifier(), author, answerAuthor: author,
    orderReference: 'ServiceRequest/order-7',
  });
  const item = (linkId: string) => qr.item?.find((i) => i.linkId === linkId);
  const origin = (linkId: string) => item(linkId)?.answer?.map((a) => a.extension?.find((e) => e.url === INFORMATION_ORIGIN_EXTENSION)?.extension);
  const derivedFrom = (linkId: string) => (item(linkId)?.answer?.[0]?.extension ?? []).filter((e) => e.url === DERIVATION_REFERENCE_EXTENSION)
    .map((e) => e.extension?.find((x) => x.url === 'reference')?.valueReference?.reference);

  it('answers the app’s Questionnaire by canonical URL, for the patient, by the signed-in author, based on the order it was launched from', () => {
    expect(qr).toMatchObject({
      questionnaire: QUESTIONNAIRE_CANONICAL, status: 'completed', subject: { reference: `Patient/${record.patient.id}` }, author,
      basedOn: [{ reference: 'ServiceRequest/order-7' }], extension: [{ url: QR_CONTEXT_EXTENSION, valueReference: { reference: 'ServiceRequest/order-7' } }],
    });
    expect(r4Problems(qr)).toEqual([]);
  });

  it('names no order when launched without one, or from something that is not an order', () => {
    const base = { patientId: record.patient.id, answers, prefill: fromRecord, status: 'completed' as const, authored: '2026-11-24T10:00:00Z', identifier: identifier() };
    for (const orderReference of [undefined, 'Procedure/p-1', 'ServiceRequest/a b']) {
      const plain = buildQuestionnaireResponse({ ...base, ...(orderReference ? { orderReference } : {}) });
      expect(plain.basedOn).toBeUndefined();
      expect(plain.extension).toBeUndefined();
    }
  });

  it('marks the physician’s answers override (replacing the record’s) or manual (the record had none), by the author', () => {
    expect(fromRecord.answers.onsetDate).toBeDefined();
    expect(origin('onsetDate')).toEqual([[{ url: 'source', valueCode: 'override' }, { url: 'author', valueReference: author }]]);
    expect(fromRecord.answers.imagingConfirmsAcute).toBeUndefined();
    expect(origin('imagingConfirmsAcute')).toEqual([[{ url: 'source', valueCode: 'manual' }, { url: 'author', valueReference: author }]]);
    // Every answer of a repeating item says where it came from.
    expect(origin('levels')).toHaveLength(2);
    expect(item('levels')?.answer?.map((a) => a.valueString)).toEqual(['T12', 'L1']);
    expect(item('etiology')?.answer?.[0]?.valueCoding?.code).toBe('traumatic');
    expect(derivedFrom('onsetDate')).toEqual([]);
    expect(item('imagingConfirmsAcute')?.extension).toBeUndefined();
    // The items the save panel previews (answerItems with the same author) are the items saved: its saved-or-not check holds.
    expect(answerItems(answers, fromRecord, author)).toEqual(qr.item);
  });

  it('marks what came from the record auto, with no author (DTR dtrx-1), citing the resources it was read from', () => {
    expect(fromRecord.answers.vcf).toBe(true);
    expect(origin('vcf')).toEqual([[{ url: 'source', valueCode: 'auto' }]]);
    const cited = derivedFrom('vcf');
    expect(cited.length).toBeGreaterThan(0);
    expect(cited).toEqual(expect.arrayContaining((fromRecord.sources.vcf?.evidence ?? []).filter((e) => e.id).map((e) => `${e.resourceType}/${e.id}`)));
  });

  it('no longer writes the app’s own answer-source extension', () => {
    expect(JSON.stringify(qr)).not.toContain(ANSWER_SOURCE_EXTENSION);
  });

  it('leaves unanswered fields out', () => {
    expect(item('rdqScore')).toBeUndefined();
  });
});

describe('the missing workup as draft orders', () => {
  const { assessment } = scenario('vcf-little-data');
  const proposals = proposedOrders(assessment);

  it('proposes one CPT-coded order per missing required item, from clinical/orders.ts', () => {
    expect(proposals.length).toBeGreaterThanOrEqual(3);
    for (const p of proposals) expect(WORKUP_ORDERS[p.workupId]).toContainEqual(p.order);
    expect(ordersAsText(proposals).split('\n')).toHaveLength(proposals.length);
    expect(ordersAsText(proposals)).toContain(`CPT ${proposals[0]!.order.cpt}`);
  });

  it('builds draft proposals for the fracture Condition, never an active order', () => {
    const reason = fractureCondition(scenario('vcf-osteoporotic').assessment);
    expect(reason?.reference).toMatch(/^Condition\//);
    const order = buildDraftOrder({ proposal: proposals[0]!, patientId: 'p1', authoredOn: '2026-11-24T10:00:00Z', identifier: identifier(), requester: { reference: 'Practitioner/dr-1' }, ...(reason ? { reason } : {}) });
    expect(order).toMatchObject({ status: 'draft', intent: 'proposal', subject: { reference: 'Patient/p1' }, reasonReference: [reason], requester: { reference: 'Practitioner/dr-1' },
      code: { coding: [{ system: CPT_SYSTEM, code: proposals[0]!.order.cpt }, { system: 'http://loinc.org', code: proposals[0]!.order.loinc }] } });
    expect(r4Problems(order)).toEqual([]);
  });
});

describe('write identifiers', () => {
  it('are fresh per write and make the conditional-create query', () => {
    const a = newWriteIdentifier();
    expect(a.value).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(newWriteIdentifier().value).not.toBe(a.value);
    expect(decodeURIComponent(ifNoneExist(a).slice('identifier='.length))).toBe(`urn:ietf:rfc:3986|${a.value}`);
  });
});

describe('no proposals where the workup does not apply', () => {
  it('proposes nothing when an absolute contraindication is present (pregnancy)', () => {
    const { assessment } = scenario('vcf-pregnant');
    expect(assessment.contraindications.some((c) => c.kind === 'absolute' && c.status === 'present')).toBe(true);
    expect(proposedOrders(assessment)).toEqual([]);
  });
});

describe('resuming answers saved in progress', () => {
  it('brings back the physician’s answers in the form’s own terms, not the record’s', async () => {
    const { editsFromResponse, latestInProgress } = await import('../../src/writeback/resume');
    const { record } = scenario('vcf-osteoporotic');
    const make = (authored: string, status: 'in-progress' | 'completed') => buildQuestionnaireResponse({
      patientId: record.patient.id, answers: { imagingConfirmsAcute: true, levels: ['T12', 'L1'], etiology: 'traumatic', rdqScore: 18, onsetDate: '2026-11-01' },
      prefill: prefill(record, asOf), status, authored, identifier: identifier(), author: { reference: 'Practitioner/dr-1', display: 'Dr. One' },
    });
    const older = { ...make('2026-11-20T10:00:00Z', 'in-progress'), id: 'old' };
    const newer = { ...make('2026-11-22T10:00:00Z', 'in-progress'), id: 'new' };
    const done = { ...make('2026-11-23T10:00:00Z', 'completed'), id: 'done' };
    const other = { ...make('2026-11-24T10:00:00Z', 'in-progress'), id: 'other', subject: { reference: 'Patient/someone-else' } };
    const bundleOf = (...resources: object[]) => ({ resourceType: 'Bundle' as const, type: 'searchset' as const, entry: resources.map((resource) => ({ resource: resource as never })) });
    // Completed after the last in-progress save: nothing to resume.
    expect(latestInProgress(bundleOf(older, newer, done, other), record.patient.id)).toBeUndefined();
    const found = latestInProgress(bundleOf(older, newer, other), record.patient.id);
    expect(found?.id).toBe('new');
    expect(editsFromResponse(found!)).toEqual({ imagingConfirmsAcute: true, levels: 'T12, L1', etiology: 'traumatic', rdqScore: '18', onsetDate: '2026-11-01' });
  });

  it('never turns answers written by anyone but a Practitioner into the physician’s edits (issue 19: a patient app may create them)', async () => {
    const { editsFromResponse, latestSavedAnswers } = await import('../../src/writeback/resume');
    const { record } = scenario('vcf-discitis');
    const planted = buildQuestionnaireResponse({
      patientId: record.patient.id, answers: { activeInfection: false, imagingConfirmsAcute: true, painAttributable: true },
      prefill: prefill(record, asOf), status: 'completed', authored: '2026-11-23T10:00:00Z', identifier: identifier(), author: { reference: 'Patient/' + record.patient.id },
    });
    expect(editsFromResponse(planted)).toEqual({});
    expect(editsFromResponse({ ...planted, author: { reference: 'RelatedPerson/rp-1' } })).toEqual({});
    expect(editsFromResponse({ ...planted, author: undefined })).toEqual({});
    expect(editsFromResponse({ ...planted, author: { reference: 'https://ehr.example/fhir/Practitioner/dr-1' } })).toEqual({ activeInfection: false, imagingConfirmsAcute: true, painAttributable: true });
    // The newest saved answers are found whether completed or in progress.
    const bundle = { resourceType: 'Bundle' as const, type: 'searchset' as const, entry: [{ resource: { ...planted, id: 'qr-1' } }] };
    expect(latestSavedAnswers(bundle, record.patient.id)?.id).toBe('qr-1');
  });

  it('still reads responses saved before issue 23, with the app’s retired answer-source extension', async () => {
    const { editsFromResponse } = await import('../../src/writeback/resume');
    const kind = (k: string) => [{ url: ANSWER_SOURCE_EXTENSION, extension: [{ url: 'kind', valueCode: k }] }];
    const saved = {
      resourceType: 'QuestionnaireResponse' as const, status: 'in-progress' as const, questionnaire: QUESTIONNAIRE_CANONICAL,
      author: { reference: 'Practitioner/dr-1' },
      item: [
        { linkId: 'painWorsening', extension: kind('physician'), answer: [{ valueBoolean: true }] },
        { linkId: 'vcf', extension: kind('record'), answer: [{ valueBoolean: true }] },
      ],
    };
    expect(editsFromResponse(saved)).toEqual({ painWorsening: true });
  });
});

describe('every resource the app writes validates as R4, for every sample patient (issue 23 item 5)', () => {
  const author = { reference: 'Practitioner/dr-1' };
  const origins = new Set(['auto', 'override', 'manual']);

  for (const vignette of VIGNETTES) {
    it(`${vignette.id}: the note, the answers (with DTR information-origin) and each draft order`, () => {
      const { record, assessment } = scenario(vignette.id);
      const fromRecord = prefill(record, asOf);
      const note = buildNoteDocument({ assessment, note: summaryText(assessment), detail: summaryText(assessment), date: '2026-11-24T10:00:00Z', identifier: identifier(), author, encounterId: 'enc-1', replaces: 'doc-0' });
      const answers = buildQuestionnaireResponse({
        patientId: record.patient.id, answers: { imagingConfirmsAcute: true, painScore: 8, levels: ['L1'], etiology: 'osteoporotic', rdqScore: 16 }, prefill: fromRecord,
        status: 'in-progress', authored: '2026-11-24T10:00:00Z', identifier: identifier(), author, answerAuthor: author, encounterId: 'enc-1', orderReference: 'ServiceRequest/o-1',
      });
      const reason = fractureCondition(assessment);
      const orders = proposedOrders(assessment).map((proposal) => buildDraftOrder({ proposal, patientId: record.patient.id, authoredOn: '2026-11-24T10:00:00Z', identifier: identifier(), requester: author, encounterId: 'enc-1', ...(reason ? { reason } : {}) }));
      for (const resource of [note, answers, ...orders]) expect(r4Problems(resource), `${resource.resourceType}`).toEqual([]);

      // DTR information-origin's own rules, which an R4 validator does not know: one per answer, a known source, and
      // dtrx-1 (an auto answer names no author; an override or manual one does).
      for (const item of answers.item ?? []) {
        for (const answer of item.answer ?? []) {
          const found = (answer.extension ?? []).filter((e) => e.url === INFORMATION_ORIGIN_EXTENSION);
          expect(found, item.linkId).toHaveLength(1);
          const source = found[0]!.extension?.find((e) => e.url === 'source')?.valueCode;
          expect(origins.has(source ?? ''), `${item.linkId}: ${source}`).toBe(true);
          expect(found[0]!.extension?.some((e) => e.url === 'author'), `${item.linkId}: dtrx-1`).toBe(source !== 'auto');
        }
      }
    });
  }
});
