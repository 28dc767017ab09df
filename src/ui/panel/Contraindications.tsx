// Absolute contraindications (they decide the verdict) and relative ones, shown as cautions to document.
// The heading is the detail section's (contra-heading).
import type { ContraindicationResult } from '../../clinical/types';
import { EvidenceList } from './EvidenceList';
import { StatusBadge } from './StatusBadge';

function Contraindication({ item }: { item: ContraindicationResult }) {
  // "none documented" is a Record line: the status already says it.
  const evidence = item.evidence.filter((e) => e.resourceType !== 'Record');
  return (
    <li class="item" data-id={item.id}>
      <div class="item-head">
        <StatusBadge status={item.status} />
        <span class="item-label">{item.label}</span>
        {item.status === 'absent' && evidence.length === 0 ? <span class="item-tag">none documented</span> : null}
      </div>
      {item.note ? <p class="item-note">{item.note}</p> : null}
      <EvidenceList evidence={evidence} />
    </li>
  );
}

export function contraindicationsFlag(items: ContraindicationResult[]): string | undefined {
  const absolute = items.filter((c) => c.kind === 'absolute' && c.status === 'present').length;
  const cautions = items.filter((c) => c.kind === 'relative' && c.status === 'present').length;
  const parts = [absolute ? `${absolute} absolute present` : '', cautions ? `${cautions} ${cautions === 1 ? 'caution' : 'cautions'}` : ''].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

export function Contraindications({ items }: { items: ContraindicationResult[] }) {
  const absolute = items.filter((c) => c.kind === 'absolute');
  const relative = items.filter((c) => c.kind === 'relative');
  const present = relative.filter((c) => c.status === 'present').length;
  return (
    <section aria-labelledby="contra-heading">
      <h3>Absolute</h3>
      <ul class="items">{absolute.map((c) => <Contraindication key={c.id} item={c} />)}</ul>
      <h3>Relative: cautions to document ({present} present)</h3>
      <p class="hint">They do not change the verdict. Bleeding thresholds (INR over 1.5, platelets under 50 ×10⁹/L, labs within 30 days) are local-practice defaults.</p>
      <ul class="items">{relative.map((c) => <Contraindication key={c.id} item={c} />)}</ul>
    </section>
  );
}
