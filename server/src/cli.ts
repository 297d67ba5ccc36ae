// `layerwise`: the same analysis as the editor, for CI. See docs/cli.md; the parts live in cli/.
import { run } from './cli/main';
import { serveLintJobs } from './cli/parallel';

// The same bundle runs `layerwise lint`'s worker threads (cli/parallel.ts).
if (!serveLintJobs()) main();

function main(): void {
  const code = run(process.argv.slice(2), {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    stdinFd: 0,
    cwd: process.cwd(),
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
    workerEntry: __filename,
  });
  // inspect, build and plan answer asynchronously (they talk to the engine); lint and rules at once.
  void Promise.resolve(code).then(c => { process.exitCode = c; }, error => {
    process.stderr.write(`layerwise: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  });
}
