// Issue 19 item 7: the saved evaluation a relaunch shows is read from this app's own note, never guessed: the verdict
// from the note's "Verdict: <code>" line, the author from the resource (a non-Practitioner named as such).
import { describe, expect, it } from 'vitest';
import type { DocumentReference } from 'fhir/r4';
import { VIGNETTES } from '../../sandbox/patients';
import { assess } from '../../src/clinical/assess';
import { summaryText } from '../../src/clinical/summary';
import { recordFromBundle } from '../../src/fhir/bundle';
import { base64Utf8, buildNoteDocument } from '../../src/writeback/document-reference';
import { newWriteIdentifier } from '../../src/writeback/identifier';
import { savedEvaluationOf } from '../../src/writeback/saved-evaluation';

const asOf = '2026-11-24';
const vignette = VIGNETTES.find((v) => v.id === 'vcf-osteoporotic')!;
const record = recordFromBundle({ resourceType: 'Bundle', type: 'collection', entry: vignette.build(new Date(Date.UTC(2026, 10, 24, 12))).map((resource) => ({ resource })) });

function note(answers: Parameters<typeof assess>[1], extra: Partial<DocumentReference> = {}): DocumentReference {
  const a = assess(record, answers, asOf);
  return { ...buildNoteDocument({ assessment: a, note: 'Vertebral augmentation (kyphoplasty) candidacy: ...', detail: summaryText(a), date: '2026-11-23T08:51:00Z', identifier: newWriteIdentifier() }), id: 'n1', ...extra };
}

describe('the saved evaluation of a note', () => {
  it('reads each verdict the app can save from its own note', () => {
    expect(savedEvaluationOf(note({}))?.verdict).toBe('needs-information');
    expect(savedEvaluationOf(note({ imagingConfirmsAcute: true, painAttributable: true }))?.verdict).toBe('candidate');
    expect(savedEvaluationOf(note({ activeInfection: true }))?.verdict).toBe('not-candidate');
  });

  it('names a Practitioner author with the name and reference the note carries', () => {
    const found = savedEvaluationOf(note({}, { author: [{ reference: 'Practitioner/dr-1', display: 'Dr. Robin Sandbox' }] }));
    expect(found).toMatchObject({ id: 'n1', author: 'Dr. Robin Sandbox (Practitioner/dr-1)', byClinician: true, date: '2026-11-23T08:51:00Z' });
  });

  it('says when the author is not a clinician, or when there is none', () => {
    expect(savedEvaluationOf(note({}, { author: [{ reference: 'Patient/p1', display: 'Pat Ient' }] }))).toMatchObject({ author: 'Pat Ient (Patient/p1, not a clinician)', byClinician: false });
    expect(savedEvaluationOf(note({}, { author: [{ display: 'Front desk' }] }))).toMatchObject({ author: 'Front desk (not identified as a clinician)', byClinician: false });
    expect(savedEvaluationOf(note({}))).toMatchObject({ author: 'no author recorded', byClinician: false });
  });

  it('shows nothing for a note whose verdict cannot be read (no verdict line, an unknown verdict, no data)', () => {
    const text = (t: string) => note({}, { content: [{ attachment: { contentType: 'text/plain', data: base64Utf8(t) } }] });
    expect(savedEvaluationOf(text('Meets the documented criteria, trust me'))).toBeUndefined();
    expect(savedEvaluationOf(text('Verdict: recommended - Go ahead'))).toBeUndefined();
    expect(savedEvaluationOf(note({}, { content: [{ attachment: { url: 'Binary/1' } }] }))).toBeUndefined();
    expect(savedEvaluationOf(undefined)).toBeUndefined();
  });
});
