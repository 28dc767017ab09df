// The EHR launcher (GET /): the sample patients and one form. Buttons submit to /launch, which
// redirects to the app, so the page needs no script. Stable data-* attributes are for browser tests.
import type { DirectoryEntry } from '../patient-directory';
import { html, page } from '../http/html';
import { SIMULATION_LABELS, SIMULATIONS } from '../auth/simulation';
import { EHR_PROFILES, PROFILES, type EhrProfileName } from '../fhir/ehr-profiles';

export interface LauncherView {
  patients: DirectoryEntry[];
  fhirBaseUrl: string;
  appOrigin: string;
  clientId: string;
  redirectUris: string[];
  /** The sandbox's EHR profile: what a launch gets when the select is left at its first option. */
  ehrProfile?: EhrProfileName;
  /** The direct EHR-launch URL (no simulation) for a patient, shown for copying. */
  ehrLaunchUrl(patientId: string): string;
}

function patientRow(view: LauncherView, p: DirectoryEntry) {
  const expected = p.expectedVerdict ?? (p.source === 'synthea' ? 'not worked out (Synthea)' : '');
  return html`<tr data-patient-id="${p.id}" data-source="${p.source}" data-expected-verdict="${p.expectedVerdict ?? ''}">
<td><span class="name" data-testid="patient-name">${p.name}</span><br><code class="id">${p.id}</code></td>
<td>${p.age ?? '?'}${p.deceased ? ' (deceased)' : ''}</td>
<td>${p.sex}</td>
<td>${p.summary}</td>
<td class="verdict">${expected}</td>
<td class="actions">
<button type="submit" name="launch" value="${`ehr:${p.id}`}" data-action="ehr-launch" data-patient-id="${p.id}" data-launch-url="${view.ehrLaunchUrl(p.id)}">EHR launch</button>
<button type="submit" name="launch" value="${`embedded:${p.id}`}" data-action="embedded" data-patient-id="${p.id}">Embedded</button>
<button type="submit" name="launch" value="${`cross-site:${p.id}`}" data-action="embedded-cross-site" data-patient-id="${p.id}" title="The chart on another site than the app: browsers that block third-party storage refuse the framed app its storage">Embedded, other site</button>
</td>
</tr>`;
}

export function launcherPage(view: LauncherView): string {
  const options = SIMULATIONS.map((s) => html`<option value="${s}"${s === 'none' ? html` selected` : ''}>${s === 'none' ? '' : `${s}: `}${SIMULATION_LABELS[s]}</option>`);
  const profiles = [
    html`<option value="" selected>${view.ehrProfile ? `This sandbox's (${view.ehrProfile})` : 'None: the plain sandbox'}</option>`,
    ...EHR_PROFILES.map((p) => html`<option value="${p}">${PROFILES[p].label}</option>`),
  ];
  const vignettes = view.patients.filter((p) => p.source === 'vignette');
  const synthea = view.patients.filter((p) => p.source === 'synthea');
  const table = (rows: DirectoryEntry[], testId: string) => html`<table data-testid="${testId}">
<thead><tr><th>Patient</th><th>Age</th><th>Sex</th><th>Scenario</th><th>Expected verdict (record alone)</th><th>Launch</th></tr></thead>
<tbody>${rows.map((p) => patientRow(view, p))}</tbody>
</table>`;
  return page(
    'Kyphoplasty Candidacy: local SMART sandbox',
    html`<header>
<h1>Kyphoplasty Candidacy: local SMART sandbox</h1>
<dl class="facts">
<dt>FHIR base (iss)</dt><dd><code data-testid="fhir-base-url">${view.fhirBaseUrl}</code></dd>
<dt>App</dt><dd><code data-testid="app-origin">${view.appOrigin}</code></dd>
<dt>Client id</dt><dd><code data-testid="client-id">${view.clientId}</code></dd>
<dt>Redirect URIs</dt><dd>${view.redirectUris.map((u) => html`<code>${u}</code> `)}</dd>
</dl>
</header>
<main>
<form method="get" action="/launch" data-testid="launch-form">
<p class="controls">
<label for="error-simulation">Error simulation</label>
<select id="error-simulation" name="sim" data-testid="error-simulation">${options}</select>
<label for="ehr-profile">EHR profile</label>
<select id="ehr-profile" name="profile" data-testid="ehr-profile">${profiles}</select>
<button type="submit" name="mode" value="standalone" data-action="standalone-launch">Standalone launch (pick the patient at the EHR)</button>
</p>
<h2>Scenario patients</h2>
${table(vignettes, 'vignette-patients')}
${synthea.length ? html`<h2>Synthea patients (re-dated to end yesterday)</h2>${table(synthea, 'synthea-patients')}` : ''}
</form>
</main>`,
  );
}
