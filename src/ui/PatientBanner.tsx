// The patient banner: name, age, sex, birth date. The app hides it when the EHR says it shows its own
// (need_patient_banner false in the token response).
import type { AssessedPatient } from '../clinical/types';

export function PatientBanner({ patient }: { patient: AssessedPatient }) {
  const age = patient.age !== undefined ? `${patient.age}${patient.ageApproximate ? ' (approx.)' : ''} y` : 'age unknown';
  return (
    <section class="banner" aria-label="Patient" data-testid="patient-banner">
      <h2 class="banner-name">{patient.name ?? 'Unnamed patient'}</h2>
      <dl class="banner-facts">
        <div><dt>Age</dt><dd>{age}</dd></div>
        <div><dt>Sex</dt><dd>{patient.sex ?? 'not recorded'}</dd></div>
        <div><dt>Born</dt><dd>{patient.birthDate ?? 'not recorded'}</dd></div>
        {patient.deceased ? <div><dt>Status</dt><dd>Recorded as deceased</dd></div> : null}
      </dl>
    </section>
  );
}
