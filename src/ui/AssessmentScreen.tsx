// The loaded screen: prefill the form from the record (with the details), turn the physician's edits into Answers, assess on every
// change (pure and fast, memoised), and show the verdict card first, then the details in collapsible sections.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { assess } from '../clinical/assess';
import { recordFractureOnset } from '../clinical/fracture-onset';
import { couldBePregnant } from '../clinical/reading';
import { holdForInvalidAnswers } from '../clinical/verdict';
import type { PatientRecord } from '../clinical/record';
import { answersKey, loadEdits, saveEdits } from './answers-store';
import type { LaunchOrder } from '../app/launch-order';
import { formAnswers, type Edits, type Field, type FieldValue } from './form/form-state';
import { DataGaps } from './panel/DataGaps';
import { VerdictCard } from './panel/VerdictCard';
import { afterCardShown } from './after-card';
import { PatientBanner } from './PatientBanner';
import type { ChartSession } from '../writeback/chart-access';

type DetailsModule = typeof import('./PanelDetails');
// In its own chunk, requested once the verdict card has painted (./after-card.ts): the browser budget counts every
// script fetched before the verdict shows (60 KB gzip, issue 22), and the details (with the rest of the card under its
// summary line, the note builder and the print report) are not needed for it. They normally follow within a moment.
let detailsModule: DetailsModule | undefined;
let detailsLoading: Promise<DetailsModule> | undefined;
/** Requests the details chunk (once); resolves when it is here. Tests call it to render with the details present. */
export function loadDetails(): Promise<DetailsModule> {
  detailsLoading ??= import('./PanelDetails').then((module) => (detailsModule = module));
  return detailsLoading;
}

export interface AssessmentScreenProps {
  record: PatientRecord;
  /** YYYY-MM-DD */
  asOf: string;
  showBanner: boolean;
  /** The signed-in clinician (fhirUser), when the EHR identifies them. */
  evaluator?: string;
  /** The order a CDS Hooks card opened the app for: its levels prefill the form. */
  order?: LaunchOrder | undefined;
  /** The session the chart writes go through (absent: nothing is offered). */
  chart?: ChartSession;
}

