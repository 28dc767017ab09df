// What is one click below the verdict card (criteria, contraindications, workup, the form) and the print-only
// report: loaded right after the card shows, so the first screen carries only what the physician reads first.
import type { Answers, Assessment } from '../clinical/types';
import { prefill, type Prefill } from '../clinical/prefill';
import type { PatientRecord } from '../clinical/record';
import { withRecordSettled } from './form/record-settled';
import { AnswersForm } from './form/AnswersForm';
import type { Edits, Field, FieldValue } from './form/form-state';
import { workupNotApplicableReason } from '../clinical/workup-applicability';
import { Contraindications, contraindicationsFlag } from './panel/Contraindications';
import { CriteriaList, criteriaCount } from './panel/CriteriaList';
import { DetailSection } from './panel/DetailSection';
import { WorkupChecklist, workupCount } from './panel/WorkupChecklist';
import { PrintReport } from './PrintReport';

// The verdict card under its summary line, and its Copy buttons: they arrive with the details (issue 22).
export { CardBody } from './panel/CardBody';
export { CopySummary } from './CopySummary';
export { decisionFields, mostFavourableAnswers } from './panel/card-decisions';
export { localDateTime } from './local-time';
// Save to chart (it needs the note): with the rest of the card.
export { SaveToChart } from './SaveToChart';

/** The form's prefill from the record, with what the record-only assessment settles (./form/record-settled.ts). */
export function recordPrefill(record: PatientRecord, asOf: string, recordOnly: Assessment): Prefill {
  return withRecordSettled(prefill(record, asOf), recordOnly);
}

export interface PanelDetailsProps {
  assessment: Assessment;
  answers: Answers;
  prefill: Prefill;
  edits: Edits;
  errors: Partial<Record<Field, string>>;
  asOf: string;
  omit: readonly Field[];
  onEdit: (field: Field, value: FieldValue) => void;
  onReset: (field?: Field) => void;
}

const withFlag = (flag: string | undefined) => (flag ? { flag } : {});

export function DetailSections({ assessment, prefill, edits, errors, asOf, omit, onEdit, onReset }: PanelDetailsProps) {
  const relative = assessment.contraindications;
  return (
    <>
      <DetailSection id="criteria" title="Criteria" count={criteriaCount(assessment.criteria)}>
        <CriteriaList criteria={assessment.criteria} />
      </DetailSection>
      <DetailSection id="contra" title="Contraindications and cautions" {...withFlag(contraindicationsFlag(relative))}>
        <Contraindications items={relative} />
      </DetailSection>
      <DetailSection id="workup" title="Workup" count={workupCount(assessment.workup)}>
        <WorkupChecklist items={assessment.workup} notApplicable={workupNotApplicableReason(assessment)} />
      </DetailSection>
      <DetailSection id="answers" title="Answers and what the record says" count={`${Object.keys(edits).length} changed by you`} open>
        <AnswersForm prefill={prefill} edits={edits} errors={errors} asOf={asOf} omit={omit} onEdit={onEdit} onReset={onReset} />
      </DetailSection>
    </>
  );
}

export { PrintReport };
// The note and the facts it needs load with the details, off the first screen's path (Copy note and Save to chart
// are offered once they are here, normally before the physician reaches them).
export { clinicalNote } from './note';
export { fractureIcdCodes } from '../clinical/report-facts';
// The line about the latest saved evaluation (issue 19 item 7) comes with the details: after the card, never before it.
export { LastEvaluation } from './LastEvaluation';
