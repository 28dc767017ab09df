// index.html's entry: the redirect URI, where the SMART launch completes.
import '../ui/styles.css';
import { bootApp } from './boot';

bootApp(document.getElementById('app') ?? document.body);
