// Opened without `iss`: pick a FHIR server for a standalone launch (or follow the EHR-launch hints).
import { KNOWN_SERVERS, LOCAL_LAUNCHER } from '../../app/known-servers';

const launchHref = (iss: string) => `launch.html?${new URLSearchParams({ iss }).toString()}`;

export function ServerPicker() {
  return (
    <section aria-labelledby="picker-heading">
      <h2 id="picker-heading">Choose a FHIR server</h2>
      <p>
        This app is normally launched from the patient's chart (an EHR launch). Without an EHR, start a standalone launch
        here: you sign in at the server and choose a patient there.
      </p>
      <ul class="servers">
        {KNOWN_SERVERS.map((server) => (
          <li key={server.iss}>
            <a href={launchHref(server.iss)}>{server.name}</a>
            <span class="server-iss"> <code>{server.iss}</code></span>
            <p class="hint">{server.note}</p>
          </li>
        ))}
      </ul>
      <form class="custom-server" method="get" action="launch.html">
        <label for="custom-iss">Another FHIR server (base URL)</label>
        <input id="custom-iss" name="iss" type="url" required placeholder="https://example.org/fhir" />
        <button type="submit">Launch</button>
      </form>
      <p class="hint">
        EHR launch on this machine: open the sandbox launcher at <a href={LOCAL_LAUNCHER}>{LOCAL_LAUNCHER}</a>.
      </p>
    </section>
  );
}
