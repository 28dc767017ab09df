// Criteria as met / not met / unknown, required ones first in the spec's order, each with its evidence and note.
// The heading is the detail section's (criteria-heading).
import type { CriterionResult } from '../../clinical/types';
import { EvidenceList } from './EvidenceList';
import { StatusBadge } from './StatusBadge';

function Criterion({ criterion }: { criterion: CriterionResult }) {
  return (
    <li class="item" data-id={criterion.id}>
      <div class="item-head">
        <StatusBadge status={criterion.status} />
        <span class="item-label">{criterion.label.replace(/ \(article\)$/, '')}</span>
        <span class="item-tag">{criterion.required ? 'required' : 'supporting'}</span>
      </div>
      {criterion.note ? <p class="item-note">{criterion.note}</p> : null}
      <EvidenceList evidence={criterion.evidence} />
    </li>
  );
}

export function criteriaCount(criteria: CriterionResult[]): string {
  const required = criteria.filter((c) => c.required);
  const by = (status: CriterionResult['status']) => required.filter((c) => c.status === status).length;
  const parts = [`${by('met')} met`, by('not-met') ? `${by('not-met')} not met` : '', by('unknown') ? `${by('unknown')} unknown` : ''].filter(Boolean);
  return `${required.length} required: ${parts.join(', ')}`;
}

export function CriteriaList({ criteria }: { criteria: CriterionResult[] }) {
  const required = criteria.filter((c) => c.required);
  const supporting = criteria.filter((c) => !c.required);
  return (
    <section aria-labelledby="criteria-heading">
      <ul class="items">{required.map((c) => <Criterion key={c.id} criterion={c} />)}</ul>
      {supporting.length > 0 ? (
        <>
          <h3>Supporting (do not decide the verdict here)</h3>
          <ul class="items supporting">{supporting.map((c) => <Criterion key={c.id} criterion={c} />)}</ul>
        </>
      ) : null}
    </section>
  );
}
