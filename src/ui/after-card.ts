// What the physician reads after the verdict (the details, the note, Save to chart, the evaluator's name) is requested
// once the card is on screen and the browser is idle: the browser budget counts every script fetched before the
// verdict shows (60 KB gzip), and none of these is needed to show it.

/** The longest the details wait for an idle moment after the card has painted (a busy page still gets them). */
const IDLE_TIMEOUT_MS = 300;

type IdleWindow = { requestIdleCallback?: (run: () => void, options?: { timeout: number }) => number; cancelIdleCallback?: (id: number) => void };

/**
 * Calls `start` after the next paint, at the browser's next idle moment (or after IDLE_TIMEOUT_MS). Returns a cancel
 * function for an effect's cleanup. Where the environment has neither animation frames nor idle callbacks (tests),
 * a timer stands in.
 */
export function afterCardShown(start: () => void): () => void {
  const w = globalThis as typeof globalThis & IdleWindow;
  let cancelled = false;
  let idle: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onIdle = () => {
    if (cancelled) return;
    if (w.requestIdleCallback) idle = w.requestIdleCallback(() => !cancelled && start(), { timeout: IDLE_TIMEOUT_MS });
    else timer = setTimeout(() => !cancelled && start(), 0);
  };
  // After the frame that shows the card: a timer queued from an animation frame runs once that frame is painted.
  const frame = typeof w.requestAnimationFrame === 'function' ? w.requestAnimationFrame(() => { timer = setTimeout(onIdle, 0); }) : undefined;
  if (frame === undefined) timer = setTimeout(onIdle, 0);
  return () => {
    cancelled = true;
    if (frame !== undefined) w.cancelAnimationFrame?.(frame);
    if (timer !== undefined) clearTimeout(timer);
    if (idle !== undefined) w.cancelIdleCallback?.(idle);
  };
}
