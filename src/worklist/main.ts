// `npm run -s worklist -- ...`: the population worklist (./run.ts). Exit 0 with the three files, 1 when the
// worklist cannot be made (one `error:` line), 2 for a usage error. Ctrl-C cancels the export on the server.
import { localCalendarDay } from '../clinical/dates';
import { USAGE, UsageError, parseWorklistArgs, type WorklistOptions } from './args';
import { WorklistError } from './errors';
import { runWorklist, type WorklistIo } from './run';

export async function main(argv: string[], io: Partial<WorklistIo> & { stderr?: (text: string) => void } = {}): Promise<number> {
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  let options: WorklistOptions;
  try {
    options = parseWorklistArgs(argv, localCalendarDay(new Date()));
  } catch (error) {
    const message = (error as Error).message;
    if (!(error instanceof UsageError)) throw error;
    stderr(message === 'help' ? `${USAGE}\n` : `error: ${message}\n${USAGE}\n`);
    return message === 'help' ? 0 : 2;
  }
  const controller = new AbortController();
  const signal = io.signal ?? controller.signal;
  const interrupt = () => controller.abort(new Error('interrupted'));
  if (!io.signal) process.once('SIGINT', interrupt);
  try {
    await runWorklist(options, { signal, progress: io.progress ?? ((line) => stderr(`${line}\n`)) });
    return 0;
  } catch (error) {
    if (signal.aborted) {
      stderr('error: interrupted; the running export was cancelled on the server (DELETE)\n');
      return 1;
    }
    if (error instanceof WorklistError) {
      stderr(`error: ${error.message}\n`);
      return 1;
    }
    stderr(`error: unexpected failure: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', interrupt);
  }
}

const invokedDirectly = process.argv[1] !== undefined && /worklist[\\/]main\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    () => { process.exitCode = 1; },
  );
}
