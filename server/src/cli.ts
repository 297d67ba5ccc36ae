// `layerwise`: the same analysis as the editor, for CI. See docs/cli.md; the parts live in cli/.
import * as fs from 'fs';
import { run } from './cli/main';

const code = run(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  readStdin: () => fs.readFileSync(0, 'utf8'),
  cwd: process.cwd(),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
});
// build and plan are asynchronous; lint and rules return their exit code at once.
void Promise.resolve(code).then(c => { process.exitCode = c; });
