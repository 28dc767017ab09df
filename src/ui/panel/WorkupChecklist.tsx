// The workup checklist: done / outdated / missing / unknown, with the order to place for what is missing (an
// unknown item, v3 §5, could not be read completely: its note says so, and it is never ordered). An item not
// required for this patient is greyed, never marked red; with an absolute contraindication the list is folded
// as "not applicable now" (absolute contraindication, or death). The heading is the detail section's (workup-heading).
import { orderLine } from '../../clinical/orders';
import type { WorkupResult } from '../../clinical/types';
import { EvidenceList } from './EvidenceList';
import { StatusBadge } from './StatusBadge';

function WorkupItem({ item }: { item: WorkupResult }) {
  const order = item.status === 'missing' || item.status === 'outdated' ? orderLine(item.id) : undefined;
  return (
    <li class={`item${item.required ? '' : ' not-required'}`} data-id={item.id} data-required={item.required ? 'yes' : 'no'}>
      <div class="item-head">
        {item.required || item.status === 'done'
          ? <StatusBadge status={item.status} />
          : <StatusBadge status={item.status} muted words={item.status === 'missing' ? 'None on file' : item.status === 'unknown' ? 'Unknown' : 'Outdated'} />}
        <span class="item-label">{item.label}</span>
        <span class="item-tag">{item.required ? 'required' : 'not required'}; within {item.window}</span>
      </div>
      {item.note ? <p class="item-note">{item.note}</p> : null}
      {order && item.required ? <p class="item-note order">Order: {order}</p> : null}
      <EvidenceList evidence={item.evidence.slice(0, 3)} />
    </li>
  );
}

export function workupCount(items: WorkupResult[]): string {
  const required = items.filter((i) => i.required);
  const missing = required.filter((i) => i.status === 'missing' || i.status === 'outdated').length;
  const unread = required.filter((i) => i.status === 'unknown').length;
  const parts = [missing ? `${missing} of ${required.length} required missing or outdated` : '', unread ? `${unread} not read completely` : ''].filter(Boolean);
  return parts.length ? parts.join('; ') : `complete: ${required.length} required done`;
}

/** `notApplicable`: why the workup is not applicable now (absent: it applies). */
export function WorkupChecklist({ items, notApplicable }: { items: WorkupResult[]; notApplicable?: string | undefined }) {
  const list = <ul class="items">{items.map((item) => <WorkupItem key={item.id} item={item} />)}</ul>;
  return (
    <section aria-labelledby="workup-heading">
      <p class="hint">Missing workup does not change the verdict.</p>
      {notApplicable ? (
        <details class="folded">
          <summary>Not applicable now: {notApplicable} ({items.length} items)</summary>
          {list}
        </details>
      ) : list}
    </section>
  );
}
