// The mock chart's "written by apps" view: the notes, answers and draft orders apps saved for the patient, as an
// EHR's inbox of unsigned documents and proposed orders would show them. Every string is escaped.
import type { DirectoryEntry } from '../patient-directory';
import type { WrittenResources } from '../fhir/written-resources';
import { html, page } from '../http/html';

const decoded = (data: string | undefined) => (data ? Buffer.from(data, 'base64').toString('utf8') : '');

export function writtenPage(patient: DirectoryEntry, written: WrittenResources, launcherUrl: string): string {
  const { notes, answers, orders } = written;
  return page(
    `Written by apps: ${patient.name}`,
    html`<header class="chart-header" data-testid="chart-header" data-patient-id="${patient.id}">
<strong data-testid="chart-patient-name">${patient.name}</strong>
<span>MRN <code>${patient.id}</code></span>
<a href="${launcherUrl}">Launcher</a>
</header>
<main>
<h1>Written to the chart by apps</h1>
<h2>Notes (${notes.length})</h2>
${notes.length ? notes.map((n) => html`<article data-testid="written-note" data-id="${n.id}">
<h3>${n.type?.coding?.[0]?.display ?? n.type?.text ?? 'Note'}, ${n.docStatus ?? ''} (DocumentReference/${n.id}), ${n.date ?? ''}</h3>
<p>Author: ${n.author?.map((a) => a.reference).join(', ') || 'none'}${n.relatesTo?.length ? html`; replaces ${n.relatesTo.map((r) => r.target.reference).join(', ')}` : ''}${n.context?.encounter?.length ? html`; encounter ${n.context.encounter.map((e) => e.reference).join(', ')}` : ''}</p>
<pre>${decoded(n.content[0]?.attachment.data)}</pre>
</article>`) : html`<p>None.</p>`}
<h2>Answers (${answers.length})</h2>
${answers.length ? html`<ul>${answers.map((a) => html`<li data-testid="written-answers" data-id="${a.id}">QuestionnaireResponse/${a.id}: ${a.status}, ${a.authored ?? ''}, ${a.item?.length ?? 0} answers${a.author ? html`, by ${a.author.reference}` : ''}</li>`)}</ul>` : html`<p>None.</p>`}
<h2>Proposed orders (${orders.length})</h2>
${orders.length ? html`<ul>${orders.map((o) => html`<li data-testid="written-order" data-id="${o.id}">${o.code?.text ?? ''} (${o.code?.coding?.map((c) => c.code).join(', ') ?? ''}): ${o.status}/${o.intent}${o.requester ? html`, by ${o.requester.reference}` : ''}</li>`)}</ul>` : html`<p>None.</p>`}
</main>`,
  );
}
