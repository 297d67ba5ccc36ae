// `layerwise`: the same analysis as the editor, for CI. See docs/cli.md; the parts live in cli/.
import { run } from './cli/main';

const code = run(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  stdinFd: 0,
  cwd: process.cwd(),
  color: !!process.stdout.isTTY && !process.env.NO_COLOR,
});
process.exitCode = code;