export function AssessmentScreen({ record, asOf, showBanner, evaluator, order, chart }: AssessmentScreenProps) {
  const recordOnly = useMemo(() => assess(record, {}, asOf), [record, asOf]);
  // The summary line needs only the fracture's onset; the form's whole prefill comes with the details (issue 22).
  const recordOnset = useMemo(() => recordFractureOnset(record, asOf), [record, asOf]);
  const [details, setDetails] = useState<DetailsModule | undefined>(detailsModule);
  const [detailsFailed, setDetailsFailed] = useState(false);
  const fromRecord = useMemo(() => (details ? details.recordPrefill(record, asOf, recordOnly) : undefined), [details, record, asOf, recordOnly]);
  // The card's questions (./panel/card-decisions.ts) come with the details, as the card's lines that ask them do.
  const decisions = useMemo(() => details?.decisionFields(recordOnly) ?? [], [details, recordOnly]);
  // Not asked twice (the card asks some), and never asked when the record rules it out: no pregnancy question
  // for a man or a woman outside 12 to 54.
  const notInForm = useMemo(() => [...decisions, ...(couldBePregnant(record.patient, asOf) ? [] : ['pregnant' as const])], [decisions, record, asOf]);
  const storeKey = answersKey(record.patient.id, record.contextEncounterId);
  // Answers kept for this launch win; else the order's levels, when a CDS Hooks card opened the app.
  const [edits, setEdits] = useState<Edits>(() => {
    const kept = loadEdits(storeKey);
    return Object.keys(kept).length === 0 && order?.levels.length ? { levels: order.levels.join(' ') } : kept;
  });
  useEffect(() => saveEdits(storeKey, edits), [storeKey, edits]);
  const { answers, errors } = useMemo(() => formAnswers(edits, asOf), [edits, asOf]);
  const assessment = useMemo(() => holdForInvalidAnswers(assess(record, answers, asOf), Object.keys(errors)), [record, answers, errors, asOf]);
  const invalid = Object.keys(errors).length;
  // Can any answer on the card still change a "not a candidate"? Asked with the most favourable answer to each.
  const decisionsMatter = useMemo(
    () => !details || assessment.verdict !== 'not-candidate' || assess(record, { ...answers, ...details.mostFavourableAnswers(decisions, asOf) }, asOf).verdict !== 'not-candidate',
    [details, assessment.verdict, record, answers, decisions, asOf],
  );
  const levelsSource = order?.levels.length && edits.levels === order.levels.join(' ') ? 'from the order' : undefined;

  const onEdit = useCallback((field: Field, value: FieldValue) => setEdits((e) => ({ ...e, [field]: value })), []);
  const onReset = useCallback((field?: Field) => {
    setEdits((e) => {
      if (!field) return {};
      const { [field]: _removed, ...rest } = e;
      return rest;
    });
  }, []);
  const onResume = useCallback((resumed: Edits) => setEdits((e) => ({ ...e, ...resumed })), []);
  useEffect(() => {
    if (details) return undefined;
    let live = true;
    const cancel = afterCardShown(() => loadDetails().then((module) => live && setDetails(module), () => live && setDetailsFailed(true)));
    return () => {
      live = false;
      cancel();
    };
  }, [details]);
  const onset = answers.onsetDate ?? recordOnset;
  const evaluatedAt = details?.localDateTime(new Date()) ?? '';
  const fractureCodes = useMemo(() => details?.fractureIcdCodes(record, assessment) ?? [], [details, record, assessment]);
  const orderLevels = order?.levels ?? [];
  const note = details
    ? () => details.clinicalNote({ assessment, answers, evaluatedAt: details.localDateTime(new Date()), fractureCodes, orderLevels, ...(onset ? { onset } : {}), ...(evaluator ? { evaluator } : {}) })
    : undefined;

  return (
    <>
      {showBanner ? <PatientBanner patient={assessment.patient} /> : null}
      {order ? (
        <p class="launch-order" data-testid="launch-order">
          Order under review: {order.display}
          {order.levels.length ? ` at ${order.levels.join(', ')}` : ''}
        </p>
      ) : null}
      <div class="layout">
        <div class="card-column">
          {details && chart ? <details.LastEvaluation session={chart} assessment={assessment} answers={answers} reading={!!record.stillReading} /> : null}
          {record.stillReading ? (
            <p class="notice" role="status" data-testid="still-reading">
              Still reading the record ({record.stillReading.join(', ')}): what depends on it shows as unknown for now; the panel updates when it is read.
            </p>
          ) : null}
          <VerdictCard assessment={assessment} answers={answers} onset={onset}>
            {details && fromRecord ? (
              <details.CardBody assessment={assessment} answers={answers} prefill={fromRecord} decisions={decisions} edits={edits} errors={errors}
                asOf={asOf} onEdit={onEdit} decisionsMatter={decisionsMatter} {...(levelsSource ? { levelsSource } : {})}
                actions={(
                  <>
                    {invalid > 0 ? (
                      <p class="notice notice-warn">
                        <span aria-hidden="true">⚠ </span>
                        {invalid === 1 ? '1 answer is invalid and is not counted' : `${invalid} answers are invalid and are not counted`}: see the form.
                      </p>
                    ) : null}
                    <details.CopySummary assessment={assessment} {...(note ? { note } : {})} />
                  </>
                )} />
            ) : (
              <p class="notice" role="status" data-testid="card-loading">
                {detailsFailed
                  ? 'The rest of the card (questions, cautions, workup) could not be loaded: reload the app to see it. The verdict and its summary line above stand.'
                  : 'Loading the questions, cautions and workup…'}
              </p>
            )}
          </VerdictCard>
          {chart && !record.stillReading && details && note && fromRecord ? <details.SaveToChart assessment={assessment} answers={answers} prefill={fromRecord} note={note()} session={chart} onResume={onResume} /> : null}
          <DataGaps gaps={assessment.dataGaps} />
        </div>
        <div class="details-column panel">
          {details && fromRecord ? (
            <details.DetailSections assessment={assessment} answers={answers} prefill={fromRecord} edits={edits} errors={errors} asOf={asOf}
              omit={notInForm} onEdit={onEdit} onReset={onReset} />
          ) : (
            <p class="notice" role="status">
              {detailsFailed ? 'The details could not be loaded: reload the app to see them.' : 'Loading the details…'}
            </p>
          )}
        </div>
      </div>
      {details ? <details.PrintReport assessment={assessment} answers={answers} evaluatedAt={evaluatedAt} fractureCodes={fractureCodes} orderLevels={orderLevels}
        {...(onset ? { onset } : {})} {...(evaluator ? { evaluator } : {})} /> : null}
    </>
  );
}

