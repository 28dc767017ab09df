// `npm run -s assess -- ...`: one Assessment from a Bundle file or an open FHIR server.
// Exit 0 with an assessment, 1 when the input cannot be assessed, 2 for a usage error; never a stack trace.
import { assess } from '../clinical/assess';
import { AnswersError, parseAnswers } from '../clinical/answers';
import { localCalendarDay } from '../clinical/dates';
import type { PatientRecord } from '../clinical/record';
import { summaryText } from '../clinical/summary';
import { RecordError, recordFromBundle } from '../fhir/bundle';
import { PatientUnreadableError, loadRecord } from '../fhir/loader';
import { fetchSource } from '../fhir/source';
import { USAGE, parseCliArgs, type CliOptions } from './args';
import { InputError, MAX_ANSWERS_MB, MAX_BUNDLE_MB, readJsonFile } from './read-json';

async function loadPatientRecord(options: CliOptions): Promise<PatientRecord> {
  if (options.input.kind === 'bundle') {
    return recordFromBundle(await readJsonFile(options.input.file, 'bundle', MAX_BUNDLE_MB), options.patient);
  }
  // One answer of the server is held to the same limit as a bundle file.
  const source = fetchSource(options.input.url, { maxResponseBytes: MAX_BUNDLE_MB * 1024 * 1024 });
  return loadRecord(source, {
    patientId: options.patient!, timeoutMs: 30_000, asOf: options.asOf, searchSupport: options.searchSupport ?? {},
    ...(options.observationPlan ? { observationPlan: options.observationPlan } : {}),
  });
}

export async function main(argv: string[]): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv, localCalendarDay(new Date()));
  } catch (error) {
    const message = (error as Error).message;
    process.stderr.write(message === 'help' ? `${USAGE}\n` : `error: ${message}\n${USAGE}\n`);
    return message === 'help' ? 0 : 2;
  }
  try {
    const answers = options.answersFile ? parseAnswers(await readJsonFile(options.answersFile, 'answers file', MAX_ANSWERS_MB), options.asOf) : {};
    const record = await loadPatientRecord(options);
    const assessment = assess(record, answers, options.asOf);
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(assessment, null, 2)}\n` : `${summaryText(assessment)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError || error instanceof RecordError || error instanceof AnswersError || error instanceof PatientUnreadableError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`error: unexpected failure: ${(error as Error)?.message?.split('\n')[0] ?? String(error)}\n`);
    return 1;
  }
}


main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  () => { process.exitCode = 1; },
);
