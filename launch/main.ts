// launch.html's entry: the EHR calls it with iss (+ launch); opened without, it offers a server picker.
import FHIR from 'fhirclient';
import { getAndCache } from 'fhirclient/lib/lib';
import '../src/ui/styles.css';
import { bootLaunch } from '../src/app/boot-launch';
import { keepLaunchesPerFrame } from '../src/app/frame-launch';

// Each frame keeps its own launch: authorize() must not replace or delete another frame's.
keepLaunchesPerFrame(FHIR.oauth2.settings);
// fhirclient's own cache for the discovery document: read once, checked here, then used by authorize() (issue 22).
bootLaunch(document.getElementById('app') ?? document.body, new URL(window.location.href), (params) => FHIR.oauth2.authorize(params), {
  getJson: (url) => getAndCache(url),
});
