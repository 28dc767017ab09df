// launch.html's entry: the EHR calls it with iss (+ launch); opened without, it offers a server picker.
import FHIR from 'fhirclient';
import '../src/ui/styles.css';
import { bootLaunch } from '../src/app/boot-launch';
import { keepLaunchesPerFrame } from '../src/app/frame-launch';

// Each frame keeps its own launch: authorize() must not replace or delete another frame's.
keepLaunchesPerFrame(FHIR.oauth2.settings);
bootLaunch(document.getElementById('app') ?? document.body, new URL(window.location.href), (params) => FHIR.oauth2.authorize(params));
