// Save to chart: the note (DocumentReference), the answers (QuestionnaireResponse) and the missing workup as draft
// orders (ServiceRequest), each previewed exactly as it will be written and sent only on the physician's click.
// Only writes the token grants are offered; without the order grant the orders are text to copy.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { QuestionnaireResponse, Reference } from 'fhir/r4';
import type { Prefill } from '../clinical/prefill';
import { summaryText } from '../clinical/summary';
import type { Answers, Assessment } from '../clinical/types';
import type { ChartAccess } from '../writeback/chart-access';
export { chartAccess } from '../writeback/chart-access';
import type { VerifiedUser } from '../writeback/fhir-user';
import { buildNoteDocument, citedEvidence, NOTE_TYPE } from '../writeback/document-reference';
import { newWriteIdentifier } from '../writeback/identifier';
import { answerItems, buildQuestionnaireResponse } from '../writeback/questionnaire-response';
import { editsFromResponse, type ResumedEdits } from '../writeback/resume';
import { buildDraftOrder, fractureCondition, ordersAsText, proposedOrders } from '../writeback/service-requests';
import { afterOutcome, WriteStatus, type PendingWrite, type WriteState } from './SaveToChartWrite';

export interface SaveToChartProps {
  assessment: Assessment;
  /** The physician's own answers. */
  answers: Answers;
  prefill: Pick<Prefill, 'answers' | 'sources'>;
  /** The physician-readable note, exactly as it will be written. */
  note: string;
  chart: ChartAccess;
  /** Puts resumed answers into the form (the physician's edits). */
  onResume?: (edits: ResumedEdits) => void;
}

/** The sections' props: the author once the id_token has been checked (undefined: still checking). */
interface SectionProps extends SaveToChartProps {
  author: VerifiedUser | undefined;
}

const authorRef = (author: VerifiedUser | undefined): { author?: Reference } => (author?.ok ? { author: author.user } : {});

const IDLE: WriteState = { kind: 'idle' };
/** The note's last line carries the minute it was made: a new minute alone is not a change worth a new version. */
const withoutMinute = (note: string) => note.replace(/ on \d{4}-\d{2}-\d{2} \d{2}:\d{2} [^;]*;/g, ';');

function useWrite(chart: ChartAccess) {
  const [state, setState] = useState<WriteState>(IDLE);
  const send = async (pending: PendingWrite) => {
    setState({ kind: 'saving', pending });
    setState(afterOutcome(pending, await chart.create(pending.resource, pending.identifier), new Date()));
  };
  return { state, send, retry: () => state.kind === 'failed' && send(state.pending) };
}

function NoteSection({ author, assessment, note, chart }: SectionProps) {
  const detail = useMemo(() => summaryText(assessment), [assessment]);
  const write = useWrite(chart);
  // The text of the attempt in flight or failed: what a Retry resends, so it is what the preview shows.
  const [sentText, setSentText] = useState(note);
  const [savedNote, setSavedNote] = useState<{ id: string; text: string } | undefined>();
  const related = citedEvidence(assessment).length;
  const saved = write.state.kind === 'saved' ? write.state : undefined;
  if (saved && savedNote?.id !== saved.id) setSavedNote({ id: saved.id, text: sentText });
  const inFlight = write.state.kind === 'saving' || write.state.kind === 'failed';
  const busy = !author || inFlight;
  const shown = inFlight ? sentText : note;
  const changed = savedNote !== undefined && withoutMinute(savedNote.text) !== withoutMinute(note);
  const save = () => {
    const identifier = newWriteIdentifier();
    const resource = buildNoteDocument({ assessment, note, detail, date: new Date().toISOString(), identifier, ...authorRef(author), ...(chart.encounterId ? { encounterId: chart.encounterId } : {}), ...(savedNote ? { replaces: savedNote.id } : {}) });
    setSentText(note);
    void write.send({ resource, identifier });
  };
  return (
    <div class="card-block" data-testid="save-note">
      <h3>Note</h3>
      <p class="muted">
        Written as a {NOTE_TYPE.display} (LOINC {NOTE_TYPE.code}), preliminary: you sign it in the EHR. Patient {assessment.patient.id}
        {chart.encounterId ? `, encounter ${chart.encounterId}` : ''}; {related} cited record {related === 1 ? 'resource' : 'resources'}; rules {assessment.specVersion}, app {assessment.engineVersion}; {authorLine(author)}.
        {savedNote ? ` Replaces DocumentReference/${savedNote.id}.` : ''}
      </p>
      <pre class="preview" tabIndex={0} data-testid="note-preview">{shown}</pre>
      <details>
        <summary>Second attachment: every criterion with its evidence</summary>
        <pre class="preview" tabIndex={0}>{detail}</pre>
      </details>
      {!savedNote || changed ? (
        <button type="button" data-action="save-note" disabled={busy} onClick={save}>{savedNote ? 'Save new version to chart' : 'Save note to chart'}</button>
      ) : null}
      <WriteStatus state={write.state} what="the note" onRetry={write.retry} testId="note-write" />
    </div>
  );
}

