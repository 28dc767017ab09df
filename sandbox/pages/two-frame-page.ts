// A mock EHR page that shows two patients side by side, each with the app in its own frame (as EHR
// dashboards and split views do): the frames share the app's origin, and so its sessionStorage.
import type { DirectoryEntry } from '../patient-directory';
import { html, page } from '../http/html';

export interface FramedPatient {
  patient: DirectoryEntry;
  appLaunchUrl: string;
}

export function twoFramePage(framed: readonly FramedPatient[], launcherUrl: string): string {
  return page(
    'Chart: two patients',
    html`<header class="chart-header"><strong>Two charts</strong> <a href="${launcherUrl}">Launcher</a></header>
<div class="side-by-side">
${framed.map(
  ({ patient, appLaunchUrl }, index) => html`<section class="chart-pane" data-testid="chart-pane" data-patient-id="${patient.id}">
<p class="chart-header"><strong data-testid="chart-patient-name">${patient.name}</strong> <span>MRN <code>${patient.id}</code></span></p>
<iframe class="embedded-app" data-testid="embedded-app-${index + 1}" data-patient-id="${patient.id}" title="${`Kyphoplasty Candidacy: ${patient.name}`}" src="${appLaunchUrl}"></iframe>
</section>`,
)}
</div>`,
  );
}
