// Spec v3 (../shared/spec/README.md "Changes in v3"), the rules this file owns: conservative-care tried vs failed,
// §5 workup `unknown` (never ordered), severe-pain and spinal-infection under the searches a server is known to
// miss (§0 *Reading through a server*), §0 `reportLevels` and `Evidence.conclusion`. Expected answers come from the
// spec text.
import { describe, expect, it } from 'vitest';
import { assess } from '../../src/clinical/assess';
import { prefill } from '../../src/clinical/prefill';
import type { PatientRecord, ReadLimit } from '../../src/clinical/record';
import { missingWorkup, summaryText, unreadWorkup } from '../../src/clinical/summary';
import type { Answers } from '../../src/clinical/types';
import { missingOf } from '../../src/ui/panel/card-model';
import { clinicalNote } from '../../src/ui/note';
import { proposedOrders } from '../../src/writeback/service-requests';
import {
  AS_OF,
  CANDIDATE_ANSWERS,
  MAN_76,
  bpPanel,
  condition,
  contra,
  cpt,
  criterion,
  daysAgo,
  diagnosticReport,
  dtAgo,
  heartRate,
  icd10,
  loinc,
  observation,
  pain,
  patient,
  procedure,
  recordOf,
  snomed,
  withFields,
  workupItem,
  type Resource,
} from './builders';

const PT = snomed('91251008', 'Physical therapy procedure');
const SPINE_MRI = cpt('72148', 'MRI lumbar spine without contrast');

function assessed(resources: Resource[], answers: Answers = {}, adjust: Partial<PatientRecord> = {}) {
  const record = { ...recordOf(patient(MAN_76), ...resources), ...adjust };
  return assess(record, answers, AS_OF);
}
const limited = (...limits: ReadLimit[]) => ({ readLimits: limits });

