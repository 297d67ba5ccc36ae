// Lints many files on worker threads: each worker runs the same analyze() on a share of the
// files and sends back plain findings; results come back in input order, so the report is the
// same as from one thread. The bundle (dist/cli.js) is also the worker's code (see cli.ts).
import * as os from 'os';
import { Worker, parentPort, workerData } from 'worker_threads';
import { analyze } from '../analysis/analyze';
import { AnalysisOptions, Finding } from '../analysis/types';
import { contextReaderOf } from './files';

/** Fewer files than this are linted on the main thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_FILES = 64;

/** What crosses to a worker: the text, its path (the worker reads its build context) and the options without callbacks. */
export interface LintJob { text: string; file: string; options: Omit<AnalysisOptions, 'onRuleError' | 'previous' | 'readContextFile'> }
export interface LintOutcome { findings: Finding[]; ruleErrors: Array<{ ruleId: string; message: string }> }

/** Worker threads to use: LAYERWISE_WORKERS when set (1 = none), else one per core, at most 8. */
export function workerCount(files: number): number {
  const configured = Number(process.env.LAYERWISE_WORKERS);
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const n = Number.isInteger(configured) && configured > 0 ? configured : Math.min(cores, 8);
  return files < PARALLEL_MIN_FILES ? 1 : Math.max(1, Math.min(n, Math.ceil(files / 16)));
}

export function lintOne(job: LintJob): LintOutcome {
  const ruleErrors: LintOutcome['ruleErrors'] = [];
  const { findings } = analyze(job.text, {
    ...job.options,
    readContextFile: contextReaderOf(job.file),
    onRuleError: (ruleId, error) => { ruleErrors.push({ ruleId, message: error instanceof Error ? error.message : String(error) }); },
  });
  return { findings, ruleErrors };
}

/** Lints the jobs on `workers` threads (the script at `entry` must call serveLintJobs()); outcomes in job order. */
export function lintInWorkers(entry: string, jobs: LintJob[], workers: number): Promise<LintOutcome[]> {
  const out = new Array<LintOutcome>(jobs.length);
  let next = 0;
  // Small batches keep every worker busy to the end without a message per file.
  const batch = Math.max(1, Math.min(32, Math.ceil(jobs.length / (workers * 8))));
  const runWorker = () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(entry, { workerData: { layerwiseLintWorker: true } });
    let sent: number[] = [];
    const feed = () => {
      if (next >= jobs.length) { void worker.terminate().then(() => resolve()); return; }
      sent = [];
      for (let i = 0; i < batch && next < jobs.length; i++) sent.push(next++);
      worker.postMessage(sent.map(i => jobs[i]));
    };
    worker.on('message', (outcomes: LintOutcome[]) => { outcomes.forEach((o, k) => { out[sent[k]] = o; }); feed(); });
    worker.on('error', reject);
    feed();
  });
  return Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, runWorker)).then(() => out);
}

/** True (and serving) when this thread was started by lintInWorkers. */
export function serveLintJobs(): boolean {
  if (!parentPort || !(workerData as { layerwiseLintWorker?: boolean } | undefined)?.layerwiseLintWorker) return false;
  const port = parentPort;
  port.on('message', (batch: LintJob[]) => port.postMessage(batch.map(lintOne)));
  return true;
}
