// The print for the chart and a prior-authorization packet, shown only when printing (even embedded, where the app
// hides its banner): identity header, the verdict and its reasons, levels, every evidence line of the deciding
// criteria newest first, contraindications and cautions, missing workup with orders, who evaluated, when, by which
// rules, and an attestation with a signature block. Record text is rendered as text only.
import type { Answers, Assessment } from '../clinical/types';
import { answerOnlyOf, cardReasons, cautionsOf, evidenceText, headline, missingOf, treatedLevels, workupNotApplicableReason } from './panel/card-model';
import { newestFirst } from './panel/EvidenceList';
import { recordKind } from './format';

export interface PrintReportProps {
  assessment: Assessment;
  answers: Answers;
  onset?: string;
  evaluator?: string;
  evaluatedAt: string;
}

const STATUS_WORDS: Record<string, string> = { met: 'Met', 'not-met': 'Not met', unknown: 'Unknown', present: 'Present', absent: 'Absent' };

export function PrintReport({ assessment: a, answers, onset, evaluator, evaluatedAt }: PrintReportProps) {
  const p = a.patient;
  const cautions = cautionsOf(a);
  const deciding = a.criteria.filter((c) => c.required);
  const levels = treatedLevels(a, answers);
  const missing = missingOf(a);
  return (
    <article class="print-report" data-testid="print-report">
      <header class="print-identity">
        <p class="print-title">Vertebral augmentation (kyphoplasty) candidacy: decision support record</p>
        <dl>
          <div><dt>Patient</dt><dd>{p.name ?? 'name not recorded'}</dd></div>
          <div><dt>Born</dt><dd>{p.birthDate ?? 'not recorded'}{p.age !== undefined ? ` (${p.age} y)` : ''}</dd></div>
          <div><dt>Sex</dt><dd>{p.sex ?? 'not recorded'}</dd></div>
          <div><dt>Record id</dt><dd>{p.id}</dd></div>
          <div><dt>Evaluated</dt><dd>{evaluatedAt} (record as of {a.asOf})</dd></div>
        </dl>
      </header>
      <p class="print-verdict"><strong>{headline(a, answers, onset, cautions.length)}</strong></p>
      <ul>{cardReasons(a).map((r) => <li key={r}>{r}</li>)}</ul>
      <p>Levels in the record: {a.recordLevels.join(', ') || 'none coded'}. Treated level: {levels.join(', ') || 'not entered'}.</p>
      {answerOnlyOf(a).map((w) => <p key={w.id} class="print-warning">⚠ {w.text}</p>)}

      <h2>Deciding criteria</h2>
      <ul class="print-items">
        {deciding.map((c) => (
          <li key={c.id}>
            <strong>{STATUS_WORDS[c.status]}: {c.label}</strong>{c.note ? ` (${c.note})` : ''}
            <ul>
              {newestFirst(c.evidence).map((e, i) => <li key={i}>{e.resourceType === 'ClinicianInput' ? "Physician's answer" : recordKind(e)}: <bdi>{evidenceText(e)}</bdi></li>)}
            </ul>
          </li>
        ))}
      </ul>

      <h2>Contraindications</h2>
      <ul class="print-items">
        {a.contraindications.filter((c) => c.kind === 'absolute').map((c) => <li key={c.id}>{STATUS_WORDS[c.status]}: {c.label}</li>)}
      </ul>
      <h2>Cautions ({cautions.length})</h2>
      <ul class="print-items">
        {cautions.length ? cautions.map((c) => <li key={c.id}>{c.title}{c.lines.length ? `: ${c.lines.join('; ')}` : ''}</li>) : <li>None documented.</li>}
      </ul>
      <h2>Missing required workup ({workupNotApplicableReason(a) ? `not applicable now: ${workupNotApplicableReason(a)}` : missing.length})</h2>
      <ul class="print-items">
        {missing.length ? missing.map((m) => <li key={m.id}>{m.label}{m.order ? `: order ${m.order}` : ''}</li>) : <li>None.</li>}
      </ul>
      {a.dataGaps.length ? <p>Could not be read: {a.dataGaps.join('; ')}.</p> : null}

      <footer class="print-attestation">
        <p>Evaluator: {evaluator ?? '______________________ (the EHR did not identify the signed-in clinician)'}</p>
        <p>Rules {a.specVersion}; app {a.engineVersion}. Decision support only: the physician decides.</p>
        <p>I have reviewed the patient's record and imaging and examined the patient; the findings above are accurate to the best of my knowledge.</p>
        <p>Signature ______________________________ Date ____________</p>
      </footer>
    </article>
  );
}