describe('conservative-care (v3): tried is not failed', () => {
  const started = 20;

  it('conservative-care: care documented with no later pain score is unknown, "since DATE documented; failure not documented: confirm"', () => {
    const c = criterion(assessed([procedure(PT, dtAgo(started))]), 'conservative-care');
    expect(c.status).toBe('unknown');
    expect(c.note).toContain(`Conservative care since ${daysAgo(started)} documented; failure not documented: confirm`);
  });

  it('conservative-care: a pain score at or above the threshold exactly 7 days after care began is met (failure documented)', () => {
    const score = pain(6, started - 7);
    const c = criterion(assessed([procedure(PT, dtAgo(started)), score]), 'conservative-care');
    expect(c.status).toBe('met');
    expect(c.note).toContain('Failure documented');
    expect(c.evidence.map((e) => e.id)).toContain(score.id);
  });

  it('conservative-care: the same score 6 days after care began is not failure (unknown)', () => {
    const c = criterion(assessed([procedure(PT, dtAgo(started)), pain(9, started - 6)]), 'conservative-care');
    expect(c.status).toBe('unknown');
    expect(c.note).toContain('failure not documented: confirm');
  });

  it('conservative-care: 7 vs 6 days compare the records\' own calendar dates, not hours', () => {
    const care = withFields(procedure(PT, undefined), { performedDateTime: `${daysAgo(started)}T23:30:00-05:00` });
    const early = observation('72514-3', 8, '{score}', `${daysAgo(started - 7)}T00:10:00+09:00`);
    expect(criterion(assessed([care, early]), 'conservative-care').status).toBe('met');
    const sixth = observation('72514-3', 8, '{score}', `${daysAgo(started - 6)}T23:59:00-10:00`);
    expect(criterion(assessed([care, sixth]), 'conservative-care').status).toBe('unknown');
  });

  it('conservative-care: a score below the threshold 7 days in is not failure (unknown)', () => {
    expect(criterion(assessed([procedure(PT, dtAgo(started)), pain(4, 2)]), 'conservative-care').status).toBe('unknown');
  });

  it('conservative-care: only the latest pain score counts: a high score then a low one is not failure', () => {
    const c = criterion(assessed([procedure(PT, dtAgo(started)), pain(9, 10), pain(3, 1)]), 'conservative-care');
    expect(c.status).toBe('unknown');
    const later = criterion(assessed([procedure(PT, dtAgo(started)), pain(3, 10), pain(7, 1)]), 'conservative-care');
    expect(later.status).toBe('met');
  });

  it('conservative-care: the physician\'s answers.painScore does not count as failure', () => {
    const c = criterion(assessed([procedure(PT, dtAgo(started))], { painScore: 9 }), 'conservative-care');
    expect(c.status).toBe('unknown');
    expect(criterion(assessed([procedure(PT, dtAgo(started)), pain(2, 1)], { painScore: 9 }), 'conservative-care').status).toBe('unknown');
  });

  it('conservative-care: the threshold is the patient\'s severe-pain threshold (8 when hospitalized, malignant pathway 5)', () => {
    const resources = [procedure(PT, dtAgo(started)), pain(6, 1)];
    // Malignant pathway: required even in hospital, threshold 5.
    expect(criterion(assessed(resources, { etiology: 'malignant', hospitalized: true }), 'conservative-care').status).toBe('met');
    // Osteoporotic in hospital: threshold 8 (shown, not required).
    expect(criterion(assessed(resources, { hospitalized: true }), 'conservative-care').status).toBe('unknown');
  });

  it('conservative-care: answers.conservativeCareTried true is met, false not-met, whatever the record shows', () => {
    expect(criterion(assessed([procedure(PT, dtAgo(started))], { conservativeCareTried: true }), 'conservative-care').status).toBe('met');
    expect(criterion(assessed([procedure(PT, dtAgo(started)), pain(9, 1)], { conservativeCareTried: false }), 'conservative-care').status).toBe('not-met');
  });

  it('conservative-care: when a newer pain score may be unread (Observation incomplete, or panel components), the record cannot show failure', () => {
    const resources = [procedure(PT, dtAgo(started)), pain(9, 1)];
    expect(criterion(assessed(resources, {}, { incompleteTypes: ['Observation'] }), 'conservative-care').status).toBe('unknown');
    const panels = criterion(assessed(resources, {}, limited('panel-components')), 'conservative-care');
    expect(panels.status).toBe('unknown');
    expect(panels.note).toContain('pain scores recorded inside panels may not have been read');
  });

  it('conservative-care: a patient with care only (tried) is not a candidate on the record alone; the form is not prefilled "tried and failed"', () => {
    const { conservativeCareTried: _c, ...answers } = CANDIDATE_ANSWERS;
    const a = assessed([procedure(PT, dtAgo(started))], answers);
    expect(a.verdict).toBe('needs-information');
    const form = prefill(recordOf(patient(MAN_76), procedure(PT, dtAgo(started))), AS_OF);
    expect(form.answers.conservativeCareTried).toBeUndefined();
    expect(form.sources.conservativeCareTried?.display).toContain(`since ${daysAgo(started)} documented; failure: confirm`);
  });
});

