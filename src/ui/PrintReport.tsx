// The print for the chart and a prior-authorization packet (issue 19 item 5; CPT 22510-22515 need prior
// authorization in the WISeR model), shown only when printing (even embedded, where the app hides its banner).
// Everything the note says, plus the planned procedure with its CPT, the pre-procedure labs with values and dates,
// every relative contraindication with its status, the deciding evidence newest first, and the attestation and
// signature. A gap line comes first when the record was not read completely. Record text is rendered as text only.
import { dayOf } from '../clinical/dates';
import { fractureCodesText, imagingOf, plannedProcedure, preProcedureLabs, treatedLevelsWithSource } from '../clinical/report-facts';
import type { Answers, Assessment } from '../clinical/types';
import { answerOnlyOf, cardReasons, cautionsOf, evidenceText, fractureAgeWords, headline, isRecordEvidence, missingOf, workupNotApplicableReason } from './panel/card-model';
import { newestFirst } from './panel/EvidenceList';
import { recordKind } from './format';
import { conservativeCare, gapLine, osteoporosis, painCourse } from './note';

export interface PrintReportProps {
  assessment: Assessment;
  answers: Answers;
  onset?: string;
  evaluator?: string;
  /** With its time zone (note.ts localDateTime). */
  evaluatedAt: string;
  fractureCodes?: readonly string[];
  orderLevels?: readonly string[];
}

const STATUS_WORDS: Record<string, string> = { met: 'Met', 'not-met': 'Not met', unknown: 'Unknown', present: 'Present', absent: 'Absent' };

export function PrintReport({ assessment: a, answers, onset, evaluator, evaluatedAt, fractureCodes = [], orderLevels = [] }: PrintReportProps) {
  const p = a.patient;
  const cautions = cautionsOf(a);
  const deciding = a.criteria.filter((c) => c.required);
  const { levels, source } = treatedLevelsWithSource(a, answers, orderLevels);
  const procedure = plannedProcedure(levels);
  const missing = missingOf(a);
  const notApplicable = workupNotApplicableReason(a);
  const gaps = gapLine(a);
  const fracture = (a.criteria.find((c) => c.id === 'vcf')?.evidence ?? []).filter(isRecordEvidence)[0];
  const age = fractureAgeWords(onset, a.asOf);
  const { study, impression } = imagingOf(a);
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
          <div><dt>Evaluator</dt><dd>{evaluator ?? 'not identified by the EHR'}</dd></div>
        </dl>
      </header>
      {gaps ? <p class="print-warning" data-testid="print-gaps">⚠ {gaps}</p> : null}
      <p class="print-verdict"><strong>{headline(a, answers, onset, cautions.length)}</strong></p>
      <ul>{cardReasons(a).map((r) => <li key={r}>{r}</li>)}</ul>
      {answerOnlyOf(a).map((w) => <p key={w.id} class="print-warning">⚠ {w.text}</p>)}

      <h2>Diagnosis and planned procedure</h2>
      <ul class="print-items">
        <li>Diagnosis: <bdi>{fracture ? evidenceText(fracture) : 'no fracture diagnosis in the record'}</bdi>{fractureCodesText(fractureCodes)}{onset ? `; onset ${onset}${age ? ` (${age})` : ''}` : ''}</li>
        <li>Level: {levels.length ? `${levels.join(', ')} (${source})` : 'not entered'}. Levels coded in the record: {a.recordLevels.join(', ') || 'none'}.</li>
        <li>Planned procedure: {procedure ? procedure.text : 'percutaneous vertebral augmentation (kyphoplasty), CPT 22513 (thoracic) or 22514 (lumbar), +22515 per additional level: enter the treated level'}.</li>
        <li>Imaging: <bdi>{study ? evidenceText(study) : 'no spine MRI or bone scan in the record'}</bdi>{impression ? <>; impression{impression.date ? ` (${dayOf(impression.date) ?? impression.date})` : ''}: “<bdi>{impression.text}</bdi>”</> : null}</li>
        <li>{painCourse(a)}</li>
        <li>{conservativeCare(a, answers)}</li>
        <li>{osteoporosis(a)}</li>
      </ul>

      <h2>Pre-procedure labs</h2>
      <ul class="print-items" data-testid="print-labs">
        {preProcedureLabs(a).map((lab) => (
          <li key={lab.name}>{lab.line ? <bdi>{evidenceText(lab.line)}</bdi> : `${lab.name}: none on file`}</li>
        ))}
      </ul>

      <h2>Deciding criteria (evidence newest first)</h2>
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

      <h2>Absolute contraindications</h2>
      <ul class="print-items">
        {a.contraindications.filter((c) => c.kind === 'absolute').map((c) => <li key={c.id}>{STATUS_WORDS[c.status]}: {c.label}</li>)}
      </ul>
      <h2>Relative contraindications</h2>
      <ul class="print-items" data-testid="print-relative">
        {a.contraindications.filter((c) => c.kind === 'relative').map((c) => {
          // Present: named by what was found, with the lines that found it (a normal count is not listed under it).
          const caution = cautions.find((k) => k.id === c.id);
          return <li key={c.id}>{STATUS_WORDS[c.status]}: {caution?.title ?? c.label}{caution?.lines.length ? <>: <bdi>{caution.lines.join('; ')}</bdi></> : ''}</li>;
        })}
      </ul>
      <h2>Cautions ({cautions.length})</h2>
      <ul class="print-items">
        {cautions.length ? cautions.map((c) => <li key={c.id}>{c.title}{c.lines.length ? <>: <bdi>{c.lines.join('; ')}</bdi></> : ''}</li>) : <li>Cautions: none.</li>}
      </ul>
      <h2>Missing required workup ({notApplicable ? `not applicable now: ${notApplicable}` : missing.length})</h2>
      <ul class="print-items">
        {missing.length ? missing.map((m) => <li key={m.id}>{m.label}{m.status === 'unknown' ? ' (could not be checked)' : ''}{m.order ? `: order ${m.order}` : ''}</li>) : <li>None.</li>}
      </ul>
      {a.dataGaps.length ? <p>Could not be read: {a.dataGaps.join('; ')}.</p> : null}

      <footer class="print-attestation">
        <p>Evaluator: {evaluator ?? '______________________ (the EHR did not identify the signed-in clinician)'}</p>
        <p>Evaluated {evaluatedAt}. Rules {a.specVersion}; app {a.engineVersion}. Decision support only: the physician decides.</p>
        <p>I have reviewed the patient's record and imaging and examined the patient; the findings above are accurate to the best of my knowledge.</p>
        <p>Signature ______________________________ Date ____________</p>
      </footer>
    </article>
  );
}
