// The verdict card under its summary line: the setting and levels, the questions only the physician can settle
// (inline, each naming its record), what stands on an answer alone, the cautions, the missing required workup with the
// order to place, and the reasons once. It arrives with the details, just after the card's first frame
// (./VerdictCard.tsx): the browser budget counts every script fetched before the verdict shows (issue 22).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Prefill } from '../../clinical/prefill';
import type { Answers, Assessment } from '../../clinical/types';
import { treatedLevelsWithSource } from '../../clinical/report-facts';
import { FIELD_DEFS } from '../form/field-defs';
import { FieldMessages, TextField, TriStateField } from '../form/fields';
import { shownValue, type Edits, type Field, type FieldValue } from '../form/form-state';
import { reportLevelText } from '../../clinical/summary';
import {
  announcement, answerOnlyOf, cardReasons, reasonTarget, cautionsOf, decisionQuestion, missingOf, workupNotApplicableReason,
} from './card-model';

export interface CardBodyProps {
  assessment: Assessment;
  answers: Answers;
  prefill: Prefill;
  /** The fields asked on the card (decisionFields of the record-only assessment). */
  decisions: Field[];
  edits: Edits;
  errors: Partial<Record<Field, string>>;
  asOf: string;
  onEdit(field: Field, value: FieldValue): void;
  /** False when no answer on the card can change the verdict: the questions fold under "Details". */
  decisionsMatter?: boolean;
  /** Where the treated levels the physician has not typed came from ("from the order"). */
  levelsSource?: string;
  actions?: preact.ComponentChildren;
}

function Decision({ field, question, value, error, asOf, onEdit }: { field: Field; question: string; value: FieldValue; error?: string; asOf: string; onEdit: CardBodyProps['onEdit'] }) {
  const base = FIELD_DEFS[field];
  const def = { ...base, label: question };
  const Input = def.kind === 'boolean' ? TriStateField : TextField;
  return (
    <li class={`field decision${value === undefined || value === '' ? ' is-open' : ''}`} data-field={field}>
      <Input def={def} value={value} asOf={asOf} onChange={(v) => onEdit(field, v)} {...(error ? { error } : {})} />
      <FieldMessages def={def} {...(error ? { error } : {})} />
    </li>
  );
}

/** The first control of a card question: a reason links to it. */
const controlId = (field: Field) => (FIELD_DEFS[field].kind === 'boolean' ? `answer-${field}-yes` : `answer-${field}`);

/** Says what changed after an answer, not on the first render (the page itself is announced then). */
function useAnnouncement(text: string): string {
  const previous = useRef(text);
  const [said, setSaid] = useState('');
  useEffect(() => {
    if (previous.current !== text) setSaid(text);
    previous.current = text;
  }, [text]);
  return said;
}