describe('§5 workup unknown (v3): could not be read completely, never ordered', () => {
  const unknownNote = 'could not be read completely: may be on file';

  it('workup: Observation incomplete makes Observation items unknown with the note; workupComplete false', () => {
    const a = assessed([], {}, { incompleteTypes: ['Observation'] });
    for (const id of ['physical-exam', 'pain-score', 'coagulation']) {
      expect(workupItem(a, id).status, id).toBe('unknown');
      expect(workupItem(a, id).note, id).toContain(unknownNote);
    }
    // Not read from Observation: still missing.
    expect(workupItem(a, 'spine-mri').status).toBe('missing');
    expect(a.workupComplete).toBe(false);
  });

  it('workup: a type still being read (stillReading) makes its items unknown', () => {
    const a = assessed([], {}, { stillReading: ['DiagnosticReport'] });
    expect(workupItem(a, 'spine-mri').status).toBe('unknown');
    expect(workupItem(a, 'spine-mri').note).toContain(unknownNote);
    expect(workupItem(a, 'physical-exam').status).toBe('missing');
  });

  it('workup: readLimits panel-components makes physical-exam and pain-score unknown, not the labs', () => {
    const a = assessed([], {}, limited('panel-components'));
    expect(workupItem(a, 'physical-exam').status).toBe('unknown');
    expect(workupItem(a, 'pain-score').status).toBe('unknown');
    expect(workupItem(a, 'pain-score').note).toContain(unknownNote);
    expect(workupItem(a, 'cbc').status).toBe('missing');
  });

  it('workup: readLimits lab-filed-imaging makes the imaging items and bone-density unknown, not the exam', () => {
    const a = assessed([], {}, limited('lab-filed-imaging'));
    for (const id of ['spine-xray', 'spine-mri', 'bone-scan', 'spine-ct', 'bone-density']) expect(workupItem(a, id).status, id).toBe('unknown');
    expect(workupItem(a, 'physical-exam').status).toBe('missing');
  });

  it('workup: an item done within its window stays done whatever could not be read; an outdated one becomes unknown, its evidence kept', () => {
    const old = heartRate(40);
    const a = assessed([heartRate(2), bpPanel(2), pain(6, 1), old], {}, limited('panel-components'));
    expect(workupItem(a, 'physical-exam').status).toBe('done');
    expect(workupItem(a, 'pain-score').status).toBe('done');
    const b = assessed([heartRate(40), bpPanel(40)], {}, limited('panel-components'));
    expect(workupItem(b, 'physical-exam').status).toBe('unknown');
    expect(workupItem(b, 'physical-exam').evidence.length).toBe(2);
  });

  it('workup: an unknown item is never proposed as an order (missing lists, card, draft orders, note, text)', () => {
    const a = assessed([], {}, { incompleteTypes: ['Observation'], readLimits: ['lab-filed-imaging'] });
    const unknownIds = unreadWorkup(a).map((w) => w.id);
    expect(unknownIds).toEqual(expect.arrayContaining(['physical-exam', 'coagulation', 'spine-mri']));
    expect(missingWorkup(a).map((w) => w.id).filter((id) => unknownIds.includes(id))).toEqual([]);
    expect(missingOf(a).map((m) => m.id).filter((id) => unknownIds.includes(id))).toEqual([]);
    expect(proposedOrders(a).map((p) => p.workupId).filter((id) => unknownIds.includes(id))).toEqual([]);
    // cbc reads Observation too: unknown, not ordered.
    expect(unknownIds).toContain('cbc');
    const text = summaryText(a);
    const still = text.slice(text.indexOf('Workup still needed:'), text.indexOf('Workup the record could not settle'));
    expect(still).not.toContain('Spine MRI');
    expect(text).toContain('[unknown] Spine MRI (STIR / T2 fat-sat)');
    const note = clinicalNote({ assessment: a, answers: {}, evaluatedAt: '2026-11-24 10:00' });
    expect(note).not.toMatch(/Missing required workup:[^\n]*MRI/);
    expect(note).toMatch(/not read completely[^\n]*Spine MRI/);
  });

  it('workup: with everything read, nothing is unknown (missing stays missing and is ordered)', () => {
    const a = assessed([]);
    expect(a.workup.some((w) => w.status === 'unknown')).toBe(false);
    expect(proposedOrders(a).map((p) => p.workupId)).toContain('spine-mri');
  });
});

