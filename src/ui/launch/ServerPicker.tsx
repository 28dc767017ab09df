// Opened without `iss`: pick a FHIR server for a standalone launch (or follow the EHR-launch hints).
import { useEffect, useState } from 'preact/hooks';
import type { EhrConfig } from '../../app/config';
import { pickerServers } from '../../app/launch-servers';

const launchHref = (iss: string) => `launch.html?${new URLSearchParams({ iss }).toString()}`;

export interface ServerPickerProps {
  /** The deployment's configuration (launch.html preloads it): it names the local sandbox's port. */
  config?: () => Promise<readonly EhrConfig[]>;
}

export function ServerPicker({ config }: ServerPickerProps) {
  // The defaults show at once; a configuration that cannot be read leaves them, as the launch itself will say why.
  const [{ servers, launcher }, setPicker] = useState(() => pickerServers());
  useEffect(() => {
    config?.().then((configs) => setPicker(pickerServers(configs)), () => {});
  }, [config]);
  return (
    <section aria-labelledby="picker-heading">
      <h2 id="picker-heading">Choose a FHIR server</h2>
      <p>
        This app is normally launched from the patient's chart (an EHR launch). Without an EHR, start a standalone launch
        here: you sign in at the server and choose a patient there.
      </p>
      <ul class="servers">
        {servers.map((server) => (
          <li key={server.name}>
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
        EHR launch on this machine: open the sandbox launcher at <a href={launcher}>{launcher}</a>.
      </p>
    </section>
  );
}