function AnswersSection({ author, assessment, answers, prefill, chart }: SectionProps) {
  const write = useWrite(chart);
  const current = useMemo(() => answerItems(answers, prefill), [answers, prefill]);
  const inFlight = write.state.kind === 'saving' || write.state.kind === 'failed';
  // While a save is in flight or failed, the preview is what a Retry resends; after a save, a change may be saved anew.
  const items = inFlight ? ((write.state.kind !== 'idle' ? (write.state.pending.resource as QuestionnaireResponse).item : undefined) ?? []) : current;
  const savedItems = write.state.kind === 'saved' ? JSON.stringify((write.state.pending.resource as QuestionnaireResponse).item ?? []) : undefined;
  const disabled = !author || inFlight || savedItems === JSON.stringify(current);
  const save = (status: 'completed' | 'in-progress') => {
    const identifier = newWriteIdentifier();
    const resource = buildQuestionnaireResponse({ patientId: assessment.patient.id, answers, prefill, status, authored: new Date().toISOString(), identifier, ...authorRef(author), ...(chart.encounterId ? { encounterId: chart.encounterId } : {}) });
    void write.send({ resource, identifier });
  };
  return (
    <div class="card-block" data-testid="save-answers">
      <h3>Answers</h3>
      <p class="muted">A QuestionnaireResponse of the app's Questionnaire; each answer says whether it is yours or the record's (with the records it was read from); {authorLine(author)}.</p>
      <ul data-testid="answers-preview">
        {items.map((item) => (
          <li key={item.linkId}>
            {item.text}: {(item.answer ?? []).map((a) => a.valueCoding?.display ?? String(a.valueBoolean ?? a.valueDecimal ?? a.valueInteger ?? a.valueDate ?? a.valueString)).join(', ')}
            {' '}({item.extension?.[0]?.extension?.[0]?.valueCode === 'physician' ? 'you' : 'record'})
          </li>
        ))}
      </ul>
      <button type="button" data-action="save-answers" disabled={disabled} onClick={() => save('completed')}>Save answers as completed</button>{' '}
      <button type="button" data-action="save-answers-in-progress" disabled={disabled} onClick={() => save('in-progress')}>Save answers in progress</button>
      <WriteStatus state={write.state} what="the answers" onRetry={write.retry} testId="answers-write" />
    </div>
  );
}