describe('severe-pain and spinal-infection under read limits (v3 §0 Reading through a server)', () => {
  const gap = 'pain scores recorded inside panels may not have been read';

  it('severe-pain: with panel-components unread, a standalone score at the threshold is unknown, with the data gap', () => {
    const a = assessed([pain(7, 1)], {}, limited('panel-components'));
    expect(criterion(a, 'severe-pain').status).toBe('unknown');
    expect(criterion(a, 'severe-pain').note).toContain(gap);
    expect(a.dataGaps).toContain(gap);
    expect(assessed([pain(7, 1)]).criteria.find((c) => c.id === 'severe-pain')!.status).toBe('met');
  });

  it('severe-pain: with panel-components unread, a standalone score below the threshold is still not-met', () => {
    expect(criterion(assessed([pain(3, 1)], {}, limited('panel-components')), 'severe-pain').status).toBe('not-met');
  });

  it('severe-pain: the physician\'s pain score is not affected by the limit', () => {
    expect(criterion(assessed([], { painScore: 7 }, limited('panel-components')), 'severe-pain').status).toBe('met');
  });

  it('pain-course: with panel-components unread, worsening read from standalone scores is not met; not worsening still counts', () => {
    const worsening = criterion(assessed([pain(5, 20), pain(7, 1)], {}, limited('panel-components')), 'pain-course');
    expect(worsening.status).toBe('unknown');
    expect(worsening.note).toContain(gap);
    expect(criterion(assessed([pain(5, 20), pain(7, 1)]), 'pain-course').status).toBe('met');
    const answers: Answers = { heightLossOver25: false, kyphoticDeformity: false, progressiveHeightLoss: false };
    expect(criterion(assessed([pain(7, 20), pain(5, 1)], answers, limited('panel-components')), 'pain-course').status).toBe('not-met');
  });

  it('spinal-infection: with inactive-conditions unread, "none documented" is unknown; the answer still settles it', () => {
    const a = assessed([], {}, limited('inactive-conditions'));
    expect(contra(a, 'spinal-infection').status).toBe('unknown');
    expect(contra(a, 'spinal-infection').note).toContain('Conditions that are not active');
    expect(contra(assessed([]), 'spinal-infection').status).toBe('absent');
    expect(contra(assessed([], { activeInfection: false }, limited('inactive-conditions')), 'spinal-infection').status).toBe('absent');
    // Rules that count active conditions only are complete on an active-only server.
    expect(contra(a, 'neurologic-compromise').status).toBe('absent');
  });

  it('spinal-infection: an active infection on file stays present under the limit', () => {
    const a = assessed([condition(icd10('M46.26', 'Osteomyelitis of vertebra, lumbar region'), { clinicalStatus: 'active', onset: daysAgo(10) })], {}, limited('inactive-conditions'));
    expect(contra(a, 'spinal-infection').status).toBe('present');
  });
});

