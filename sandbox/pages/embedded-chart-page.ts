// A mock EHR chart that embeds the app in an iframe, as EHRs do: the chart shows its own patient
// header, so the launch tells the app need_patient_banner=false.
import type { DirectoryEntry } from '../patient-directory';
import { html, page } from '../http/html';

export function embeddedChartPage(patient: DirectoryEntry, appLaunchUrl: string, launcherUrl: string, orderUrl?: string): string {
  return page(
    `Chart: ${patient.name}`,
    html`<header class="chart-header" data-testid="chart-header" data-patient-id="${patient.id}">
<strong data-testid="chart-patient-name">${patient.name}</strong>
<span>${patient.sex}, ${patient.age ?? '?'} y</span>
<span>DOB ${patient.birthDate ?? 'unknown'}</span>
<span>MRN <code>${patient.id}</code></span>
<a href="/ehr/written?patient=${encodeURIComponent(patient.id)}" target="_blank" data-testid="chart-written">Written by apps</a>
<a href="${launcherUrl}">Launcher</a>
${orderUrl ? html`<a href="${orderUrl}" data-testid="chart-order-link">Order kyphoplasty</a>` : ''}
</header>
<iframe class="embedded-app" data-testid="embedded-app" title="Kyphoplasty Candidacy" src="${appLaunchUrl}"></iframe>`,
  );
}
