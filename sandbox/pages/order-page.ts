// The mock chart's order entry: "Order kyphoplasty" sends the draft order to the CDS service's
// order-select and order-sign hooks and shows the cards as an EHR would. Card text is shown as
// text (markdown escapes removed), never as markup.
import type { HookCall } from '../cds-client/ehr-cds-client';
import { html, page, type SafeHtml } from '../http/html';
import type { DirectoryEntry } from '../patient-directory';

export const ORDERABLE_LEVELS = [...Array.from({ length: 12 }, (_, i) => `T${i + 1}`), ...Array.from({ length: 5 }, (_, i) => `L${i + 1}`)];

function chartHeader(patient: DirectoryEntry, launcherUrl: string): SafeHtml {
  return html`<header class="chart-header" data-testid="chart-header" data-patient-id="${patient.id}">
<strong data-testid="chart-patient-name">${patient.name}</strong>
<span>${patient.sex}, ${patient.age ?? '?'} y</span>
<span>MRN <code>${patient.id}</code></span>
<a href="${launcherUrl}">Launcher</a>
</header>`;
}

function orderForm(patientId: string, level: string): SafeHtml {
  return html`<form method="post" action="/ehr/order" class="controls" data-testid="order-form">
<input type="hidden" name="patient" value="${patientId}">
<label>Level <select name="level" data-testid="order-level">${ORDERABLE_LEVELS.map((l) => html`<option value="${l}" ${l === level ? html`selected` : ''}>${l}</option>`)}</select></label>
<button type="submit" data-testid="order-kyphoplasty">Order kyphoplasty</button>
</form>`;
}

export function orderEntryPage(patient: DirectoryEntry, launcherUrl: string): string {
  return page(`Orders: ${patient.name}`, html`${chartHeader(patient, launcherUrl)}
<main class="narrow"><h1>Order entry</h1>
<p>Vertebral augmentation (CPT 22513 thoracic, 22514 lumbar) as a draft order. The CDS service reviews it when it is selected and when it is signed.</p>
${orderForm(patient.id, 'L1')}</main>`);
}

/** Markdown as plain text: the escapes the service added are dropped; the browser shows the rest as text. */
function plainText(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()<>#+\-.!|~&=])/g, '$1').replace(/\*\*/g, '');
}

export interface CardLaunch {
  /** The URL of the EHR's own launch route for this card's smart link. */
  href: string;
}

function cardView(call: HookCall, launches: (call: HookCall, linkIndex: number) => CardLaunch | undefined): SafeHtml {
  return html`${call.cards.map(
    (card) => html`<section class="${`cds-card cds-${card.indicator}`}" data-testid="cds-card" data-hook="${call.hook}" data-indicator="${card.indicator}">
<p><span class="cds-indicator">${card.indicator}</span> <strong data-testid="cds-card-summary">${card.summary}</strong></p>
${card.detail ? html`<pre class="cds-detail" data-testid="cds-card-detail">${plainText(card.detail)}</pre>` : ''}
${card.suggestions?.length ? html`<p>Suggestions:</p><ul data-testid="cds-card-suggestions">${card.suggestions.map((s) => html`<li>${s.label}</li>`)}</ul>` : ''}
${(card.links ?? []).map((link, i) => {
  const launch = link.type === 'smart' ? launches(call, i) : undefined;
  return launch ? html`<p><a href="${launch.href}" data-testid="cds-card-app-link">${link.label}</a></p>` : html`<p>${link.label}: <code>${link.url}</code></p>`;
})}
${card.source?.label ? html`<p class="cds-source">Source: ${card.source.label}</p>` : ''}
</section>`,
  )}`;
}

export function orderResultPage(
  patient: DirectoryEntry,
  level: string,
  calls: HookCall[],
  launcherUrl: string,
  launches: (call: HookCall, linkIndex: number) => CardLaunch | undefined,
): string {
  return page(`Orders: ${patient.name}`, html`${chartHeader(patient, launcherUrl)}
<main class="narrow"><h1>Kyphoplasty ${level}: decision support</h1>
${calls.map((call) => html`<h2>${call.hook} (${call.serviceId})</h2>
${call.error ? html`<p class="error" data-testid="cds-error">The service answered ${call.status}: ${call.error}</p>` : ''}
${!call.error && call.cards.length === 0 ? html`<p>No cards.</p>` : ''}
${cardView(call, launches)}`)}
${orderForm(patient.id, level)}</main>`);
}