describe('§0 reportLevels and Evidence.conclusion (v3)', () => {
  const mri = (ago: number, conclusion: string | undefined, extra: Record<string, unknown> = {}) =>
    withFields(diagnosticReport(SPINE_MRI, dtAgo(ago)), { ...(conclusion ? { conclusion } : {}), ...extra });

  it('reportLevels: the level a spine MRI conclusion names, with the report and its date', () => {
    const report = mri(10, 'Acute L1 compression fracture with marrow edema on STIR. No retropulsion.');
    const a = assessed([report]);
    expect(a.reportLevels).toEqual([{ level: 'L1', reportId: report.id, date: dtAgo(10) }]);
    expect(a.recordLevels).toEqual([]);
  });

  it('reportLevels: distinct, top to bottom, each with the newest report naming it', () => {
    const older = mri(30, 'Compression fractures of L1 and T12.');
    const newer = mri(5, 'Known L1 fracture, new height loss at L1; T8 unchanged.');
    const a = assessed([older, newer]);
    expect(a.reportLevels).toEqual([
      { level: 'T8', reportId: newer.id, date: dtAgo(5) },
      { level: 'T12', reportId: older.id, date: dtAgo(30) },
      { level: 'L1', reportId: newer.id, date: dtAgo(5) },
    ]);
  });

  it('reportLevels: only reports dated within 84 days', () => {
    expect(assessed([mri(84, 'L2 fracture.')]).reportLevels.map((l) => l.level)).toEqual(['L2']);
    expect(assessed([mri(85, 'L2 fracture.')]).reportLevels).toEqual([]);
  });

  it('reportLevels: conclusionCode displays count; MRI sequence names (T1-weighted, T2 hyperintense, on T2) are not levels', () => {
    const coded = mri(3, undefined, { conclusionCode: [{ coding: [{ system: SYS_SNOMED, code: '0', display: 'Fracture of T9 vertebra' }] }] });
    expect(assessed([coded]).reportLevels.map((l) => l.level)).toEqual(['T9']);
    const sequences = mri(3, 'T2 hyperintense marrow edema of L3 on T1-weighted and STIR images; bright on T2. T1 and T2 signal normal elsewhere.');
    expect(assessed([mri(3, 'Fractures of T1 and T2 vertebrae.')]).reportLevels.map((l) => l.level)).toEqual(['T1', 'T2']);
    expect(assessed([sequences]).reportLevels.map((l) => l.level)).toEqual(['L3']);
  });

  it('reportLevels: not from a DXA report, a non-spine study or a cancelled report', () => {
    const dxa = withFields(diagnosticReport(cpt('77080', 'DXA bone density axial'), dtAgo(5)), { conclusion: 'L1-L4 T-score -2.8.' });
    const chest = withFields(diagnosticReport(cpt('71046', 'X-ray chest 2 views'), dtAgo(5)), { conclusion: 'Incidental T7 wedge deformity.' });
    const cancelled = withFields(mri(5, 'L4 fracture.'), { status: 'cancelled' });
    expect(assessed([dxa, chest, cancelled]).reportLevels).toEqual([]);
  });

  it('reportLevels: never counted by a rule (too-many-levels stays unknown with four report levels)', () => {
    const a = assessed([mri(5, 'Fractures of T11, T12, L1 and L2.')]);
    expect(a.reportLevels).toHaveLength(4);
    expect(contra(a, 'too-many-levels').status).toBe('unknown');
    expect(a.recordLevels).toEqual([]);
  });

  it('Evidence.conclusion: imaging evidence carries the report conclusion as plain text, at most 300 characters', () => {
    const short = mri(10, 'Acute L1 compression fracture.\nNo retropulsion.');
    const a = assessed([short]);
    const evidence = criterion(a, 'imaging-confirmation').evidence.find((e) => e.id === short.id)!;
    expect(evidence.conclusion).toBe('Acute L1 compression fracture. No retropulsion.');
    expect(workupItem(a, 'spine-mri').evidence[0]!.conclusion).toBe(evidence.conclusion);
    const long = mri(10, `Acute L1 fracture. ${'Detail. '.repeat(60)}`);
    const cut = criterion(assessed([long]), 'imaging-confirmation').evidence[0]!.conclusion!;
    expect(cut.length).toBe(300);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.startsWith('Acute L1 fracture. Detail.')).toBe(true);
  });

  it('Evidence.conclusion and reportLevels in the text output (--format text)', () => {
    const report = mri(10, 'Acute L1 compression fracture with marrow edema on STIR.');
    const text = summaryText(assessed([report]));
    expect(text).toContain('Conclusion: Acute L1 compression fracture with marrow edema on STIR.');
    expect(text).toContain(`Levels named in spine imaging reports (last 12 weeks; proposals, not counted): L1 (report ${report.id}, ${daysAgo(10)})`);
  });

  it('Evidence.conclusion: a lab report\'s conclusion is not imaging evidence', () => {
    const cbc = withFields(diagnosticReport(loinc('58410-2', 'CBC panel'), dtAgo(3)), { conclusion: 'Normal CBC.' });
    expect(workupItem(assessed([cbc]), 'cbc').evidence[0]!.conclusion).toBeUndefined();
  });
});

const SYS_SNOMED = 'http://snomed.info/sct';
