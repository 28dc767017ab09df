// Worker entry: the worklist runs under tsx, and a worker thread starts without its loader, so register it here
// before importing the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./assess-worker.ts', import.meta.url).href);
