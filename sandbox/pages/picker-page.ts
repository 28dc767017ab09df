// The standalone-launch patient picker: one button per sample patient, posting to /auth/pick
// with the id of the already-validated authorize request (kept server-side).
import type { DirectoryEntry } from '../patient-directory';
import { html, page } from '../http/html';

export function patientPickerPage(requestId: string, patients: DirectoryEntry[], clientId: string): string {
  const rows = patients.map(
    (p) => html`<tr data-patient-id="${p.id}">
<td>${p.name}</td><td>${p.age ?? '?'}</td><td>${p.sex}</td><td>${p.summary}</td>
<td><button type="submit" name="patient" value="${p.id}" data-action="pick-patient" data-patient-id="${p.id}">Select</button></td>
</tr>`,
  );
  return page(
    'Select a patient',
    html`<main>
<h1>Select a patient</h1>
<p>The app <code>${clientId}</code> asks for access to one patient's record (standalone launch).</p>
<form method="post" action="/auth/pick" data-testid="patient-picker">
<input type="hidden" name="request" value="${requestId}">
<table>
<thead><tr><th>Patient</th><th>Age</th><th>Sex</th><th>Scenario</th><th></th></tr></thead>
<tbody>${rows}</tbody>
</table>
<p><button type="submit" name="deny" value="1" data-action="deny">Deny access</button></p>
</form>
</main>`,
  );
}
