// The workup checklist: done / outdated / missing, whether it is required for this patient, and its window.
import type { WorkupResult } from '../../clinical/types';
import { EvidenceList } from './EvidenceList';
import { StatusBadge } from './StatusBadge';

export function WorkupChecklist({ items, complete }: { items: WorkupResult[]; complete: boolean }) {
  return (
    <section aria-labelledby="workup-heading">
      <h2 id="workup-heading">Workup {complete ? '(complete)' : ''}</h2>
      <p class="hint">Missing workup does not change the verdict.</p>
      <ul class="items">
        {items.map((item) => (
          <li class="item" key={item.id} data-id={item.id}>
            <div class="item-head">
              <StatusBadge status={item.status} />
              <span class="item-label">{item.label}</span>
              <span class="item-tag">{item.required ? 'required' : 'not required'}; within {item.window}</span>
            </div>
            <EvidenceList evidence={item.evidence.slice(0, 3)} />
          </li>
        ))}
      </ul>
    </section>
  );
}
