// The assessment: verdict and reasons, criteria, contraindications, workup, data gaps, and the copy button.
import type { Assessment } from '../../clinical/types';
import { CopySummary } from '../CopySummary';
import { Contraindications } from './Contraindications';
import { CriteriaList } from './CriteriaList';
import { DataGaps } from './DataGaps';
import { VerdictSummary } from './VerdictSummary';
import { WorkupChecklist } from './WorkupChecklist';

export function AssessmentPanel({ assessment, invalidAnswers }: { assessment: Assessment; invalidAnswers: number }) {
  return (
    <div class="panel">
      <DataGaps gaps={assessment.dataGaps} />
      <VerdictSummary assessment={assessment} />
      {invalidAnswers > 0 ? (
        <p class="notice notice-warn" role="status">
          <span aria-hidden="true">⚠ </span>
          {invalidAnswers === 1 ? '1 answer is invalid and is not counted' : `${invalidAnswers} answers are invalid and are not counted`}: see the form.
        </p>
      ) : null}
      <CopySummary assessment={assessment} />
      <CriteriaList criteria={assessment.criteria} />
      <Contraindications items={assessment.contraindications} />
      <WorkupChecklist items={assessment.workup} complete={assessment.workupComplete} />
    </div>
  );
}