function OrdersSection({ author, assessment, chart }: SectionProps) {
  const proposals = useMemo(() => proposedOrders(assessment), [assessment]);
  const reason = fractureCondition(assessment);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(proposals.map((p) => p.workupId)));
  const [states, setStates] = useState<Record<string, WriteState>>({});
  if (proposals.length === 0) return null;
  if (!chart.granted.has('ServiceRequest')) {
    return (
      <div class="card-block" data-testid="orders-text">
        <h3>Missing workup to order</h3>
        <p class="muted">This EHR did not grant the app draft orders: place these in the EHR.</p>
        <pre class="preview" tabIndex={0} data-testid="orders-text-list">{ordersAsText(proposals)}</pre>
      </div>
    );
  }
  const send = async () => {
    for (const p of proposals) {
      const current = states[p.workupId];
      if (!chosen.has(p.workupId) || current?.kind === 'saved' || current?.kind === 'saving') continue;
      // A retry resends the first attempt's resource and identifier: the EHR finds it instead of creating another.
      const pending = current?.kind === 'failed' ? current.pending : (() => {
        const identifier = newWriteIdentifier();
        return { identifier, resource: buildDraftOrder({ proposal: p, patientId: assessment.patient.id, authoredOn: new Date().toISOString(), identifier, ...(author?.ok ? { requester: author.user } : {}), ...(reason ? { reason } : {}), ...(chart.encounterId ? { encounterId: chart.encounterId } : {}) }) };
      })();
      setStates((s) => ({ ...s, [p.workupId]: { kind: 'saving', pending } }));
      const outcome = await chart.create(pending.resource, pending.identifier);
      setStates((s) => ({ ...s, [p.workupId]: afterOutcome(pending, outcome, new Date()) }));
    }
  };
  const open = proposals.filter((p) => chosen.has(p.workupId) && states[p.workupId]?.kind !== 'saved');
  const anyFailed = Object.values(states).some((s) => s.kind === 'failed');
  return (
    <div class="card-block" data-testid="save-orders">
      <h3>Missing workup as draft orders</h3>
      <p class="muted">
        Proposals only: status draft, intent proposal, CPT code{reason ? `, reason ${reason.reference}` : ''}, {author?.ok ? `requester ${author.user.reference}` : 'no requester'}, and the note "Proposed by the Kyphoplasty Candidacy app: missing required workup (item)". You sign them in the EHR's ordering.
      </p>
      <ul>
        {proposals.map((p) => {
          const state = states[p.workupId] ?? IDLE;
          return (
            <li key={p.workupId} data-order={p.workupId}>
              <label>
                <input type="checkbox" checked={chosen.has(p.workupId)} disabled={state.kind !== 'idle'}
                  onChange={(e) => setChosen((c) => {
                    const next = new Set(c);
                    if ((e.target as HTMLInputElement).checked) next.add(p.workupId);
                    else next.delete(p.workupId);
                    return next;
                  })} />
                {' '}{p.order.name}, CPT {p.order.cpt} ({p.label})
              </label>
              <WriteStatus state={state} what="the draft order" onRetry={() => void send()} testId={`order-write-${p.workupId}`} />
            </li>
          );
        })}
      </ul>
      {open.length && !anyFailed ? <button type="button" data-action="propose-orders" disabled={!author} onClick={() => void send()}>Propose {open.length} draft {open.length === 1 ? 'order' : 'orders'}</button> : null}
    </div>
  );
}

/** An in-progress set of answers already in the chart is offered, never applied by itself. */
function ResumeOffer({ chart, onResume }: SectionProps) {
  const [found, setFound] = useState<QuestionnaireResponse | undefined>();
  const [resumed, setResumed] = useState(false);
  useEffect(() => {
    let live = true;
    void chart.inProgressAnswers().then((qr) => live && setFound(qr)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [chart]);
  if (!found || !onResume) return null;
  const when = found.authored?.replace('T', ' ').slice(0, 16) ?? 'an unknown date';
  return (
    <div class="card-block notice" data-testid="resume-answers" data-resource-id={found.id}>
      {resumed ? (
        <p role="status">Resumed the answers saved in progress on {when} UTC: they are in the form as your answers.</p>
      ) : (
        <>
          <p>Answers saved in progress on {when} UTC are in the chart (QuestionnaireResponse/{found.id}).</p>
          <button type="button" data-action="resume-answers" onClick={() => { onResume(editsFromResponse(found)); setResumed(true); }}>Resume these answers</button>
        </>
      )}
    </div>
  );
}

function authorLine(author: VerifiedUser | undefined): string {
  if (!author) return 'author: checking the EHR\'s sign-in';
  return author.ok ? `author ${author.display ? `${author.display}, ` : ''}${author.user.reference} (from the EHR's signed id_token)` : `no author: ${author.reason}`;
}

export function SaveToChartPanel(chartProps: SaveToChartProps) {
  const { granted } = chartProps.chart;
  const [author, setAuthor] = useState<VerifiedUser | undefined>();
  useEffect(() => {
    let live = true;
    void chartProps.chart.author().then((a) => live && setAuthor(a));
    return () => {
      live = false;
    };
  }, [chartProps.chart]);
  const props: SectionProps = { ...chartProps, author };
  return (
    <section class="panel save-to-chart" aria-labelledby="save-to-chart-heading" data-testid="save-to-chart">
      <h2 id="save-to-chart-heading">Save to chart</h2>
      <p class="muted">Nothing is written until you click. Each save shows exactly what it writes.</p>
      <ResumeOffer {...props} />
      {granted.has('DocumentReference') ? <NoteSection {...props} /> : <p class="muted" data-testid="note-not-granted">Saving the note is not granted by this EHR: use Copy note.</p>}
      {granted.has('QuestionnaireResponse') ? <AnswersSection {...props} /> : null}
      <OrdersSection {...props} />
    </section>
  );
}
