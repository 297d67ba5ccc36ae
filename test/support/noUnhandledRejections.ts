// Mocha root hooks (loaded with `require` in .mocharc.json): an unhandled promise rejection or an uncaught
// exception anywhere fails the run. Mocha itself re-emits user rejections on `process` and, with nobody
// listening there, they would vanish silently; here they are recorded and fail the test that produced
// them (or the run, when they surface after the last test).

const problems: string[] = [];
let reported = 0;
// Mocha re-emits each rejection on `process`, so the same promise reaches us twice.
const seenPromises = new WeakSet<Promise<unknown>>();

function describe(kind: string, reason: unknown): string {
  const text = reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : String(reason);
  return `${kind}: ${text}`;
}

process.on('unhandledRejection', (reason, promise) => {
  if (seenPromises.has(promise)) return;
  seenPromises.add(promise);
  problems.push(describe('unhandled rejection', reason));
});
// A monitor only observes: Mocha's own handler still fails the running test, and outside a run Node still crashes.
process.on('uncaughtExceptionMonitor', err => { problems.push(describe('uncaught exception', err)); });

/** Throws (failing the current hook) when something new was recorded since the last check. */
function failOnNew(where: string): void {
  if (problems.length === reported) return;
  const fresh = problems.slice(reported);
  reported = problems.length;
  throw new Error(`${fresh.length} unhandled failure(s) ${where}:\n${fresh.join('\n')}`);
}

export const mochaHooks = {
  afterEach(this: { currentTest?: { fullTitle(): string; state?: string } }): void {
    // An uncaught exception during a test is already that test's failure (Mocha's own handler): report it once.
    if (this.currentTest?.state === 'failed' && problems.slice(reported).every(p => p.startsWith('uncaught exception'))) {
      reported = problems.length;
      return;
    }
    failOnNew(`during "${this.currentTest?.fullTitle() ?? 'a test'}"`);
  },
  afterAll(): void {
    failOnNew('after the last test');
  },
};

// Rejections of timers or streams that outlive every hook still make the run fail.
process.on('exit', () => {
  if (problems.length === reported) return;
  process.stderr.write(`\n${problems.length - reported} unhandled failure(s) after the test run:\n${problems.slice(reported).join('\n')}\n`);
  // exit() here, not exitCode: Mocha's own exit listener runs later and would overwrite the code.
  process.exit(1);
});
