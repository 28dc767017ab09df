// launch.html's entry: the EHR calls it with iss (+ launch); opened without, it offers a server picker.
import FHIR from 'fhirclient';
import '../src/ui/styles.css';
import { bootLaunch } from '../src/app/boot-launch';

bootLaunch(document.getElementById('app') ?? document.body, new URL(window.location.href), (params) => FHIR.oauth2.authorize(params));
