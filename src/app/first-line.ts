// The first line of an error message. Its own module so the launch page can use it without problems.ts,
// which knows the loader's errors and would bring the loader and the code lists into the launch page.

/** The first line of an error message, without fhirclient's stack-like tails. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : 'unknown error';
  return (message.split('\n')[0] ?? '').trim() || 'unknown error';
}
