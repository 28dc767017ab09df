// What the record says about the patient, read-only: age, sex and the diagnoses the rules read, with sources.
import type { PrefillFact } from '../../clinical/prefill';
import { EvidenceList } from '../panel/EvidenceList';

export function RecordFacts({ facts }: { facts: PrefillFact[] }) {
  return (
    <section class="record-facts" aria-labelledby="facts-heading">
      <h3 id="facts-heading">The record says</h3>
      <dl>
        {facts.map((fact) => (
          <div class="fact" key={fact.id} data-fact={fact.id}>
            <dt>{fact.label}</dt>
            {/* A diagnosis is its records (name, kind, date); age and sex are a value. */}
            <dd>{fact.id === 'age' || fact.id === 'sex' || fact.evidence.length === 0 ? fact.value : <EvidenceList evidence={fact.evidence} />}</dd>
          </div>
        ))}
      </dl>
      {facts.length <= 2 ? <p class="hint">No diagnosis the rules read was found in the record.</p> : null}
    </section>
  );
}
