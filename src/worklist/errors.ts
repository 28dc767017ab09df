// The one error the worklist stops on: its message is the `error:` line (exit 1), written for the person running it.
export class WorklistError extends Error {
  override name = 'WorklistError';
}
