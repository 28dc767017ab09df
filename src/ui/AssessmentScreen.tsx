// The loaded screen: prefill the form from the record, turn the physician's edits into Answers, assess on every
// change (pure and fast, memoised) and show the form beside the panel.
import { useCallback, useMemo, useState } from 'preact/hooks';
import { assess } from '../clinical/assess';
import { prefill } from '../clinical/prefill';
import { holdForInvalidAnswers } from '../clinical/verdict';
import type { PatientRecord } from '../clinical/record';
import type { LaunchOrder } from '../app/launch-order';
import { AnswersForm } from './form/AnswersForm';
import { formAnswers, type Edits, type Field, type FieldValue } from './form/form-state';
import { AssessmentPanel } from './panel/AssessmentPanel';
import { PatientBanner } from './PatientBanner';

export interface AssessmentScreenProps {
  record: PatientRecord;
  /** YYYY-MM-DD */
  asOf: string;
  showBanner: boolean;
  /** The order a CDS Hooks card opened the app for: its levels prefill the form. */
  order?: LaunchOrder | undefined;
}

export function AssessmentScreen({ record, asOf, showBanner, order }: AssessmentScreenProps) {
  const fromRecord = useMemo(() => prefill(record, asOf), [record, asOf]);
  const [edits, setEdits] = useState<Edits>(() => (order?.levels.length ? { levels: order.levels.join(' ') } : {}));
  const { answers, errors } = useMemo(() => formAnswers(edits, asOf), [edits, asOf]);
  const assessment = useMemo(() => holdForInvalidAnswers(assess(record, answers, asOf), Object.keys(errors)), [record, answers, errors, asOf]);

  const onEdit = useCallback((field: Field, value: FieldValue) => setEdits((e) => ({ ...e, [field]: value })), []);
  const onReset = useCallback((field?: Field) => {
    setEdits((e) => {
      if (!field) return {};
      const { [field]: _removed, ...rest } = e;
      return rest;
    });
  }, []);

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
        <div class="form-column no-print">
          <AnswersForm prefill={fromRecord} edits={edits} errors={errors} asOf={asOf} onEdit={onEdit} onReset={onReset} />
        </div>
        <div class="panel-column">
          <AssessmentPanel assessment={assessment} invalidAnswers={Object.keys(errors).length} />
        </div>
      </div>
    </>
  );
}
