// Save to chart: the note (DocumentReference), the answers (QuestionnaireResponse) and the missing workup as draft
// orders (ServiceRequest), each previewed exactly as it will be written and sent only on the physician's click.
// Only writes the token grants are offered; without the order grant the orders are text to copy.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { DocumentReference, QuestionnaireResponse, QuestionnaireResponseItem, Reference } from 'fhir/r4';
import type { Prefill } from '../clinical/prefill';
import { summaryText } from '../clinical/summary';
import type { Answers, Assessment } from '../clinical/types';
import type { ChartAccess } from '../writeback/chart-access';
export { chartAccess } from '../writeback/chart-access';
import type { VerifiedUser } from '../writeback/fhir-user';
import { buildNoteDocument, citedEvidence, NOTE_TYPE } from '../writeback/document-reference';
import { newWriteIdentifier } from '../writeback/identifier';
import { answerItems, buildQuestionnaireResponse } from '../writeback/questionnaire-response';
import { editsFromResponse, isPhysiciansAnswer, savedBy, writtenByClinician, type ResumedEdits } from '../writeback/resume';
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

/** Answers applied from a saved QuestionnaireResponse: each keeps its origin while its value is unchanged. */
interface Resumed {
  /** "saved by Dr. Robin Sandbox, 12-07 00:51 UTC" */
  origin: string;
  /** linkId -> the answer as previewed when applied. */
  values: Record<string, string>;
}

/** The sections' props: the author once the id_token has been checked (undefined: still checking). */
interface SectionProps extends SaveToChartProps {
  author: VerifiedUser | undefined;
  resumed: Resumed | undefined;
  setResumed(resumed: Resumed): void;
}

const authorRef = (author: VerifiedUser | undefined): { author?: Reference } => (author?.ok ? { author: { ...author.user, ...(author.display ? { display: author.display } : {}) } } : {});

/** One item's answers as the preview shows them. */
const answerText = (item: QuestionnaireResponseItem) =>
  (item.answer ?? []).map((a) => a.valueCoding?.display ?? String(a.valueBoolean ?? a.valueDecimal ?? a.valueInteger ?? a.valueDate ?? a.valueString)).join(', ');
