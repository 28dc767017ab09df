import { build } from 'vite';
import { pageScriptSize } from '/work/main/bench/size';
const dir = '/tmp/size-build';
await build({ configFile: '/work/main/vite.config.ts', logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
const app = pageScriptSize(dir, 'index.html');
console.log('app', app.gzipKb.toFixed(2), app.files, 'launch', pageScriptSize(dir, 'launch.html', ['index.html']).gzipKb.toFixed(2));
