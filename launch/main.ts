// launch.html's entry: the EHR calls it with iss (+ launch); opened without, it offers a server picker.
// Built into launch.html itself (build-tools/launch-page.ts): nothing to fetch before it reads the configuration.
import FHIR from 'fhirclient';
import { getAndCache } from 'fhirclient/lib/lib';
import '../src/ui/styles.css';
import { fetchAppPageAhead } from '../src/app/app-page-files';
import { bootLaunch } from '../src/app/boot-launch';
import { preconnectToIssuer } from '../src/app/issuer-preconnect';
import { keepLaunchesPerFrame } from '../src/app/frame-launch';

// The EHR's connection opens while the configuration loads; no request goes to the iss before it is accepted.
preconnectToIssuer(document, new URL(window.location.href));
// Each frame keeps its own launch: authorize() must not replace or delete another frame's.
keepLaunchesPerFrame(FHIR.oauth2.settings);
// fhirclient's own cache for the discovery document: read once, checked here, then used by authorize() (issue 22).
// Discovery is asked only for an iss the configuration accepted (src/app/launch.ts); once it is on its way, the app
// page's files follow: they download during discovery and authorize, not in front of them.
bootLaunch(document.getElementById('app') ?? document.body, new URL(window.location.href), (params) => FHIR.oauth2.authorize(params), {
  getJson: (url) => {
    const discovery = getAndCache(url);
    fetchAppPageAhead(document);
    return discovery;
  },
});
