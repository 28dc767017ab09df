// A JSON file from the command line, read only when it is within the stated size: a bundle of hundreds of
// megabytes ends with one readable error line, never an out-of-memory crash.
import { readFile, stat } from 'node:fs/promises';

/** Input that cannot be read; its message is the `error:` line. */
export class InputError extends Error {
  override name = 'InputError';
}

export const MAX_BUNDLE_MB = 200;
export const MAX_ANSWERS_MB = 1;

function cannotRead(file: string, what: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(`cannot read ${what} ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`);
}

export async function readJsonFile(file: string, what: string, maxMegabytes: number): Promise<unknown> {
  try {
    const { size } = await stat(file);
    if (size > maxMegabytes * 1024 * 1024) throw new InputError(`the ${what} is larger than ${maxMegabytes} MB`);
  } catch (error) {
    throw error instanceof InputError ? error : cannotRead(file, what, error);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw cannotRead(file, what, error);
  }
  try {
    // Editors on Windows save UTF-8 with a byte order mark; it is not part of the JSON.
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new InputError(`${what} ${file} is not JSON`);
  }
}