export function CardBody({ assessment, answers, prefill, decisions, edits, errors, asOf, onEdit, decisionsMatter = true, levelsSource, actions }: CardBodyProps) {
  const cautions = cautionsOf(assessment);
  const answerOnly = answerOnlyOf(assessment);
  const missing = missingOf(assessment);
  const notApplicable = workupNotApplicableReason(assessment);
  // Levels the spine imaging reports name (v3 reportLevels): proposed with their source, never counted.
  const proposed = treatedLevelsWithSource(assessment, {});
  const reasons = cardReasons(assessment);
  const said = useAnnouncement(announcement(assessment, cautions.length));
  const values = decisions.map((field) => ({ field, value: shownValue(field, edits, prefill) }));
  const open = values.filter((d) => d.value === undefined || d.value === '').length;

  return (
    <>
      <p class="visually-hidden" role="status" aria-live="polite" data-testid="verdict-announcement">{said}</p>
      <p class="verdict-setting">
        {assessment.pathway === 'malignant' ? 'Malignant pathway' : 'Non-malignant pathway (osteoporotic or low-energy trauma)'}
        {assessment.hospitalized ? ', hospitalized' : ''}. As of {assessment.asOf}.
      </p>
      <p class="verdict-levels" data-testid="levels">
        Levels in the record: {assessment.recordLevels.length ? assessment.recordLevels.join(', ') : 'none coded'}.{' '}
        Treated level: {answers.levels?.length ? `${answers.levels.join(', ')} (${levelsSource ?? 'your answer'})` : assessment.recordLevels.length ? `${assessment.recordLevels.join(', ')} (from the record; confirm in the form)` : proposed.levels.length ? `${proposed.levels.join(', ')} (${proposed.source}; confirm in the form)` : 'not entered'}.
        {assessment.reportLevels.length > 0 ? (
          <span data-testid="report-levels">
            {' '}Named in imaging reports (proposals, not counted): {assessment.reportLevels.map(reportLevelText).join(', ')}.
          </span>
        ) : null}
      </p>

      {assessment.dataGaps.length > 0 ? (
        <p class="card-gaps" data-testid="card-gaps">
          <span aria-hidden="true">⚠ </span>Partial data: {assessment.dataGaps.length === 1 ? '1 part' : `${assessment.dataGaps.length} parts`} of the record could not be read;{' '}
          <a href="#gaps-heading">see what is missing</a>. Items that depend on them stay unknown.
        </p>
      ) : null}

      {decisions.length > 0 ? (() => {
        const list = (
          <ul class="decision-list">
            {values.map(({ field, value }) => (
              <Decision key={field} field={field} question={decisionQuestion(field, assessment, answers)} value={value} asOf={asOf} onEdit={onEdit}
                {...(errors[field] ? { error: errors[field]! } : {})} />
            ))}
          </ul>
        );
        // No answer here can change a "not a candidate": the questions stay reachable, folded, below the reason.
        return decisionsMatter ? (
          <section class="card-block" aria-labelledby="decide-heading" data-testid="decisions">
            <h3 id="decide-heading">To decide ({open})</h3>
            {list}
          </section>
        ) : (
          <details class="card-block folded" data-testid="decisions" data-folded="yes">
            <summary id="decide-heading">Details: {decisions.length === 1 ? '1 question' : `${decisions.length} questions`} that cannot change this verdict</summary>
            {list}
          </details>
        );
      })() : null}

      {answerOnly.length > 0 ? (
        <section class="card-block block-warn" aria-labelledby="answer-only-heading" data-testid="answer-only">
          <h3 id="answer-only-heading"><span aria-hidden="true">⚠ </span>Met by your answer, no record ({answerOnly.length})</h3>
          <ul>{answerOnly.map((a) => <li key={a.id} data-id={a.id}>{a.text}</li>)}</ul>
        </section>
      ) : null}

      {cautions.length > 0 ? (
        <section class="card-block block-warn" aria-labelledby="cautions-heading" data-testid="cautions">
          <h3 id="cautions-heading"><span aria-hidden="true">⚠ </span>Cautions ({cautions.length})</h3>
          <ul>
            {cautions.map((c) => (
              <li key={c.id} data-id={c.id}>
                <strong>{c.title}</strong>
                {c.lines.length ? <ul class="caution-lines">{c.lines.map((line, i) => <li key={i}><bdi>{line}</bdi></li>)}</ul> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section class="card-block" aria-labelledby="missing-heading" data-testid="missing-workup">
        {notApplicable ? (
          <>
            <h3 id="missing-heading">Workup: not applicable now</h3>
            <p class="hint">{notApplicable.charAt(0).toUpperCase()}{notApplicable.slice(1)}: the workup is listed below, folded.</p>
          </>
        ) : (
          <>
            <h3 id="missing-heading">Missing required workup ({missing.length})</h3>
            {missing.length ? (
              <ul>
                {missing.map((m) => (
                  <li key={m.id} data-id={m.id}>
                    {m.label}{m.status === 'outdated' ? ` (outdated${m.last ? `: last ${m.last}` : ''})` : m.status === 'unknown' ? ' (could not be checked: the record was not read completely)' : ''}
                    {m.order ? <span class="order"> Order: {m.order}</span> : null}
                  </li>
                ))}
              </ul>
            ) : <p>None: every required item is on file.</p>}
          </>
        )}
      </section>

      {reasons.length > 0 ? (
        <section class="card-block" aria-labelledby="reasons-heading">
          <h3 id="reasons-heading">Reasons</h3>
          <ul class="reasons" data-testid="reasons">
            {reasons.map((r) => {
              const target = reasonTarget(r, assessment, decisions);
              return <li key={r}>{target ? <a href={`#${controlId(target)}`}>{r}</a> : r}</li>;
            })}
          </ul>
        </section>
      ) : null}
      <p class="disclaimer">Decision support: it lists what the record and your answers document. The physician decides.</p>
      {actions}
    </>
  );
}
