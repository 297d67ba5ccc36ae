// Runs analyses in slices on the event loop, so the server keeps reading messages while one runs
// and a change arriving meanwhile supersedes it: an analysis is a generator of steps
// (analysis/analyze.ts analysisSteps); a slice runs steps for about SLICE_MS, then the loop turns
// (the connection reads what arrived, a didChange bumps the version), and before the next slice
// the caller's `wanted()` decides whether the result can still be published. A dropped analysis
// leaves nothing behind (no stale publish, no queue): the newest version gets its own.

/** Long enough that the pauses cost little (a turn of the loop is ~0.1 ms), short enough that a keystroke waits little. */
export const SLICE_MS = 8;

/** What runInSlices gives back when `wanted()` said no before the steps were done. */
export const SUPERSEDED = Symbol('superseded');

/**
 * Input (a client message) arrived during this turn of the loop and the connection has not handled
 * it yet (it does so in this turn's check phase, after the slice already queued there): the next
 * slice waits one more turn, so a didChange bumps the version before we decide to go on.
 */
let inputWaiting = false;
let clearing: NodeJS.Immediate | undefined;

/** Call from the transport's data/message event. */
export function noteInput(): void {
  inputWaiting = true;
  clearing ??= setImmediate(() => { clearing = undefined; inputWaiting = false; });
}

/** Resolves on a later turn of the event loop, after the I/O and messages that arrived. */
function nextTurn(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve));
}

export interface SliceOptions {
  sliceMs?: number;
  /** Called between slices instead of just waiting a turn (the LSP tests hold an analysis here). */
  between?: (slice: number) => Promise<void>;
  now?: () => number;
}

/**
 * Runs `steps` to the end in slices, or stops at a slice boundary once `wanted()` is false. The
 * first slice runs at once; the result is exactly what running the steps in one go gives.
 */
export async function runInSlices<T>(steps: Generator<void, T, void>, wanted: () => boolean, options: SliceOptions = {}): Promise<T | typeof SUPERSEDED> {
  const sliceMs = options.sliceMs ?? SLICE_MS;
  const now = options.now ?? (() => performance.now());
  for (let slice = 0; ; slice++) {
    if (slice > 0) {
      if (options.between) await options.between(slice);
      else await nextTurn();
      // A message that arrived during the slice is handled first (one more turn), then we look.
      if (inputWaiting) await nextTurn();
      if (!wanted()) { steps.return?.(undefined as unknown as T); return SUPERSEDED; }
    }
    const end = now() + sliceMs;
    for (;;) {
      const next = steps.next();
      if (next.done) return next.value;
      if (now() >= end) break;
    }
  }
}