/** DTR information-origin (issue 23): `auto` is the record's; override and manual (or the retired extension's "physician") are the physician's. */
const isPhysicianItem = (item: QuestionnaireResponseItem) => isPhysiciansAnswer(item);

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
  // The newest note this app wrote for the patient in an earlier launch: this launch's first save replaces it.
  const [earlier, setEarlier] = useState<DocumentReference | undefined>();
  useEffect(() => {
    let live = true;
    void chart.latestNote().then((d) => live && setEarlier(d)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [chart]);
  const replaces = savedNote?.id ?? earlier?.id;
  const related = citedEvidence(assessment).length;
  const saved = write.state.kind === 'saved' ? write.state : undefined;
  if (saved && savedNote?.id !== saved.id) setSavedNote({ id: saved.id, text: sentText });
  const inFlight = write.state.kind === 'saving' || write.state.kind === 'failed';
  const busy = !author || inFlight;
  const shown = inFlight ? sentText : note;
  const changed = savedNote !== undefined && withoutMinute(savedNote.text) !== withoutMinute(note);
  const save = () => {
    const identifier = newWriteIdentifier();
    const resource = buildNoteDocument({ assessment, note, detail, date: new Date().toISOString(), identifier, ...authorRef(author), ...(chart.encounterId ? { encounterId: chart.encounterId } : {}), ...(replaces ? { replaces } : {}) });
    setSentText(note);
    void write.send({ resource, identifier });
  };
  return (
    <div class="card-block" data-testid="save-note">
      <h3>Note</h3>
      <p class="muted">
        Written as a {NOTE_TYPE.display} (LOINC {NOTE_TYPE.code}), preliminary: you sign it in the EHR. Patient {assessment.patient.id}
        {chart.encounterId ? `, encounter ${chart.encounterId}` : ''}; {related} cited record {related === 1 ? 'resource' : 'resources'}; rules {assessment.specVersion}, app {assessment.engineVersion}; {authorLine(author)}.
        {replaces ? ` Replaces DocumentReference/${replaces}${!savedNote && earlier?.date ? ` (saved ${earlier.date.replace('T', ' ').slice(0, 16)} UTC)` : ''}.` : ''}
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

function AnswersSection({ author, assessment, answers, prefill, chart, resumed }: SectionProps) {
  const write = useWrite(chart);
  const answerAuthor = authorRef(author).author;
  const current = useMemo(() => answerItems(answers, prefill, answerAuthor), [answers, prefill, answerAuthor?.reference]);
  const inFlight = write.state.kind === 'saving' || write.state.kind === 'failed';
  // While a save is in flight or failed, the preview is what a Retry resends; after a save, a change may be saved anew.
  const items = inFlight ? ((write.state.kind !== 'idle' ? (write.state.pending.resource as QuestionnaireResponse).item : undefined) ?? []) : current;
  const savedItems = write.state.kind === 'saved' ? JSON.stringify((write.state.pending.resource as QuestionnaireResponse).item ?? []) : undefined;
  const disabled = !author || inFlight || savedItems === JSON.stringify(current);
  const save = (status: 'completed' | 'in-progress') => {
    const identifier = newWriteIdentifier();
    const resource = buildQuestionnaireResponse({ patientId: assessment.patient.id, answers, prefill, status, authored: new Date().toISOString(), identifier, ...authorRef(author), ...(answerAuthor ? { answerAuthor } : {}), ...(chart.encounterId ? { encounterId: chart.encounterId } : {}) });
    void write.send({ resource, identifier });
  };
  return (
    <div class="card-block" data-testid="save-answers">
      <h3>Answers</h3>
      <p class="muted">A QuestionnaireResponse of the app's Questionnaire; each answer says whether it is yours or the record's (with the records it was read from); {authorLine(author)}.</p>
      <ul data-testid="answers-preview">
        {items.map((item) => (
          <li key={item.linkId}>
            {item.text}: {answerText(item)}
            {' '}({!isPhysicianItem(item) ? 'record' : resumed?.values[item.linkId] === answerText(item) ? resumed.origin : 'you'})
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

/**
 * The latest answers saved for this patient, offered with their author and date, never applied by themselves. Only a
 * clinician's (Practitioner) answers can be applied; anyone else's (a patient-facing app may create them) are shown
 * for reading. Applied answers keep their origin in the preview.
 */
function ResumeOffer({ chart, onResume, assessment, setResumed }: SectionProps) {
  const [found, setFound] = useState<QuestionnaireResponse | undefined>();
  const [applied, setApplied] = useState(false);
  useEffect(() => {
    let live = true;
    void chart.latestAnswers().then((qr) => live && setFound(qr)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [chart]);
  if (!found) return null;
  const by = savedBy(found, assessment.asOf.slice(0, 4));
  const status = found.status === 'completed' ? 'completed' : 'in progress';
  const items = (found.item ?? []).filter(isPhysicianItem);
  const clinician = writtenByClinician(found);
  const list = (
    <ul class="resume-items" data-testid="resume-items">
      {items.map((item) => <li key={item.linkId}>{item.text ?? item.linkId}: {answerText(item)}</li>)}
    </ul>
  );
  if (!clinician || !onResume) {
    return (
      <div class="card-block notice notice-warn" data-testid="resume-answers" data-resource-id={found.id} data-applicable="no">
        <p>Answers saved by {by} ({status}; QuestionnaireResponse/{found.id}){clinician ? '' : ': not by a clinician, shown for reading only, never applied as yours'}.</p>
        {list}
      </div>
    );
  }
  return (
    <div class="card-block notice" data-testid="resume-answers" data-resource-id={found.id} data-applicable="yes">
      {applied ? (
        <p role="status">Applied the answers saved by {by}: they are in the form, marked with their origin.</p>
      ) : (
        <>
          <p>Saved by {by} ({status}; QuestionnaireResponse/{found.id}):</p>
          {list}
          <button type="button" data-action="resume-answers" onClick={() => {
            onResume(editsFromResponse(found));
            setResumed({ origin: `saved by ${by}`, values: Object.fromEntries(items.map((item) => [item.linkId, answerText(item)])) });
            setApplied(true);
          }}>Apply these answers</button>
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
  const [resumed, setResumed] = useState<Resumed | undefined>();
  const props: SectionProps = { ...chartProps, author, resumed, setResumed };
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
