// The one result format both e2e layers write, so the runner can print a closing "N passed, N failed".
import * as fs from 'fs';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  /** "full title: message" per failed test or hook. */
  failures: string[];
}

/** Collects pass/fail counts from a mocha runner and writes them to `file` when the run ends. */
export function recordResults(runner: Mocha.Runner, suite: string, file: string | undefined): void {
  const result: SuiteResult = { suite, passed: 0, failed: 0, failures: [] };
  runner.on('pass', () => { result.passed++; });
  runner.on('fail', (test: Mocha.Runnable, err: Error) => {
    result.failed++;
    result.failures.push(`${test.fullTitle()}: ${String(err?.message ?? err).split('\n')[0]}`);
  });
  runner.once('end', () => {
    if (file) fs.writeFileSync(file, JSON.stringify(result, null, 2));
  });
}
