// A scavenge (V8's young-generation collection) while the server waits for the next keystroke.
// Each analysis allocates a few hundred KB; with the small young generation the server runs with
// (--max-semi-space-size=2, for RSS), every third or fourth edit used to pay a scavenge of a few
// milliseconds in the middle of its analysis: most of the slow tail of edit → diagnostics (#13).
// Collected right after a publish, when nothing else is queued, the young generation is empty
// when the next edit arrives, and that edit's analysis fits in it.
import * as v8 from 'v8';
import * as vm from 'vm';

type Collect = (options: { type: 'minor' | 'major'; execution: 'sync' | 'async' }) => void;

let collect: Collect | undefined | null;

/** V8's `gc`: the global one when Node was started with --expose-gc, else obtained once the way that flag would. */
function collector(): Collect | undefined {
  if (collect !== undefined) return collect ?? undefined;
  collect = null;
  try {
    const global = (globalThis as { gc?: Collect }).gc;
    if (typeof global === 'function') return (collect = global);
    // The flag only takes effect for contexts made after it is set: a new context's `gc`, then the flag off again.
    v8.setFlagsFromString('--expose-gc');
    const fn = vm.runInNewContext('gc') as Collect;
    v8.setFlagsFromString('--no-expose-gc');
    if (typeof fn === 'function') collect = fn;
  } catch {
    // No collector: edits simply keep paying their own scavenges.
  }
  return collect ?? undefined;
}

let scheduled = false;

/**
 * After the current I/O has been read (two turns of the event loop), a scavenge when `idle()`
 * still says nothing is waiting. At most one is scheduled at a time.
 */
export function scavengeWhenIdle(idle: () => boolean): void {
  if (scheduled || process.env.LAYERWISE_IDLE_SCAVENGE === '0') return;
  scheduled = true;
  setImmediate(() => setImmediate(() => {
    scheduled = false;
    if (!idle()) return;
    collector()?.({ type: 'minor', execution: 'sync' });
  }));
}
