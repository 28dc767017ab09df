// The record's size against the FHIR JSON it came from (issue 12: no larger), at 200,000 Observations: heap
// retained by the parsed Bundle, then by the record built from it, each measured after a full collection.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { recordFromBundle } from '../src/fhir/bundle';
import { generatedBundle } from './engine';

export interface MemoryFigures {
  observations: number;
  jsonTextMb: number;
  parsedJsonMb: number;
  recordMb: number;
}

export function memoryFigures(observations = 200_000): MemoryFigures {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const json = JSON.stringify(generatedBundle(observations));
  const start = heap();
  const parsed = JSON.parse(json) as unknown;
  const afterParse = heap();
  const record = recordFromBundle(parsed);
  const afterRecord = heap();
  const mb = (bytes: number) => bytes / 2 ** 20;
  // Both kept alive until measured.
  if (record.observations.length !== observations || !parsed) throw new Error('the generated record lost Observations');
  return { observations, jsonTextMb: mb(json.length), parsedJsonMb: mb(afterParse - start), recordMb: mb(afterRecord - afterParse) };
}
