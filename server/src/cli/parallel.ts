// Lints many files on worker threads. The main thread only walks, dispatches paths and prints: each
// worker reads its files, looks up their build context, analyses and renders their part of the report
// (lintFile.ts); parts come back in batches and are handed on in input order as soon as they can be,
// so the report streams out while later files are still being linted. The bundle (dist/cli.js) is also
// the worker's code (see cli.ts).
import * as os from 'os';
import { Worker, parentPort, workerData } from 'worker_threads';
import { FileOutcome, FileSettings, LintTask, lintFile } from './lintFile';
import { LintFormat, PartRenderer } from './format/report';

/** Fewer files than this are linted on the main thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_FILES = 64;

/** Everything a worker needs besides the tasks: the same for every file, sent once. */
export interface WorkerSetup { format: LintFormat; color: boolean; settings: FileSettings[] }

/** Worker threads to use: LAYERWISE_WORKERS when set (1 = none), else one per core, at most 8. */
export function workerCount(files: number): number {
  const configured = Number(process.env.LAYERWISE_WORKERS);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const n = Number.isInteger(configured) && configured > 0 ? configured : Math.min(cores, 8);
  return files < PARALLEL_MIN_FILES ? 1 : Math.max(1, Math.min(n, Math.ceil(files / 16)));
}

/**
 * Worker threads for one lint run. They are started before the configs are looked up, so loading
 * their code overlaps that; run() then lints the tasks and calls `deliver` with each outcome in task
 * order. The script at `entry` must call serveLintJobs().
 */
export class LintPool {
  private readonly workers: Worker[];
  constructor(entry: string, count: number) {
    this.workers = Array.from({ length: count }, () => new Worker(entry, { workerData: { layerwiseLintWorker: true } }));
  }

  run(setup: WorkerSetup, tasks: LintTask[], deliver: (outcome: FileOutcome, index: number) => void): Promise<void> {
    const done = new Array<FileOutcome | undefined>(tasks.length);
    let delivered = 0;
    let next = 0;
    // Small batches keep every worker busy to the end and the report flowing, without a message per
    // file; two batches in flight per worker so it never waits for the main thread.
    const batch = Math.max(1, Math.min(16, Math.ceil(tasks.length / (this.workers.length * 16))));
    const runWorker = (worker: Worker) => new Promise<void>((resolve, reject) => {
      const inFlight: number[][] = [];
      const feed = () => {
        if (next >= tasks.length) return false;
        const ids: number[] = [];
        for (let i = 0; i < batch && next < tasks.length; i++) ids.push(next++);
        inFlight.push(ids);
        worker.postMessage(ids.map(i => tasks[i]));
        return true;
      };
      worker.on('message', (outcomes: FileOutcome[]) => {
        const ids = inFlight.shift() as number[];
        outcomes.forEach((o, k) => { done[ids[k]] = o; });
        while (delivered < tasks.length && done[delivered]) {
          const o = done[delivered] as FileOutcome;
          done[delivered] = undefined;
          deliver(o, delivered++);
        }
        if (!feed() && inFlight.length === 0) worker.postMessage(null);
      });
      worker.on('error', reject);
      worker.on('exit', () => inFlight.length === 0 ? resolve() : reject(new Error('a lint worker thread stopped before it finished its files')));
      worker.postMessage(setup);
      if (feed()) feed();
      else worker.postMessage(null);
    });
    return Promise.all(this.workers.map(runWorker)).then(() => undefined, error => {
      // One failed: the report cannot be whole, so the others stop too.
      this.stop();
      throw error;
    });
  }

  /** Ends the threads without waiting for them (a run that will not happen, or failed). */
  stop(): void {
    for (const w of this.workers) void w.terminate();
  }
}

/** True (and serving) when this thread was started by LintPool. */
export function serveLintJobs(): boolean {
  if (!parentPort || !(workerData as { layerwiseLintWorker?: boolean } | undefined)?.layerwiseLintWorker) return false;
  const port = parentPort;
  let setup: WorkerSetup | undefined;
  let renderer: PartRenderer | undefined;
  port.on('message', (message: WorkerSetup | LintTask[] | null) => {
    // No more work: closing the port lets the thread end on its own.
    if (message === null) { port.close(); return; }
    if (!Array.isArray(message)) { setup = message; renderer = new PartRenderer(setup.format, setup.color); return; }
    const { settings } = setup as WorkerSetup;
    port.postMessage(message.map(t => lintFile(t, settings[t.settings], renderer as PartRenderer)));
  });
  return true;
}
