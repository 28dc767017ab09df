// The verdict in neutral words, the missing-workup count beside it, and the reasons in the spec's order.
import type { Assessment } from '../../clinical/types';
import { missingWorkup } from '../../clinical/summary';
import { plural } from '../format';
import { StatusBadge } from './StatusBadge';

export function VerdictSummary({ assessment }: { assessment: Assessment }) {
  const missing = missingWorkup(assessment).length;
  const setting = [
    `${assessment.pathway} pathway`,
    assessment.hospitalized ? 'hospitalized' : 'not hospitalized',
    `etiology: ${assessment.etiology.join(', ') || 'not documented'}`,
  ].join('; ');
  return (
    <section class={`verdict verdict-${assessment.verdict}`} aria-labelledby="verdict-heading">
      <h2 id="verdict-heading">Verdict</h2>
      <p class="verdict-line" data-testid="verdict" role="status">
        <StatusBadge status={assessment.verdict} />{' '}
        <span class="verdict-detail">
          ({assessment.verdict}
          {missing > 0 ? `, ${plural(missing, 'workup item')} missing` : ', workup complete'})
        </span>
      </p>
      <p class="verdict-setting">{setting}. Evaluated as of {assessment.asOf}.</p>
      <ul class="reasons" data-testid="reasons">
        {assessment.reasons.map((reason) => <li key={reason}>{reason}</li>)}
      </ul>
      <p class="disclaimer">Decision support only: it lists what the record and your answers document. The physician decides.</p>
    </section>
  );
}
